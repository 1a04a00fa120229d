/**
 * A button with a busy state. While `busy`, it stays focusable and keeps
 * its name, shows a spinner, sets `aria-busy`/`aria-disabled` and ignores
 * clicks (pair it with `useAsyncAction` so Enter in a field cannot submit
 * twice either).
 *   <Button type="submit" busy={busy}>{t("login.signIn")}</Button>
 *   <Button variant="link" onClick={…}>{t("login.changeEmail")}</Button>
 * `danger` is for a destructive action, confirmed first.
 * `unavailable` is for a button that cannot be used *yet* (a countdown
 * runs): it looks and reads as disabled (`aria-disabled`) but keeps the
 * focus, which a native `disabled` would drop to the page body.
 */
import type { ButtonHTMLAttributes, MouseEvent, Ref } from "react";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: "primary" | "secondary" | "danger" | "link";
  busy?: boolean;
  unavailable?: boolean;
  ref?: Ref<HTMLButtonElement>;
}

export function Button({
  variant = "primary",
  busy = false,
  unavailable = false,
  type = "button",
  className,
  onClick,
  ref,
  ...rest
}: ButtonProps) {
  function handleClick(event: MouseEvent<HTMLButtonElement>) {
    if (busy || unavailable) {
      event.preventDefault();
      return;
    }
    onClick?.(event);
  }
  return (
    <button
      {...rest}
      ref={ref}
      type={type}
      className={`button button-${variant}${busy ? " is-busy" : ""}${className ? ` ${className}` : ""}`}
      aria-busy={busy || undefined}
      aria-disabled={busy || unavailable || rest.disabled || undefined}
      onClick={handleClick}
    />
  );
}
