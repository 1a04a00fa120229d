/**
 * A modal confirmation (the browser's own `<dialog>`: focus moves into it,
 * to Cancel, and stays there; Escape cancels; focus returns to the opener
 * on close).
 *   <ConfirmDialog open={asking} title="Disable Ada?" confirm="Disable Ada"
 *                  onConfirm={disable} onCancel={() => setAsking(false)}>…</ConfirmDialog>
 */
import { useEffect, useId, useRef } from "react";
import type { ReactNode } from "react";
import { Button } from "../ui";
import { a } from "./adminWords";

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  confirm: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}

export function ConfirmDialog({ open, title, confirm, busy, onConfirm, onCancel, children }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal?.();
      // Start on the safe choice, not on the destructive one.
      cancelRef.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="admin-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <div className="actions">
        <Button variant="danger" busy={busy} onClick={onConfirm}>
          {confirm}
        </Button>
        <Button variant="secondary" onClick={onCancel} ref={cancelRef}>
          {a("confirm.no")}
        </Button>
      </div>
    </dialog>
  );
}
