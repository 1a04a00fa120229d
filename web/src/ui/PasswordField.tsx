/**
 * A password input with a "Show password" toggle (a button with
 * `aria-pressed`). Paste is allowed and the value is never trimmed.
 *   <PasswordField label="Password" autoComplete="current-password"
 *                  value={pw} onChange={setPw} error={errors.password} />
 * Two fields can share one toggle: give the first `revealed`/`onRevealedChange`
 * and the second `revealed` with `toggle={false}`.
 */
import { useState } from "react";
import { t } from "../messages";
import type { TextFieldProps } from "./TextField";
import { TextField } from "./TextField";

export interface PasswordFieldProps extends Omit<TextFieldProps, "type" | "after"> {
  autoComplete: "current-password" | "new-password";
  /** Controlled visibility; without it the field keeps its own. */
  revealed?: boolean;
  onRevealedChange?: (revealed: boolean) => void;
  /** Show the toggle button (default true). */
  toggle?: boolean;
}

export function PasswordField({ revealed, onRevealedChange, toggle = true, ...field }: PasswordFieldProps) {
  const [ownRevealed, setOwnRevealed] = useState(false);
  const shown = revealed ?? ownRevealed;
  const setShown = onRevealedChange ?? setOwnRevealed;
  return (
    <TextField
      {...field}
      type={shown ? "text" : "password"}
      autoCapitalize="off"
      autoCorrect="off"
      spellCheck={false}
      after={
        toggle ? (
          <button
            type="button"
            className="button button-secondary button-toggle"
            aria-pressed={shown}
            onClick={() => setShown(!shown)}
          >
            {t("common.showPassword")}
          </button>
        ) : undefined
      }
    />
  );
}
