/**
 * The "choose a new password" fields shared by registration, reset and
 * the account page: a hidden username field for password managers (when
 * the email is known), New password with the server's rules, Confirm
 * password, one "Show password" toggle for both, and a gentle hint when
 * the password starts or ends with a space (it is kept as typed).
 *   const errors = checkNewPassword(pw, confirm);   // client-side checks
 *   <NewPasswordFields email={email} policy={policy} password={pw} confirm={confirm}
 *       onPasswordChange={setPw} onConfirmChange={setConfirm} errors={errors} />
 */
import { useId, useState } from "react";
import type { AccessPolicy } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import { PasswordField } from "./PasswordField";
import { PasswordRules } from "./PasswordRules";

export interface NewPasswordErrors {
  password?: string | undefined;
  confirm?: string | undefined;
}

/** What can be said before asking the server: empty fields and a mismatch. */
export function checkNewPassword(password: string, confirm: string): NewPasswordErrors {
  const errors: NewPasswordErrors = {};
  if (password === "") errors.password = t("password.new.required");
  if (confirm === "") errors.confirm = t("password.confirm.required");
  else if (password !== "" && password !== confirm) errors.confirm = t("password.confirm.mismatch");
  return errors;
}

export function hasEdgeSpace(password: string): boolean {
  return /^\s|\s$/.test(password);
}

export interface NewPasswordFieldsProps {
  email?: string | undefined;
  policy: AccessPolicy | undefined;
  password: string;
  confirm: string;
  onPasswordChange: (value: string) => void;
  onConfirmChange: (value: string) => void;
  errors: NewPasswordErrors;
}

export function NewPasswordFields({
  email,
  policy,
  password,
  confirm,
  onPasswordChange,
  onConfirmChange,
  errors,
}: NewPasswordFieldsProps) {
  const [revealed, setRevealed] = useState(false);
  const rulesId = `rules${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  return (
    <>
      <PasswordRules id={rulesId} policy={policy} email={email} />
      {email && (
        // For password managers: the account this new password belongs to.
        <div className="visually-hidden" aria-hidden="true">
          <label>
            {t("password.username.label")}
            <input type="text" name="username" autoComplete="username" value={email} readOnly tabIndex={-1} />
          </label>
        </div>
      )}
      <PasswordField
        label={t("password.new.label")}
        name="new-password"
        autoComplete="new-password"
        value={password}
        onChange={onPasswordChange}
        error={errors.password}
        revealed={revealed}
        onRevealedChange={setRevealed}
        describedBy={rulesId}
        note={hasEdgeSpace(password) ? <p className="hint-space">{t("password.spaceHint")}</p> : undefined}
      />
      <PasswordField
        label={t("password.confirm.label")}
        name="confirm-password"
        autoComplete="new-password"
        value={confirm}
        onChange={onConfirmChange}
        error={errors.confirm}
        revealed={revealed}
        toggle={false}
      />
    </>
  );
}
