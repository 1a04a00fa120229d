/**
 * /register and /register/<step>: first-time registration after a sign-in
 * with a temporary password. The state always comes from GetRegistration,
 * so a reload lands on the same step; a dead registration session sends
 * the person back to /login with a notice.
 */
import { useCallback, useEffect, useState } from "react";
import type { ApiError } from "../api/errors";
import { Code, alertText, toApiError } from "../api/errors";
import { registrationClient } from "../api/registration";
import { Loading } from "../app/Loading";
import { navigate, useRoute } from "../app/router";
import { useSession } from "../app/session";
import type { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import type { GetRegistrationResponse } from "../gen/portal/auth/v1/registration_pb";
import { t } from "../messages";
import { Alert, Button, Card, PageHeading } from "../ui";
import { FinishStep } from "./FinishStep";
import { PasswordStep } from "./PasswordStep";
import { ProfileStep } from "./ProfileStep";
import { Progress } from "./Progress";
import { QuestionsStep } from "./QuestionsStep";
import type { StepProps } from "./stepProps";
import type { ViewSlug } from "./steps";
import { nextView, resolveView } from "./steps";
import { TermsStep } from "./TermsStep";
import { VerifyEmailStep } from "./VerifyEmailStep";

function StepView({ view, ...props }: StepProps & { view: ViewSlug }) {
  switch (view) {
    case "profile":
      return <ProfileStep {...props} />;
    case "security-questions":
      return <QuestionsStep {...props} />;
    case "password":
      return <PasswordStep {...props} />;
    case "verify-email":
      return <VerifyEmailStep {...props} />;
    case "terms":
      return <TermsStep {...props} />;
    case "finish":
      return <FinishStep {...props} />;
  }
}

export function RegisterView() {
  const route = useRoute();
  const { signedOut } = useSession();
  const [registration, setRegistration] = useState<GetRegistrationResponse>();
  const [loadError, setLoadError] = useState<string>();

  const onSessionError = useCallback(
    (err: ApiError) => {
      if (err.code === Code.Unauthenticated) {
        signedOut();
        navigate("/login", { replace: true, state: { notice: "register.sessionEnded" } });
        return true;
      }
      if (err.reason === "REGISTRATION_SESSION_REQUIRED") {
        // A full session: registration is already complete.
        navigate("/account", { replace: true });
        return true;
      }
      return false;
    },
    [signedOut],
  );

  const load = useCallback(
    () =>
      registrationClient.getRegistration({}).then(
        (fresh) => {
          setRegistration(fresh);
          setLoadError(undefined);
          return fresh;
        },
        (e: unknown) => {
          const err = toApiError(e);
          if (!onSessionError(err)) setLoadError(alertText(err));
          return undefined;
        },
      ),
    [onSessionError],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const resolved = registration ? resolveView(route.path, registration.pendingSteps) : undefined;

  useEffect(() => {
    if (resolved?.redirect) navigate(`/register/${resolved.view}`, { replace: true });
  }, [resolved?.redirect, resolved?.view]);

  const view = resolved?.view;
  const onDone = useCallback(
    async (pending: readonly RegistrationStep[]) => {
      const fresh = await load();
      if (view) navigate(`/register/${nextView(view, fresh?.pendingSteps ?? pending)}`);
    },
    [load, view],
  );

  if (loadError) {
    return (
      <Card>
        <PageHeading>{t("register.title")}</PageHeading>
        <Alert>{loadError}</Alert>
        <Button onClick={() => void load()}>{t("common.tryAgain")}</Button>
      </Card>
    );
  }
  if (!registration || !resolved || resolved.redirect) return <Loading />;

  return (
    <div className="layout-with-aside">
      <Progress pending={registration.pendingSteps} current={resolved.view} />
      <Card>
        <StepView
          key={resolved.view}
          view={resolved.view}
          registration={registration}
          onDone={onDone}
          onSessionError={onSessionError}
        />
      </Card>
    </div>
  );
}
