/**
 * The set-a-new-password view shared by both ways of resetting (emailed
 * link and security questions): new password twice, the server's rules →
 * CompletePasswordReset. The token stays in the caller's memory only.
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { formErrors, toApiError } from "../api/errors";
import { passwordResetClient } from "../api/passwordReset";
import { useAccessPolicy } from "../api/policy";
import { t } from "../messages";
import type { NewPasswordErrors } from "../ui";
import { Alert, Button, NewPasswordFields, PageHeading, checkNewPassword, focusFirstInvalid, useAsyncAction } from "../ui";

export interface SetNewPasswordProps {
  token: string;
  /** The account's email when known (for password managers and the rules). */
  email?: string | undefined;
  onChanged: () => void;
  /** The token is unknown, used, replaced or expired. */
  onInvalidToken: () => void;
}

export function SetNewPassword({ token, email, onChanged, onInvalidToken }: SetNewPasswordProps) {
  const policy = useAccessPolicy();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [alert, setAlert] = useState<string>();
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkNewPassword(password, confirm);
    setErrors(local);
    setAlert(undefined);
    if (local.password || local.confirm) {
      focusFirstInvalid(form.current);
      return;
    }
    void run(async () => {
      try {
        await passwordResetClient.completePasswordReset({ resetToken: token, newPassword: password });
        onChanged();
      } catch (e) {
        const err = toApiError(e);
        if (err.fieldViolations["reset_token"] || err.reason === "RESET_TOKEN_INVALID") {
          onInvalidToken();
          return;
        }
        const shown = formErrors(err, { new_password: t("password.new.label") });
        setErrors({ password: shown.fields["new_password"] });
        setAlert(shown.alert);
        focusFirstInvalid(form.current);
      }
    });
  }

  return (
    <>
      <PageHeading title={t("recovery.newPassword.title")}>{t("recovery.newPassword.heading")}</PageHeading>
      <Alert>{alert}</Alert>
      <p className="lead">{t("recovery.newPassword.intro")}</p>
      {email && <p>{t("recovery.newPassword.forAccount", { email })}</p>}
      <form ref={form} noValidate onSubmit={submit}>
        <NewPasswordFields
          email={email}
          policy={policy}
          password={password}
          confirm={confirm}
          onPasswordChange={setPassword}
          onConfirmChange={setConfirm}
          errors={errors}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t("recovery.newPassword.submit")}
          </Button>
        </div>
      </form>
    </>
  );
}
