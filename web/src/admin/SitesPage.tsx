/**
 * Sites: an organisation's administrator sees their organisation's sites;
 * the platform operator chooses an organisation (`?organization=<id>`)
 * and may add sites to it. Each site links to its users.
 */
import { adminClient } from "../api/admin";
import { Link, navigate, useRoute } from "../app/router";
import { Alert, PageHeading, Select } from "../ui";
import { useOrganizations, useSites } from "./adminData";
import { usersPath } from "./adminLogic";
import type { AdminCaller } from "./adminLogic";
import { a } from "./adminWords";
import { DataTable } from "./DataTable";
import { NameForm } from "./NameForm";

export function SitesPage({ caller }: { caller: AdminCaller }) {
  const { query } = useRoute();
  const organizationId = caller.platform ? (query.get("organization") ?? "") : caller.organizationId;
  const { organizations } = useOrganizations(caller.platform);
  const { sites, error, reload } = useSites(organizationId, caller);
  const organizationName = caller.platform
    ? (organizations?.find((organization) => organization.id === organizationId)?.name ?? "")
    : caller.organizationName;

  return (
    <section className="admin-page">
      <PageHeading>{a("sites.heading")}</PageHeading>
      <p className="admin-intro">{a("sites.intro")}</p>
      {caller.platform && (
        <div className="admin-filters">
          <Select
            label={a("sites.organization")}
            value={organizationId}
            onChange={(id) => navigate(id ? `/admin/sites?organization=${encodeURIComponent(id)}` : "/admin/sites", { replace: true })}
            placeholder={a("sites.organization.choose")}
            options={(organizations ?? []).map((organization) => ({ value: organization.id, label: organization.name }))}
          />
        </div>
      )}
      <Alert>{error}</Alert>
      {organizationId && sites && sites.length === 0 && <p>{a("sites.empty")}</p>}
      {organizationId && sites && sites.length > 0 && (
        <DataTable
          caption={a("sites.caption", { organization: organizationName })}
          columns={[
            a("sites.column.name"),
            a("sites.column.people"),
          ]}
        >
          {sites.map((site) => (
            <tr key={site.id}>
              <th scope="row">{site.name}</th>
              <td>
                <Link
                  to={usersPath({
                    text: "",
                    state: "",
                    siteId: site.id,
                    organizationId: caller.platform ? organizationId : "",
                  })}
                >
                  {a("sites.people", { site: site.name })}
                </Link>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {caller.platform && organizationId && (
        <NameForm
          label={a("sites.name")}
          submit={a("sites.create")}
          create={async (name) => (await adminClient.createSite({ organizationId, name })).name}
          created={(name) => a("sites.created", { name })}
          onCreated={reload}
        />
      )}
    </section>
  );
}
