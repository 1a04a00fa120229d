/**
 * The registration progress list: the five steps, done or to do, each a
 * link; and a way to stop and sign out (the steps done so far are kept).
 */
import { useState } from "react";
import { Link } from "../app/router";
import { useSignOut } from "../app/signOut";
import type { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import { Alert, Button, useAsyncAction } from "../ui";
import type { ViewSlug } from "./steps";
import { stepStatuses } from "./steps";

export function Progress({ pending, current }: { pending: readonly RegistrationStep[]; current: ViewSlug }) {
  const signOut = useSignOut();
  const { busy, run } = useAsyncAction();
  const [alert, setAlert] = useState<string>();
  return (
    <nav className="steps-nav" aria-labelledby="register-steps-title">
      <h2 id="register-steps-title" className="steps-title">
        {t("register.progress.label")}
      </h2>
      <p className="muted steps-intro">{t("register.intro")}</p>
      <ol className="steps">
        {stepStatuses(pending).map((s) => (
          <li key={s.slug} className={`step${s.done ? " step-done" : ""}`}>
            <Link
              to={`/register/${s.slug}`}
              className="step-link"
              aria-current={s.slug === current ? "step" : undefined}
            >
              <span>{t(s.label)}</span>
              <span className="step-state">
                <span className="visually-hidden">, </span>
                {s.done ? t("register.progress.done") : t("register.progress.pending")}
              </span>
            </Link>
          </li>
        ))}
      </ol>
      <p className="muted steps-intro">{t("register.signOut.intro")}</p>
      <Alert>{alert}</Alert>
      <Button variant="secondary" busy={busy} onClick={() => void run(async () => setAlert(await signOut()))}>
        {t("register.signOut.button")}
      </Button>
    </nav>
  );
}
