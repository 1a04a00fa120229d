/** Registration step "Your name": first and last name → UpdateProfile. */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { formErrors, toApiError } from "../api/errors";
import type { FormErrors } from "../api/errors";
import { registrationClient } from "../api/registration";
import { t } from "../messages";
import { Alert, Button, PageHeading, TextField, focusFirstInvalid, useAsyncAction } from "../ui";
import type { StepProps } from "./stepProps";

export function ProfileStep({ registration, onDone, onSessionError }: StepProps) {
  const [firstName, setFirstName] = useState(registration.firstName);
  const [lastName, setLastName] = useState(registration.lastName);
  const [errors, setErrors] = useState<FormErrors>({ alert: undefined, fields: {} });
  const { busy, run } = useAsyncAction();
  const form = useRef<HTMLFormElement>(null);
  const heading = t("register.profile.heading");

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      try {
        const res = await registrationClient.updateProfile({ firstName, lastName });
        await onDone(res.pendingSteps);
      } catch (e) {
        const err = toApiError(e);
        if (onSessionError(err)) return;
        setErrors(
          formErrors(err, {
            first_name: t("register.profile.firstName"),
            last_name: t("register.profile.lastName"),
          }),
        );
        focusFirstInvalid(form.current);
      }
    });
  }

  return (
    <>
      <PageHeading title={t("register.stepTitle", { step: heading })}>{heading}</PageHeading>
      <Alert>{errors.alert}</Alert>
      <p className="lead">{t("register.profile.intro")}</p>
      <form ref={form} noValidate onSubmit={submit}>
        <TextField
          label={t("register.profile.firstName")}
          name="given-name"
          autoComplete="given-name"
          value={firstName}
          onChange={setFirstName}
          error={errors.fields["first_name"]}
        />
        <TextField
          label={t("register.profile.lastName")}
          name="family-name"
          autoComplete="family-name"
          value={lastName}
          onChange={setLastName}
          error={errors.fields["last_name"]}
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
