/**
 * The first view of /forgot-password: Email, the two options, Continue and
 * Cancel. Continue starts the security-question reset or asks for the
 * reset email; neither reply tells whether the account exists.
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { alertText, fieldError, isFieldError, toApiError } from "../api/errors";
import { passwordResetClient } from "../api/passwordReset";
import { navigate } from "../app/router";
import type { SecurityQuestion } from "../gen/portal/auth/v1/registration_pb";
import { checkEmail } from "../login/loginLogic";
import { t } from "../messages";
import { Alert, Button, PageHeading, RadioGroup, TextField, useAsyncAction } from "../ui";

export type Method = "questions" | "email";

export interface ChooseMethodProps {
  email: string;
  onEmailChange: (email: string) => void;
  method: Method;
  onMethodChange: (method: Method) => void;
  initialAlert?: string | undefined;
  onQuestions: (flowId: string, questions: SecurityQuestion[]) => void;
  onEmailSent: () => void;
}

export function ChooseMethod({
  email,
  onEmailChange,
  method,
  onMethodChange,
  initialAlert,
  onQuestions,
  onEmailSent,
}: ChooseMethodProps) {
  const [emailError, setEmailError] = useState<string>();
  const [alert, setAlert] = useState(initialAlert);
  const { busy, run } = useAsyncAction();
  const emailRef = useRef<HTMLInputElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    const error = checkEmail(email);
    setEmailError(error);
    setAlert(undefined);
    if (error) {
      emailRef.current?.focus();
      return;
    }
    const address = email.trim();
    void run(async () => {
      try {
        if (method === "questions") {
          const res = await passwordResetClient.startSecurityQuestionReset({ email: address });
          onQuestions(res.resetFlowId, res.questions);
        } else {
          await passwordResetClient.requestPasswordResetEmail({ email: address });
          onEmailSent();
        }
      } catch (e) {
        const err = toApiError(e);
        if (isFieldError(err) && err.fieldViolations["email"]) {
          setEmailError(fieldError(err, "email", t("recovery.forgot.email.label")));
          emailRef.current?.focus();
        } else {
          setAlert(alertText(err));
        }
      }
    });
  }

  return (
    <>
      <PageHeading title={t("recovery.forgot.title")}>{t("recovery.forgot.heading")}</PageHeading>
      <Alert>{alert}</Alert>
      <p className="lead">{t("recovery.forgot.intro")}</p>
      <form noValidate onSubmit={submit}>
        <TextField
          ref={emailRef}
          label={t("recovery.forgot.email.label")}
          type="email"
          name="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={onEmailChange}
          error={emailError}
        />
        <RadioGroup<Method>
          legend={t("recovery.forgot.option.legend")}
          name="method"
          value={method}
          onChange={onMethodChange}
          options={[
            {
              value: "questions",
              label: t("recovery.forgot.option.questions"),
              hint: t("recovery.forgot.option.questionsHint"),
            },
            { value: "email", label: t("recovery.forgot.option.email"), hint: t("recovery.forgot.option.emailHint") },
          ]}
        />
        <div className="actions">
          <Button type="submit" busy={busy}>
            {t("recovery.continue")}
          </Button>
          <Button variant="secondary" onClick={() => navigate("/login", { state: { email: email.trim() } })}>
            {t("recovery.cancel")}
          </Button>
        </div>
      </form>
    </>
  );
}
