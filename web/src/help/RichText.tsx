/**
 * Catalogue text with the names of the portal's controls marked **bold**:
 *   <RichText text="Press **Resend Now**." />  →  Press <strong>Resend Now</strong>.
 */
import { Fragment } from "react";

/** The text split into plain and bold runs (odd indexes are bold). */
export function richRuns(text: string): string[] {
  return text.split(/\*\*(.+?)\*\*/);
}

export function RichText({ text }: { text: string }) {
  return (
    <>
      {richRuns(text).map((run, i) =>
        i % 2 === 1 ? <strong key={i}>{run}</strong> : <Fragment key={i}>{run}</Fragment>,
      )}
    </>
  );
}
