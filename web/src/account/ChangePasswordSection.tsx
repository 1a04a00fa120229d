/**
 * "Change password": current password, then the new one twice with the
 * server's rules (and a hidden username field for password managers) →
 * ChangePassword, which signs out every other session. A wrong current
 * password shows the server's message beside that field.
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { authClient } from "../api/auth";
import { fieldError, formErrors, toApiError } from "../api/errors";
import { useAccessPolicy } from "../api/policy";
import { t } from "../messages";
import type { NewPasswordErrors } from "../ui";
import {
  Alert,
  Button,
  NewPasswordFields,
  Notice,
  PasswordField,
  checkNewPassword,
  focusFirstInvalid,
  useAsyncAction,
} from "../ui";
import { sessionEnded } from "./accountLogic";

export function ChangePasswordSection({
  email,
  onChanged,
  onSessionEnded,
}: {
  email: string;
  onChanged: () => void;
  onSessionEnded: () => void;
}) {
  const policy = useAccessPolicy();
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [currentError, setCurrentError] = useState<string>();
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = checkNewPassword(password, confirm);
    const missingCurrent = current === "" ? t("account.password.currentRequired") : undefined;
    setCurrentError(missingCurrent);
    setErrors(local);
    setAlert(undefined);
    setNotice(undefined);
    if (missingCurrent || local.password || local.confirm) {
      focusFirstInvalid(form.current);
      return;
    }
    void run(async () => {
      try {
        await authClient.changePassword({ currentPassword: current, newPassword: password });
        setCurrent("");
        setPassword("");
        setConfirm("");
        setNotice(t("account.password.changed"));
        onChanged();
      } catch (e) {
        const err = toApiError(e);
        if (sessionEnded(err)) {
          onSessionEnded();
          return;
        }
        if (err.reason === "INVALID_CREDENTIALS") {
          // The current password is wrong: the server's sentence, beside it.
          setCurrent("");
          setCurrentError(err.message || fieldError(err, "current_password", t("account.password.current")));
          focusFirstInvalid(form.current);
          return;
        }
        // The current password is not kept past a refused submit.
        setCurrent("");
        const shown = formErrors(err, {
          current_password: t("account.password.current"),
          new_password: t("password.new.label"),
        });
        setCurrentError(shown.fields["current_password"]);
        setErrors({ password: shown.fields["new_password"] });
        setAlert(shown.alert);
        focusFirstInvalid(form.current);
      }
    });
  }

  return (
    <section className="account-section" aria-labelledby="password-heading">
      <h2 id="password-heading" className="account-heading">
        {t("account.password.heading")}
      </h2>
      <p className="lead">{t("account.password.intro")}</p>
      <Notice>{notice}</Notice>
      <Alert>{alert}</Alert>
      <form ref={form} noValidate onSubmit={submit} className="account-form">
        <PasswordField
          label={t("account.password.current")}
          name="current-password"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={currentError}
        />
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
            {t("account.password.submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
