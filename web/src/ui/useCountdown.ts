/**
 * `useCountdown(until)`: whole seconds left until `until` (0 when it has
 * passed or is undefined), re-rendering each second while it runs.
 *   const left = useCountdown(resendAt);
 *   <Button disabled={left > 0}>Resend Now</Button>
 *   {left > 0 && t("register.verify.countdown", { time: formatClock(left) })}
 * One shared one-second clock drives every countdown on the page.
 */
import { useSyncExternalStore } from "react";

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  now = Date.now();
  timer ??= setInterval(tick, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function idle(): () => void {
  return () => {};
}

function getNow(): number {
  return now;
}

/** Seconds left until `until`, rounded up; 0 when past or undefined. */
export function secondsLeft(until: Date | undefined, at: number): number {
  if (!until) return 0;
  return Math.max(0, Math.ceil((until.getTime() - at) / 1000));
}

export function useCountdown(until: Date | undefined): number {
  const at = useSyncExternalStore(until ? subscribe : idle, getNow);
  return secondsLeft(until, at);
}
