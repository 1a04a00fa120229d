/**
 * Organisations (the platform operator's): the list, oldest first, a page
 * at a time, each with links to its sites, its users and adding an
 * administrator; and a form to add one. Onboarding an organisation is:
 * add it, add its sites, add its first program administrator.
 */
import { useCallback, useEffect, useState } from "react";
import type { FormEvent } from "react";
import { adminClient } from "../api/admin";
import { alertText, formErrors, toApiError } from "../api/errors";
import type { FormErrors } from "../api/errors";
import { Link } from "../app/router";
import type { Organization } from "../gen/portal/auth/v1/admin_pb";
import { Role } from "../gen/portal/auth/v1/auth_pb";
import { Alert, Button, Notice, PageHeading, TextField, useAsyncAction } from "../ui";
import { dateTime, usersPath } from "./adminLogic";
import { a } from "./adminWords";

const PAGE_SIZE = 25;

export function OrganizationsPage() {
  const [organizations, setOrganizations] = useState<Organization[]>();
  const [next, setNext] = useState("");
  const [error, setError] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);

  const fetchPage = useCallback((pageToken: string) => adminClient.listOrganizations({ pageSize: PAGE_SIZE, pageToken }), []);

  useEffect(() => {
    let live = true;
    fetchPage("").then(
      (page) => {
        if (!live) return;
        setOrganizations(page.organizations);
        setNext(page.nextPageToken);
      },
      (e: unknown) => {
        if (live) setError(alertText(toApiError(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [fetchPage, reloadKey]);

  async function more() {
    try {
      const page = await fetchPage(next);
      setOrganizations((before) => [...(before ?? []), ...page.organizations]);
      setNext(page.nextPageToken);
    } catch (e) {
      setError(alertText(toApiError(e)));
    }
  }

  return (
    <section className="admin-page">
      <PageHeading>{a("organizations.heading")}</PageHeading>
      <p className="admin-intro">{a("organizations.intro")}</p>
      <NewOrganization onCreated={() => setReloadKey((key) => key + 1)} />
      <Alert>{error}</Alert>
      {organizations && organizations.length === 0 && <p>{a("organizations.empty")}</p>}
      {organizations && organizations.length > 0 && (
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">{a("organizations.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{a("organizations.column.name")}</th>
                <th scope="col">{a("organizations.column.created")}</th>
                <th scope="col">{a("organizations.column.links")}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <Button variant="secondary" onClick={() => void more()}>
          {a("organizations.more")}
        </Button>
      )}
    </section>
  );
}

function NewOrganization({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FormErrors>({ alert: undefined, fields: {} });
  const [notice, setNotice] = useState<string>();
  const { busy, run } = useAsyncAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      try {
        const organization = await adminClient.createOrganization({ name });
        setNotice(a("organizations.created", { name: organization.name }));
        setErrors({ alert: undefined, fields: {} });
        setName("");
        onCreated();
      } catch (e) {
        setNotice(undefined);
        setErrors(formErrors(toApiError(e), { name: a("organizations.name") }));
      }
    });
  }

  return (
    <form className="admin-inline-form" noValidate onSubmit={submit}>
      <TextField label={a("organizations.name")} value={name} onChange={setName} error={errors.fields.name} required />
      <Button type="submit" busy={busy}>
        {a("organizations.create")}
      </Button>
      <Alert>{errors.alert}</Alert>
      <Notice>{notice}</Notice>
    </form>
  );
}
