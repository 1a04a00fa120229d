/**
 * Organisations (the platform operator's): the list, oldest first, a page
 * at a time, each with links to its sites, its users and adding an
 * administrator; and a form to add one. Onboarding an organisation is:
 * add it, add its sites, add its first program administrator.
 */
import { useCallback, useState } from "react";
import { adminClient } from "../api/admin";
import { alertText, toApiError } from "../api/errors";
import { Link } from "../app/router";
import { Role } from "../gen/portal/auth/v1/auth_pb";
import { Alert, Button, PageHeading } from "../ui";
import { dateTime, usersPath } from "./adminLogic";
import { a } from "./adminWords";
import { DataTable } from "./DataTable";
import { NameForm } from "./NameForm";
import { useCursorList } from "./useCursorList";

const PAGE_SIZE = 25;

export function OrganizationsPage() {
  const [reloadKey, setReloadKey] = useState(0);
  const fetchPage = useCallback(
    (pageToken: string) =>
      adminClient
        .listOrganizations({ pageSize: PAGE_SIZE, pageToken })
        .then((page) => ({ items: page.organizations, next: page.nextPageToken })),
    [],
  );
  const { items: organizations, hasMore, more, error } = useCursorList(fetchPage, reloadKey);

  return (
    <section className="admin-page">
      <PageHeading>{a("organizations.heading")}</PageHeading>
      <p className="admin-intro">{a("organizations.intro")}</p>
      <NameForm
        label={a("organizations.name")}
        submit={a("organizations.create")}
        create={async (name) => (await adminClient.createOrganization({ name })).name}
        created={(name) => a("organizations.created", { name })}
        onCreated={() => setReloadKey((key) => key + 1)}
      />
      <Alert>{error === undefined ? undefined : alertText(toApiError(error))}</Alert>
      {organizations && organizations.length === 0 && <p>{a("organizations.empty")}</p>}
      {organizations && organizations.length > 0 && (
        <DataTable
          caption={a("organizations.caption")}
          columns={[
            a("organizations.column.name"),
            a("organizations.column.created"),
            a("organizations.column.links"),
          ]}
        >
          {organizations.map((organization) => (
            <tr key={organization.id}>
              <th scope="row">{organization.name}</th>
              <td className="admin-nowrap">{dateTime(organization.createdAt)}</td>
              <td>
                <ul className="admin-links">
                  <li>
                    <Link to={`/admin/sites?organization=${encodeURIComponent(organization.id)}`}>
                      {a("organizations.sites", { organization: organization.name })}
                    </Link>
                  </li>
                  <li>
                    <Link to={usersPath({ text: "", state: "", siteId: "", organizationId: organization.id })}>
                      {a("organizations.users", { organization: organization.name })}
                    </Link>
                  </li>
                  <li>
                    <Link
                      to={`/admin/provision?organization=${encodeURIComponent(organization.id)}&role=${Role.PROGRAM_ADMIN}`}
                    >
                      {a("organizations.addAdmin", { organization: organization.name })}
                    </Link>
                  </li>
                </ul>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {hasMore && (
        <Button variant="secondary" onClick={() => void more()}>
          {a("organizations.more")}
        </Button>
      )}
    </section>
  );
}
