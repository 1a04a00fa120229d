/**
 * /no-sites: the account signed in fine but has no site. Shows the
 * server's NO_SITES message (handed over in history state by the sign-in
 * page; the catalogue's copy of the same words after a reload).
 */
import { Link, stateString, useRoute } from "../app/router";
import { t } from "../messages";
import { Alert, Card, PageHeading } from "../ui";

export function NoSitesView() {
  const route = useRoute();
  const message = stateString(route.state, "message") || t("login.message.noSites");
  return (
    <Card>
      <PageHeading title={t("noSites.title")}>{t("noSites.heading")}</PageHeading>
      <Alert>{message}</Alert>
      <p>{t("noSites.explain")}</p>
      <ul className="link-list">
        <li>
          <Link to="/contact?category=NO_SITES">{t("noSites.contactForm")}</Link>
        </li>
        <li>
          <Link to="/help">{t("noSites.help")}</Link>
        </li>
      </ul>
    </Card>
  );
}
