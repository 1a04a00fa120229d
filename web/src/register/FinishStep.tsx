/**
 * The last registration view, once no step is pending: Finish registration
 * → CompleteRegistration → a full session and /account (or /no-sites).
 */
import { useState } from "react";
import { alertText, toApiError } from "../api/errors";
import { registrationClient } from "../api/registration";
import { navigate } from "../app/router";
import { useSession } from "../app/session";
import { t } from "../messages";
import { Alert, Button, PageHeading, useAsyncAction } from "../ui";
import type { StepProps } from "./stepProps";

export function FinishStep({ onDone, onSessionError }: StepProps) {
  const { refresh } = useSession();
  const [alert, setAlert] = useState<string>();
  const { busy, run } = useAsyncAction();
  const heading = t("register.finish.heading");

  function finish() {
    void run(async () => {
      setAlert(undefined);
      try {
        await registrationClient.completeRegistration({});
        await refresh();
        navigate("/account", { replace: true });
      } catch (e) {
        const err = toApiError(e);
        if (err.reason === "NO_SITES") {
          await refresh();
          navigate("/no-sites", { replace: true, state: { message: err.message } });
          return;
        }
        if (onSessionError(err)) return;
        setAlert(alertText(err));
        if (err.reason === "REGISTRATION_INCOMPLETE") await onDone([]);
      }
    });
  }

  return (
    <>
      <PageHeading title={t("register.stepTitle", { step: heading })}>{heading}</PageHeading>
      <Alert>{alert}</Alert>
      <p>{t("register.finish.intro")}</p>
      <div className="actions">
        <Button busy={busy} onClick={finish}>
          {t("register.finish.button")}
        </Button>
      </div>
    </>
  );
}
