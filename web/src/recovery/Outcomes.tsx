/**
 * The end views of password recovery: "Check your email" (identical
 * whatever the email), "Your password has been changed", and "This link is
 * not valid" with a way to get a new email.
 */
import { useAccessPolicy } from "../api/policy";
import { Link } from "../app/router";
import { t } from "../messages";
import { PageHeading } from "../ui";

export function CheckEmail() {
  const policy = useAccessPolicy();
  return (
    <>
      <PageHeading title={t("recovery.checkEmail.title")}>{t("recovery.checkEmail.heading")}</PageHeading>
      <p>{t("recovery.checkEmail.sent")}</p>
      <p>
        {policy?.resetLinkMinutes
          ? t("recovery.checkEmail.life", { minutes: policy.resetLinkMinutes })
          : t("recovery.checkEmail.lifeUnknown")}
      </p>
      <p>{t("recovery.checkEmail.spam")}</p>
      <p>
        <Link to="/login">{t("recovery.checkEmail.back")}</Link>
      </p>
    </>
  );
}

export function PasswordChanged() {
  return (
    <>
      <PageHeading title={t("recovery.done.title")}>{t("recovery.done.heading")}</PageHeading>
      <p>{t("recovery.done.body")}</p>
      <div className="actions">
        <Link to="/login" className="button button-primary">
          {t("recovery.done.signIn")}
        </Link>
      </div>
    </>
  );
}

export function LinkNotValid() {
  const policy = useAccessPolicy();
  return (
    <>
      <PageHeading title={t("recovery.invalid.title")}>{t("recovery.invalid.heading")}</PageHeading>
      <p>{t("recovery.invalid.body")}</p>
      {policy?.resetLinkMinutes ? <p>{t("recovery.invalid.life", { minutes: policy.resetLinkMinutes })}</p> : null}
      <div className="actions">
        <Link to="/forgot-password" state={{ option: "email" }} className="button button-primary">
          {t("recovery.invalid.sendNew")}
        </Link>
      </div>
    </>
  );
}

/** The page was opened without a token (reloaded after the token left the
 *  address, or typed by hand): the emailed link may still be good. */
export function OpenLinkAgain() {
  return (
    <>
      <PageHeading title={t("recovery.openAgain.title")}>{t("recovery.openAgain.heading")}</PageHeading>
      <p>{t("recovery.openAgain.body")}</p>
      <div className="actions">
        <Link to="/forgot-password" state={{ option: "email" }} className="button button-secondary">
          {t("recovery.invalid.sendNew")}
        </Link>
      </div>
    </>
  );
}
