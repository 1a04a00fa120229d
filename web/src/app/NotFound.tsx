/** The view for an address that is no page of the portal. */
import { t } from "../messages";
import { Card, PageHeading } from "../ui";
import { Link } from "./router";

export function NotFound() {
  return (
    <Card>
      <PageHeading>{t("common.notFound.title")}</PageHeading>
      <p>{t("common.notFound.body")}</p>
      <ul className="link-list">
        <li>
          <Link to="/">{t("common.notFound.home")}</Link>
        </li>
      </ul>
    </Card>
  );
}
