/**
 * The reset token of a `/reset-password#token=…` link. At start-up (see
 * main.tsx) `captureResetToken` reads it from the fragment and at once
 * replaces the history entry with `/reset-password`, so the token is gone
 * from the address bar and the history; it lives on only in memory here
 * until the reset view takes it.
 */

let held: string | undefined;

/**
 * Reads `token` from `#token=…` and drops the fragment from the current
 * history entry. Returns the token, or undefined (the fragment is dropped
 * whenever there is one, token or not).
 */
export function takeTokenFromFragment(
  location: Pick<Location, "hash" | "pathname" | "search">,
  history: Pick<History, "replaceState" | "state">,
): string | undefined {
  if (location.hash === "" || location.hash === "#") return undefined;
  const token = new URLSearchParams(location.hash.slice(1)).get("token")?.trim() || undefined;
  history.replaceState(history.state, "", location.pathname + location.search);
  return token;
}

/** At start-up on /reset-password: moves the token from the address bar into memory. */
export function captureResetToken(): void {
  if (window.location.pathname.replace(/\/+$/, "") !== "/reset-password") return;
  held = takeTokenFromFragment(window.location, window.history);
}

/** The captured token, if any (the reset view reads it once on mount). */
export function heldResetToken(): string | undefined {
  return held;
}

/** Forgets the captured token (the reset view calls this when it goes away). */
export function forgetResetToken(): void {
  held = undefined;
}
