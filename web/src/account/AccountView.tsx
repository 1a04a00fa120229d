/**
 * /account: the signed-in person's account (a FULL session; anyone else is
 * sent to /login, a registration session to /register): their details and
 * sites, their sessions, a password change, and Sign out.
 */
import { useCallback, useEffect, useState } from "react";
import { Loading } from "../app/Loading";
import { Link, navigate, useRoute } from "../app/router";
import { useSession } from "../app/session";
import { useSignOut } from "../app/signOut";
import type { GetSessionResponse } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import { Alert, Button, Card, PageHeading, useAsyncAction } from "../ui";
import "./account.css";
import { accountAccess, rolesInWords } from "./accountLogic";
import { ChangePasswordSection } from "./ChangePasswordSection";
import { SessionsSection } from "./SessionsSection";

function Details({ info, onSignOut, busy }: { info: GetSessionResponse; onSignOut: () => void; busy: boolean }) {
  const p = info.principal;
  const name = [p?.firstName, p?.lastName].filter(Boolean).join(" ");
  const roles = rolesInWords(p?.roles ?? []);
  return (
    <section className="account-section account-section-first" aria-labelledby="details-heading">
      <h2 id="details-heading" className="account-heading">
        {t("account.details.heading")}
      </h2>
      <dl className="account-facts">
        {name && (
          <div>
            <dt>{t("account.name")}</dt>
            <dd>{name}</dd>
          </div>
        )}
        <div>
          <dt>{t("account.email")}</dt>
          <dd className="account-email">{p?.email}</dd>
        </div>
        {info.organizationName && (
          <div>
            <dt>{t("account.organization")}</dt>
            <dd>{info.organizationName}</dd>
          </div>
        )}
        {roles.length > 0 && (
          <div>
            <dt>{t("account.roles")}</dt>
            <dd>{roles.join(", ")}</dd>
          </div>
        )}
        <div className="account-facts-wide">
          <dt>{t("account.sites")}</dt>
          <dd>
            {info.sites.length > 0 ? (
              <ul className="site-list">
                {info.sites.map((site) => (
                  <li key={site.id}>{site.name}</li>
                ))}
              </ul>
            ) : (
              <p className="account-no-sites">
                {t("account.noSites")} <Link to="/help#no-sites">{t("account.noSitesHelp")}</Link>
              </p>
            )}
          </dd>
        </div>
      </dl>
      <div className="actions">
        <Button variant="secondary" busy={busy} onClick={onSignOut}>
          {t("account.signOut")}
        </Button>
      </div>
    </section>
  );
}

function Account({ info }: { info: GetSessionResponse }) {
  const { signedOut } = useSession();
  const { busy, run } = useAsyncAction();
  const [alert, setAlert] = useState<string>();
  const [sessionsKey, setSessionsKey] = useState(0);

  const onSessionEnded = useCallback(() => {
    navigate("/login", { replace: true, state: { notice: "login.sessionEnded" } });
    signedOut();
  }, [signedOut]);

  const endSession = useSignOut();
  function signOut() {
    setAlert(undefined);
    void run(async () => setAlert(await endSession()));
  }

  return (
    <Card wide>
      <PageHeading title={t("account.title")}>{t("account.heading")}</PageHeading>
      <Alert>{alert}</Alert>
      <Details info={info} onSignOut={signOut} busy={busy} />
      <SessionsSection reloadKey={sessionsKey} onSessionEnded={onSessionEnded} />
      <ChangePasswordSection
        email={info.principal?.email ?? ""}
        onChanged={() => setSessionsKey((k) => k + 1)}
        onSessionEnded={onSessionEnded}
      />
    </Card>
  );
}

export function AccountView() {
  const { session } = useSession();
  const { path } = useRoute();
  const access = accountAccess(session);

  useEffect(() => {
    // Only while this page is the one shown: after Sign out the page has
    // already gone to /login (with its notice) when the session empties.
    if (path !== "/account") return;
    if (access === "login") navigate("/login", { replace: true });
    else if (access === "register") navigate("/register", { replace: true });
  }, [access, path]);

  if (access !== "ok" || session.status !== "signedIn") return <Loading />;
  return <Account info={session.info} />;
}
