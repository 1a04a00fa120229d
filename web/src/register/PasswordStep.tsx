/**
 * Registration step "Password": new password twice, with the server's
 * rules and a hidden username field for password managers → SetPassword.
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { formErrors, toApiError } from "../api/errors";
import { useAccessPolicy } from "../api/policy";
import { registrationClient } from "../api/registration";
import { t } from "../messages";
import type { NewPasswordErrors } from "../ui";
import { Alert, Button, NewPasswordFields, PageHeading, checkNewPassword, focusFirstInvalid, useAsyncAction } from "../ui";
import type { StepProps } from "./stepProps";

export function PasswordStep({ registration, onDone, onSessionError }: StepProps) {
  const policy = useAccessPolicy();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [alert, setAlert] = useState<string>();
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);
  const heading = t("register.password.heading");

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
        const res = await registrationClient.setPassword({ newPassword: password });
        await onDone(res.pendingSteps);
      } catch (e) {
        const err = toApiError(e);
        if (onSessionError(err)) return;
        const shown = formErrors(err, { new_password: t("password.new.label") });
        setErrors({ password: shown.fields["new_password"] });
        setAlert(shown.alert);
        focusFirstInvalid(form.current);
      }
    });
  }

  return (
    <>
      <PageHeading title={t("register.stepTitle", { step: heading })}>{heading}</PageHeading>
      <Alert>{alert}</Alert>
      <p className="lead">{t("register.password.intro")}</p>
      <form ref={form} noValidate onSubmit={submit}>
        <NewPasswordFields
          email={registration.email}
          policy={policy}
          password={password}
          confirm={confirm}
          onPasswordChange={setPassword}
          onConfirmChange={setConfirm}
          errors={errors}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t("register.saveAndContinue")}
          </Button>
        </div>
      </form>
    </>
  );
}
