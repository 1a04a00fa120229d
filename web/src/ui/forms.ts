/**
 * Form helpers.
 *   const { busy, run } = useAsyncAction();
 *   <form noValidate onSubmit={(e) => { e.preventDefault(); void run(async () => { … }); }}>
 * `run` ignores a second call while the first is in flight, so a form is
 * never submitted twice. `focusFirstInvalid(form)` moves the focus to the
 * first field marked `aria-invalid` after a failed submit.
 */
import { useCallback, useRef, useState } from "react";

export function useAsyncAction(): { busy: boolean; run: (action: () => Promise<void>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    try {
      await action();
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}

/** Focuses the first `aria-invalid` control in `root` once React has painted it. */
export function focusFirstInvalid(root: HTMLElement | null): void {
  requestAnimationFrame(() => {
    root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
