/**
 * Registration step "Terms of use": the current terms (GetTerms) in a
 * scrollable region that the keyboard can scroll, a checkbox and Accept →
 * AcceptTerms(version).
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { alertText, toApiError } from "../api/errors";
import { registrationClient } from "../api/registration";
import { Loading } from "../app/Loading";
import { Link } from "../app/router";
import { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import type { GetTermsResponse } from "../gen/portal/auth/v1/registration_pb";
import { t } from "../messages";
import { Alert, Button, Checkbox, Notice, PageHeading, useAsyncAction } from "../ui";
import type { StepProps } from "./stepProps";

export function TermsStep({ registration, onDone, onSessionError }: StepProps) {
  const [terms, setTerms] = useState<GetTermsResponse>();
  const [accepted, setAccepted] = useState(false);
  const [checkboxError, setCheckboxError] = useState<string>();
  const [alert, setAlert] = useState<string>();
  const { busy, run } = useAsyncAction();
  const checkboxRef = useRef<HTMLInputElement>(null);
  const heading = t("register.terms.heading");
  const done = !registration.pendingSteps.includes(RegistrationStep.TERMS);

  const loadTerms = useCallback(
    () =>
      registrationClient.getTerms({}).then(setTerms, (e: unknown) => {
        const err = toApiError(e);
        if (!onSessionError(err)) setAlert(alertText(err));
      }),
    [onSessionError],
  );

  useEffect(() => {
    void loadTerms();
  }, [loadTerms]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!terms) return;
    if (!accepted) {
      setCheckboxError(t("register.terms.mustAccept"));
      checkboxRef.current?.focus();
      return;
    }
    setCheckboxError(undefined);
    void run(async () => {
      setAlert(undefined);
      try {
        const res = await registrationClient.acceptTerms({ termsVersion: terms.version });
        await onDone(res.pendingSteps);
      } catch (e) {
        const err = toApiError(e);
        if (onSessionError(err)) return;
        // TERMS_OUTDATED and the like: the server's words, then the current terms.
        setAlert(alertText(err));
        setAccepted(false);
        await loadTerms();
      }
    });
  }

  return (
    <>
      <PageHeading title={t("register.stepTitle", { step: heading })}>{heading}</PageHeading>
      <Alert>{alert}</Alert>
      {done && <Notice>{t("register.terms.done")}</Notice>}
      {terms === undefined ? (
        !alert && <Loading />
      ) : (
        <>
          <p className="lead">{t("register.terms.intro")}</p>
          <p className="muted">{t("register.terms.version", { version: terms.version })}</p>
          {/* A scrollable region must be reachable by keyboard to be scrolled. */}
          {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
          <div className="scroll-box" role="region" aria-label={t("register.terms.region")} tabIndex={0}>
            {terms.text}
          </div>
          {done ? (
            <Link to="/register">{t("register.continue")}</Link>
          ) : (
            <form noValidate onSubmit={submit}>
              <Checkbox
                ref={checkboxRef}
                label={t("register.terms.checkbox")}
                checked={accepted}
                onChange={setAccepted}
                error={checkboxError}
              />
              <div className="actions">
                <Button type="submit" busy={busy}>
                  {t("register.terms.accept")}
                </Button>
              </div>
            </form>
          )}
        </>
      )}
    </>
  );
}
