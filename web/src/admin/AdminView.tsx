/**
 * /admin: the administration pages (their own chunk; loaded only when an
 * administrator opens them). /admin lists users, /admin/users/<id> is one
 * user, /admin/provision adds one, /admin/sites and /admin/organizations
 * (the platform operator's) list and create, /admin/audit is the audit
 * trail. Anyone else is told the pages are for administrators (the server
 * refuses them anyway); nobody signed in goes to /login and comes back.
 */
import { Loading } from "../app/Loading";
import { useRoute } from "../app/router";
import { useSignInRequired } from "../app/session";
import { Alert, Card, PageHeading } from "../ui";
import "./admin.css";
import { AdminNav } from "./AdminNav";
import { AuditPage } from "./AuditPage";
import { adminPage, isPlatformAdmin, mayAdminister } from "./adminLogic";
import type { AdminCaller } from "./adminLogic";
import { a } from "./adminWords";
import { OrganizationsPage } from "./OrganizationsPage";
import { ProvisionPage } from "./ProvisionPage";
import { SitesPage } from "./SitesPage";
import { UserPage } from "./UserPage";
import { UsersPage } from "./UsersPage";

export function AdminView() {
  const session = useSignInRequired();
  const { path } = useRoute();
  if (session.status !== "signedIn") return <Loading />;
  const principal = session.info.principal;
  const roles = principal?.roles ?? [];
  if (!mayAdminister(roles)) {
    return (
      <Card>
        <PageHeading>{a("title")}</PageHeading>
        <Alert>{a("refused")}</Alert>
      </Card>
    );
  }
  const caller: AdminCaller = {
    userId: principal?.userId ?? "",
    roles,
    platform: isPlatformAdmin(roles),
    organizationId: principal?.organizationId ?? "",
    organizationName: session.info.organizationName,
  };
  return (
    <div className="admin">
      <AdminNav platform={caller.platform} />
      <AdminPage caller={caller} path={path} />
    </div>
  );
}

function AdminPage({ caller, path }: { caller: AdminCaller; path: string }) {
  const { query } = useRoute();
  // Filter forms start from the address: a new address, a fresh form.
  const filters = query.toString();
  const page = adminPage(path);
  switch (page.page) {
    case "users":
      return <UsersPage key={filters} caller={caller} />;
    case "user":
      // Keyed by the id so each user's page starts fresh.
      return <UserPage key={page.userId} caller={caller} userId={page.userId} />;
    case "provision":
      return <ProvisionPage caller={caller} />;
    case "sites":
      return <SitesPage caller={caller} />;
    case "organizations":
      return caller.platform ? <OrganizationsPage /> : <NotFoundHere />;
    case "audit":
      return <AuditPage key={filters} />;
    case "notFound":
      return <NotFoundHere />;
  }
}

function NotFoundHere() {
  return (
    <section className="admin-page">
      <PageHeading>{a("title")}</PageHeading>
      <Alert>{a("notFound")}</Alert>
    </section>
  );
}
