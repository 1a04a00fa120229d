/**
 * Radio buttons in a `<fieldset>` whose `<legend>` names the choice.
 *   <RadioGroup legend="How would you like to reset your password?" name="method"
 *               value={method} onChange={setMethod}
 *               options={[{ value: "questions", label: "Answer Security Questions" }]} />
 */
import type { ReactNode } from "react";
import { FieldError, FieldHint, describedBy, useFieldIds } from "./Field";

export interface RadioOption<V extends string> {
  value: V;
  label: string;
  hint?: ReactNode;
}

export interface RadioGroupProps<V extends string> {
  legend: string;
  name: string;
  value: V | undefined;
  onChange: (value: V) => void;
  options: readonly RadioOption<V>[];
  error?: string | undefined;
  hint?: ReactNode;
  id?: string;
}

export function RadioGroup<V extends string>({ legend, name, value, onChange, options, error, hint, id }: RadioGroupProps<V>) {
  const ids = useFieldIds(id);
  return (
    <fieldset
      className={`field fieldset${error ? " field-invalid" : ""}`}
      aria-describedby={describedBy(ids, hint, error)}
    >
      <legend className="field-label">{legend}</legend>
      <FieldHint id={ids.hintId}>{hint}</FieldHint>
      <FieldError id={ids.errorId}>{error}</FieldError>
      <div className="choices">
        {options.map((o) => {
          const optionId = `${ids.controlId}-${o.value}`;
          return (
            <div className="choice" key={o.value}>
              <input
                className="choice-input"
                type="radio"
                id={optionId}
                name={name}
                value={o.value}
                checked={value === o.value}
                onChange={() => onChange(o.value)}
                aria-describedby={o.hint ? `${optionId}-hint` : undefined}
              />
              <label className="choice-label" htmlFor={optionId}>
                {o.label}
              </label>
              {o.hint && (
                <div id={`${optionId}-hint`} className="field-hint choice-hint">
                  {o.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
