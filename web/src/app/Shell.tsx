/**
 * The page frame around every view: skip link, header with the portal's
 * name and navigation (Help, Contact Form, Support desk and
 * Administration for those who may use them, and Sign in / Account by
 * session), the `<main>` landmark, footer.
 */
import type { MouseEvent, ReactNode } from "react";
import { t } from "../messages";
import { Link, useRoute } from "./router";
import { Role } from "../gen/portal/auth/v1/auth_pb";
import { SessionScope, useSession } from "./session";

function NavLink({ to, children }: { to: string; children: ReactNode }) {
  const { path } = useRoute();
  const current = path === to || path.startsWith(`${to}/`);
  return (
    <Link to={to} className="nav-link" aria-current={current ? "page" : undefined}>
      {children}
    </Link>
  );
}

function SessionLink() {
  const { session } = useSession();
  if (session.status === "loading") return null;
  if (session.status === "anonymous") return <NavLink to="/login">{t("nav.signIn")}</NavLink>;
  if (session.scope === SessionScope.REGISTRATION) return <NavLink to="/register">{t("nav.register")}</NavLink>;
  return <NavLink to="/account">{t("nav.account")}</NavLink>;
}

/** Support agents (and platform admins) get a link to their desk. */
function DeskLink() {
  const { session } = useSession();
  if (session.status !== "signedIn" || session.scope !== SessionScope.FULL) return null;
  const roles = session.info.principal?.roles ?? [];
  if (!roles.includes(Role.SUPPORT_AGENT) && !roles.includes(Role.PLATFORM_ADMIN)) return null;
  return (
    <li>
      <NavLink to="/desk">{t("nav.desk")}</NavLink>
    </li>
  );
}

/** Program administrators, licence owners and the platform operator get
 *  a link to the administration pages. */
function AdminLink() {
  const { session } = useSession();
  if (session.status !== "signedIn" || session.scope !== SessionScope.FULL) return null;
  const roles = session.info.principal?.roles ?? [];
  const admin = [Role.PLATFORM_ADMIN, Role.PROGRAM_ADMIN, Role.LICENSE_OWNER].some((role) => roles.includes(role));
  if (!admin) return null;
  return (
    <li>
      <NavLink to="/admin">{t("nav.admin")}</NavLink>
    </li>
  );
}

function skipToMain(event: MouseEvent<HTMLAnchorElement>) {
  const main = document.getElementById("main");
  if (!main) return;
  event.preventDefault(); // keep the address free of "#main"
  main.focus();
}

export function Shell({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t("common.skipLink")}
      </a>
      <header className="site-header">
        <div className="site-header-inner">
          <Link to="/" className="brand">
            {t("common.portalName")}
          </Link>
          <nav aria-label={t("nav.label")}>
            <ul className="nav-list">
              <li>
                <NavLink to="/help">{t("nav.help")}</NavLink>
              </li>
              <li>
                <NavLink to="/contact">{t("nav.contact")}</NavLink>
              </li>
              <DeskLink />
              <AdminLink />
              <li>
                <SessionLink />
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="site-main">
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("common.footer")}</p>
      </footer>
    </>
  );
}
