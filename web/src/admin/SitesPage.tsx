/**
 * Sites: an organisation's administrator sees their organisation's sites;
 * the platform operator chooses an organisation (`?organization=<id>`)
 * and may add sites to it. Each site links to its users.
 */
import { useState } from "react";
import type { FormEvent } from "react";
import { adminClient } from "../api/admin";
import { formErrors, toApiError } from "../api/errors";
import type { FormErrors } from "../api/errors";
import { Link, navigate, useRoute } from "../app/router";
import { Alert, Button, Notice, PageHeading, Select, TextField, useAsyncAction } from "../ui";
import { useOrganizations, useSites } from "./adminData";
import { usersPath } from "./adminLogic";
import type { AdminCaller } from "./adminLogic";
import { a } from "./adminWords";

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
        <div className="admin-table-wrap">
          <table className="admin-table">
            <caption className="visually-hidden">{a("sites.caption", { organization: organizationName })}</caption>
            <thead>
              <tr>
                <th scope="col">{a("sites.column.name")}</th>
                <th scope="col">{a("sites.column.people")}</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </div>
      )}
      {caller.platform && organizationId && <NewSite organizationId={organizationId} onCreated={reload} />}
    </section>
  );
}

function NewSite({ organizationId, onCreated }: { organizationId: string; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FormErrors>({ alert: undefined, fields: {} });
  const [notice, setNotice] = useState<string>();
  const { busy, run } = useAsyncAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      try {
        const site = await adminClient.createSite({ organizationId, name });
        setNotice(a("sites.created", { name: site.name }));
        setErrors({ alert: undefined, fields: {} });
        setName("");
        onCreated();
      } catch (e) {
        setNotice(undefined);
        setErrors(formErrors(toApiError(e), { name: a("sites.name") }));
      }
    });
  }

  return (
    <form className="admin-inline-form" noValidate onSubmit={submit}>
      <TextField label={a("sites.name")} value={name} onChange={setName} error={errors.fields.name} required />
      <Button type="submit" busy={busy}>
        {a("sites.create")}
      </Button>
      <Alert>{errors.alert}</Alert>
      <Notice>{notice}</Notice>
    </form>
  );
}
