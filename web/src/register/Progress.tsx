/** The registration progress list: the five steps, done or to do, each a link. */
import { Link } from "../app/router";
import type { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import type { ViewSlug } from "./steps";
import { stepStatuses } from "./steps";

export function Progress({ pending, current }: { pending: readonly RegistrationStep[]; current: ViewSlug }) {
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
    </nav>
  );
}
