/**
 * A labelled `<select>` with a placeholder option, hint and error.
 *   <Select label="Question 1" value={id} onChange={setId}
 *           placeholder="Choose a question" options={[{ value: "q1", label: "…" }]} />
 */
import type { ReactNode, Ref, SelectHTMLAttributes } from "react";
import { FieldError, FieldHint, describedBy, useFieldIds } from "./Field";

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, "onChange" | "value" | "id" | "children"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** Text of an empty first option (value ""); none when undefined. */
  placeholder?: string;
  error?: string | undefined;
  hint?: ReactNode;
  id?: string;
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ label, value, onChange, options, placeholder, error, hint, id, ref, ...select }: SelectProps) {
  const ids = useFieldIds(id);
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label className="field-label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldHint id={ids.hintId}>{hint}</FieldHint>
      <FieldError id={ids.errorId}>{error}</FieldError>
      <select
        {...select}
        ref={ref}
        id={ids.controlId}
        className="input select"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(ids, hint, error)}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
