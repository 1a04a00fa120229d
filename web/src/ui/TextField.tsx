/**
 * A labelled text input with an optional hint and an error beside it.
 *   <TextField label={t("login.email.label")} type="email" autoComplete="username"
 *              value={email} onChange={setEmail} error={errors.email} />
 * `note` is shown under the input (e.g. a live remark on what was typed);
 * `describedBy` names further elements that describe the field (e.g.
 * password rules shown above the form). Other input attributes (name,
 * inputMode, …) pass through.
 */
import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { FieldError, FieldHint, describedBy, useFieldIds } from "./Field";

export interface TextFieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value" | "id" | "children"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  id?: string;
  ref?: Ref<HTMLInputElement>;
  /** Rendered right after the input, inside the field (e.g. a button). */
  after?: ReactNode;
  /** Shown under the input and read with it. */
  note?: ReactNode;
  /** Ids of other elements that describe this field. */
  describedBy?: string | undefined;
}

export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  id,
  ref,
  after,
  note,
  describedBy: extraDescribedBy,
  className,
  ...input
}: TextFieldProps) {
  const ids = useFieldIds(id);
  const describedByIds = [extraDescribedBy, describedBy(ids, hint, error, note)].filter(Boolean).join(" ");
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label className="field-label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldHint id={ids.hintId}>{hint}</FieldHint>
      <FieldError id={ids.errorId}>{error}</FieldError>
      <div className="field-row">
        <input
          type="text"
          {...input}
          ref={ref}
          id={ids.controlId}
          className={`input${className ? ` ${className}` : ""}`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedByIds || undefined}
        />
        {after}
      </div>
      {note && (
        <div id={ids.extraId} className="field-note">
          {note}
        </div>
      )}
    </div>
  );
}
