/**
 * /login: email → Next → password → Sign In, one Login call. The email
 * step asks nobody (no enumeration). Server messages are shown verbatim;
 * NO_SITES leads to /no-sites. History state may carry `email` (pre-fill)
 * and `notice` (a message id shown on arrival, e.g. a session that ended).
 */
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import { authClient } from "../api/auth";
import { toApiError } from "../api/errors";
import { Link, navigate, stateString, useRoute } from "../app/router";
import { useSession } from "../app/session";
import { isMessageId, t } from "../messages";
import {
  Alert,
  Button,
  Card,
  Notice,
  PageHeading,
  PasswordField,
  TextField,
  formatTimeOfDay,
  hasEdgeSpace,
  useAsyncAction,
} from "../ui";
import type { LoginFailure } from "./loginLogic";
import { checkEmail, checkPassword, destinationAfterLogin, loginFailure } from "./loginLogic";

type Step = "email" | "password";

/** An email that may wrap before its "@" rather than mid-word. */
function EmailText({ email }: { email: string }) {
  const at = email.lastIndexOf("@");
  if (at <= 0) return <>{email}</>;
  return (
    <>
      {email.slice(0, at)}
      <wbr />
      {email.slice(at)}
    </>
  );
}
type AlertFailure = Extract<LoginFailure, { kind: "alert" }>;

export function LoginView() {
  const route = useRoute();
  const { refresh } = useSession();
  const { busy, run } = useAsyncAction();

  const [step, setStep] = useState<Step>("email");
  const [email, setEmail] = useState(() => stateString(route.state, "email") ?? "");
  const [password, setPassword] = useState("");
  const [emailError, setEmailError] = useState<string>();
  const [passwordError, setPasswordError] = useState<string>();
  const [failure, setFailure] = useState<AlertFailure>();
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const noticeId = stateString(route.state, "notice");
  const notice = isMessageId(noticeId) ? t(noticeId) : undefined;

  function submitEmail(event: FormEvent) {
    event.preventDefault();
    const error = checkEmail(email);
    setEmailError(error);
    setFailure(undefined);
    if (error) {
      emailRef.current?.focus();
      return;
    }
    setStep("password");
  }

  function changeEmail() {
    setPassword("");
    setPasswordError(undefined);
    setFailure(undefined);
    setStep("email");
  }

  function submitPassword(event: FormEvent) {
    event.preventDefault();
    const error = checkPassword(password);
    setPasswordError(error);
    if (error) {
      setFailure(undefined);
      passwordRef.current?.focus();
      return;
    }
    void run(async () => {
      try {
        const response = await authClient.login({ email: email.trim(), password });
        await refresh();
        navigate(destinationAfterLogin(response, route.query.get("next")), { replace: true });
      } catch (e) {
        const outcome = loginFailure(toApiError(e));
        if (outcome.kind === "noSites") {
          navigate("/no-sites", { state: { message: outcome.message } });
          return;
        }
        setPassword("");
        if (outcome.kind === "fields") {
          setFailure(undefined);
          setEmailError(outcome.email);
          setPasswordError(outcome.password);
          if (outcome.email) setStep("email");
        } else {
          setFailure(outcome);
        }
        passwordRef.current?.focus();
      }
    });
  }

  const failureAlert = failure && (
    <Alert>
      <p>{failure.message}</p>
      {failure.retryAt && <p>{t("login.lockedRetryAt", { time: formatTimeOfDay(failure.retryAt) })}</p>}
      {failure.offerForgotPassword && (
        <p>
          <Link to="/forgot-password" state={{ email: email.trim() }}>
            {t("login.forgotPassword")}
          </Link>
        </p>
      )}
    </Alert>
  );

  return (
    <Card>
      {step === "email" ? (
        <>
          <PageHeading key="email" title={t("login.title")}>
            {t("login.heading")}
          </PageHeading>
          <Notice>{notice}</Notice>
          {failureAlert}
          <p className="lead">{t("login.intro")}</p>
          <form noValidate onSubmit={submitEmail}>
            <TextField
              ref={emailRef}
              label={t("login.email.label")}
              type="email"
              name="email"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={email}
              onChange={setEmail}
              error={emailError}
            />
            <div className="actions">
              <Button type="submit">{t("login.next")}</Button>
            </div>
          </form>
        </>
      ) : (
        <>
          <PageHeading key="password" title={t("login.title")}>
            {t("login.password.heading")}
          </PageHeading>
          {failureAlert}
          <form noValidate onSubmit={submitPassword}>
            <div className="identity">
              <span className="identity-label">{t("login.signingInAs")}</span>
              <span className="identity-email">
                <EmailText email={email.trim()} />
              </span>
              <Button variant="link" onClick={changeEmail}>
                {t("login.changeEmail")}
              </Button>
            </div>
            {/* For password managers: the username this password goes with. */}
            <div className="visually-hidden" aria-hidden="true">
              <label>
                {t("login.email.label")}
                <input type="email" name="email" autoComplete="username" value={email.trim()} readOnly tabIndex={-1} />
              </label>
            </div>
            <PasswordField
              ref={passwordRef}
              label={t("login.password.label")}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
              error={passwordError}
              note={hasEdgeSpace(password) ? <p className="hint-space">{t("login.password.spaceHint")}</p> : undefined}
            />
            <div className="actions">
              <Button type="submit" busy={busy}>
                {t("login.signIn")}
              </Button>
            </div>
          </form>
        </>
      )}
      <ul className="link-list">
        <li>
          <Link to="/forgot-password" state={{ email: email.trim() }}>
            {t("login.forgotPassword")}
          </Link>
        </li>
        <li>
          <Link to="/contact">{t("login.contactForm")}</Link>
        </li>
      </ul>
    </Card>
  );
}
