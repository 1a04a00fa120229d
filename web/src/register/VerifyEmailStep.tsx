/**
 * Registration step "Verify Your Email Address": Send Verification Code →
 * code field + Verify; Resend Now waits for `resend_available_at` (from the
 * send reply, or from GetRegistration after a reload) with a visible
 * countdown; RESOURCE_EXHAUSTED shows the server's message and counts down
 * its RetryInfo.
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code, alertText, fieldError, isFieldError, retryAt, toApiError } from "../api/errors";
import { useAccessPolicy } from "../api/policy";
import { registrationClient } from "../api/registration";
import { Link } from "../app/router";
import { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import {
  Alert,
  Button,
  Notice,
  PageHeading,
  TextField,
  formatClock,
  useAsyncAction,
  useCountdown,
} from "../ui";
import type { StepProps } from "./stepProps";

type Phase = "start" | "code";

export function VerifyEmailStep({ registration, onDone, onSessionError }: StepProps) {
  const policy = useAccessPolicy();
  const email = registration.email;
  const [resendAt, setResendAt] = useState<Date | undefined>(() =>
    registration.resendAvailableAt ? timestampDate(registration.resendAvailableAt) : undefined,
  );
  // A code was sent recently when the server still holds the next send back.
  const [phase, setPhase] = useState<Phase>(() => (registration.resendAvailableAt ? "code" : "start"));
  const [code, setCode] = useState("");
  const [codeError, setCodeError] = useState<string>();
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const sending = useAsyncAction();
  const verifying = useAsyncAction();
  const secondsLeft = useCountdown(resendAt);
  const codeRef = useRef<HTMLInputElement>(null);
  const heading = t("register.verify.heading");
  const done = !registration.pendingSteps.includes(RegistrationStep.EMAIL_VERIFICATION);

  function showCodeForm() {
    setPhase("code");
    requestAnimationFrame(() => codeRef.current?.focus());
  }

  function send() {
    void sending.run(async () => {
      setAlert(undefined);
      setNotice(undefined);
      try {
        const res = await registrationClient.sendVerificationCode({});
        setResendAt(res.resendAvailableAt ? timestampDate(res.resendAvailableAt) : undefined);
        setCode("");
        setCodeError(undefined);
        if (phase === "code") setNotice(t("register.verify.newCodeSent", { email }));
        showCodeForm();
      } catch (e) {
        const err = toApiError(e);
        if (onSessionError(err)) return;
        setAlert(alertText(err));
        if (err.code === Code.ResourceExhausted) {
          setResendAt(retryAt(err));
          if (phase === "start") showCodeForm();
        }
      }
    });
  }

  function verify(event: FormEvent) {
    event.preventDefault();
    setAlert(undefined);
    if (code.trim() === "") {
      setCodeError(t("register.verify.code.required"));
      codeRef.current?.focus();
      return;
    }
    setCodeError(undefined);
    void verifying.run(async () => {
      try {
        const res = await registrationClient.verifyEmail({ code: code.trim() });
        await onDone(res.pendingSteps);
      } catch (e) {
        const err = toApiError(e);
        if (onSessionError(err)) return;
        if (isFieldError(err)) setCodeError(fieldError(err, "code", t("register.verify.code.label")));
        else setAlert(alertText(err));
        codeRef.current?.focus();
      }
    });
  }

  const title = t("register.stepTitle", { step: heading });
  if (done) {
    return (
      <>
        <PageHeading title={title}>{heading}</PageHeading>
        <Notice>{t("register.verify.done")}</Notice>
        <Link to="/register">{t("register.continue")}</Link>
      </>
    );
  }

  return (
    <>
      <PageHeading title={title}>{heading}</PageHeading>
      <Alert>{alert}</Alert>
      <Notice>{notice}</Notice>
      {phase === "start" ? (
        <>
          <p>{t("register.verify.intro", { email })}</p>
          {policy && <p className="muted">{t("register.verify.codeLife", { minutes: policy.verificationCodeMinutes })}</p>}
          <div className="actions">
            <Button busy={sending.busy} onClick={send}>
              {t("register.verify.send")}
            </Button>
            <Button variant="link" onClick={showCodeForm}>
              {t("register.verify.haveCode")}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p>{t("register.verify.sent", { email })}</p>
          <form noValidate onSubmit={verify}>
            <TextField
              ref={codeRef}
              label={t("register.verify.code.label")}
              hint={t("register.verify.code.hint")}
              name="one-time-code"
              autoComplete="one-time-code"
              inputMode="numeric"
              spellCheck={false}
              value={code}
              onChange={setCode}
              error={codeError}
              className="input-code"
            />
            <div className="actions">
              <Button type="submit" busy={verifying.busy}>
                {t("register.verify.verify")}
              </Button>
            </div>
          </form>
          <hr className="divider" />
          <p className="muted">{t("register.verify.resendHelp")}</p>
          <Button variant="secondary" busy={sending.busy} unavailable={secondsLeft > 0} onClick={send}>
            {t("register.verify.resend")}
          </Button>
          {secondsLeft > 0 && (
            <p className="countdown">{t("register.verify.countdown", { time: formatClock(secondsLeft) })}</p>
          )}
        </>
      )}
    </>
  );
}
