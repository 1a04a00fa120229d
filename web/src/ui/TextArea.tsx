/**
 * A labelled `<textarea>` with a character counter. `maxLength` is a soft
 * limit: longer text can be typed or pasted (nothing is cut off silently)
 * and the counter says how much is too much; the server has the last word.
 *   <TextArea label="Message" value={msg} onChange={setMsg} maxLength={5000} />
 */
import type { ReactNode, Ref, TextareaHTMLAttributes } from "react";
import { t } from "../messages";
import { FieldError, FieldHint, describedBy, useFieldIds } from "./Field";

export interface TextAreaProps
  extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "onChange" | "value" | "id" | "maxLength" | "children"> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
  error?: string | undefined;
  hint?: ReactNode;
  id?: string;
  ref?: Ref<HTMLTextAreaElement>;
}

/** Characters as people count them (code points, so an emoji is one). */
export function characterCount(text: string): number {
  return Array.from(text).length;
}

export function TextArea({ label, value, onChange, maxLength, error, hint, id, ref, rows = 6, ...area }: TextAreaProps) {
  const ids = useFieldIds(id);
  const count = characterCount(value);
  const over = maxLength !== undefined ? count - maxLength : 0;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label className="field-label" htmlFor={ids.controlId}>
        {label}
      </label>
      <FieldHint id={ids.hintId}>{hint}</FieldHint>
      <FieldError id={ids.errorId}>{error}</FieldError>
      <textarea
        {...area}
        ref={ref}
        id={ids.controlId}
        className="input textarea"
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error || over > 0 ? true : undefined}
        aria-describedby={describedBy(ids, hint, error, maxLength !== undefined)}
      />
      {maxLength !== undefined && (
        <p id={ids.extraId} className={`counter${over > 0 ? " counter-over" : ""}`}>
          {over > 0
            ? t("common.charCountOver", { over, count, max: maxLength })
            : t("common.charCount", { count, max: maxLength })}
        </p>
      )}
    </div>
  );
}
