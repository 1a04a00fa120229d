/**
 * Plumbing shared by the form controls: ids that tie a label, hint and
 * error to their control, and the hint/error paragraphs themselves.
 * A field's error is shown beside it, announced (`role="alert"`) and
 * named by the control's `aria-describedby`, with `aria-invalid` set.
 */
import { useId } from "react";
import type { ReactNode } from "react";

export interface FieldIds {
  controlId: string;
  hintId: string;
  errorId: string;
  extraId: string;
}

export function useFieldIds(id?: string): FieldIds {
  const generated = useId();
  const base = id ?? `f${generated.replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return { controlId: base, hintId: `${base}-hint`, errorId: `${base}-error`, extraId: `${base}-extra` };
}

/** The `aria-describedby` value naming whichever of hint, error and extra exist. */
export function describedBy(ids: FieldIds, hint: unknown, error: unknown, extra?: unknown): string | undefined {
  const parts = [hint ? ids.hintId : "", error ? ids.errorId : "", extra ? ids.extraId : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : undefined;
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <div id={id} className="field-hint">
      {children}
    </div>
  );
}

export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {children}
    </p>
  );
}
