/**
 * A single checkbox with its label to the right and an error above.
 *   <Checkbox label="I accept the terms of use" checked={ok} onChange={setOk} error={err} />
 */
import type { InputHTMLAttributes, ReactNode, Ref } from "react";
import { FieldError, FieldHint, describedBy, useFieldIds } from "./Field";

export interface CheckboxProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "checked" | "id" | "type" | "children"> {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string | undefined;
  hint?: ReactNode;
  id?: string;
  ref?: Ref<HTMLInputElement>;
}

export function Checkbox({ label, checked, onChange, error, hint, id, ref, ...input }: CheckboxProps) {
  const ids = useFieldIds(id);
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <FieldError id={ids.errorId}>{error}</FieldError>
      <div className="choice">
        <input
          {...input}
          ref={ref}
          className="choice-input"
          type="checkbox"
          id={ids.controlId}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(ids, hint, error)}
        />
        <label className="choice-label" htmlFor={ids.controlId}>
          {label}
        </label>
        {hint && (
          <div className="choice-hint">
            <FieldHint id={ids.hintId}>{hint}</FieldHint>
          </div>
        )}
      </div>
    </div>
  );
}
