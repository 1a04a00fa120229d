/**
 * The shared UI kit. Import from here:
 *   import { Alert, Button, PageHeading, TextField, useAsyncAction } from "../ui";
 * Controls: TextField, PasswordField, NewPasswordFields (+ checkNewPassword),
 * Select, RadioGroup, Checkbox, TextArea, Button. Messages: Alert
 * (role="alert"), Notice (role="status"). Views: PageHeading (h1 that takes
 * the focus and sets the title), Card. Hooks: useCountdown, useAsyncAction.
 * Formatting: formatClock ("0:42"), formatTimeOfDay, dayStart (a date
 * filter's day as a timestamp).
 */
export { Alert, Notice } from "./Alert";
export { Button } from "./Button";
export type { ButtonProps } from "./Button";
export { Card } from "./Card";
export { Checkbox } from "./Checkbox";
export { focusFirstInvalid, useAsyncAction } from "./forms";
export { dayStart, formatClock, formatTimeOfDay, formatWait } from "./format";
export { NewPasswordFields, checkNewPassword, hasEdgeSpace } from "./NewPasswordFields";
export type { NewPasswordErrors } from "./NewPasswordFields";
export { PageHeading, useDocumentTitle } from "./PageHeading";
export { PasswordField } from "./PasswordField";
export { PasswordRules, localPart } from "./PasswordRules";
export { RadioGroup } from "./RadioGroup";
export type { RadioOption } from "./RadioGroup";
export { Select } from "./Select";
export type { SelectOption } from "./Select";
export { TextArea, characterCount } from "./TextArea";
export { TextField } from "./TextField";
export { secondsLeft, useCountdown } from "./useCountdown";
