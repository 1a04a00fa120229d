/**
 * Add a user: email, organisation (the platform operator chooses one, or
 * none for platform staff), the sites they may use and the roles the
 * caller may grant. The result says whether an account was created (an
 * access email is on its way) or an existing one was granted the sites
 * and roles. `?organization=<id>&role=<n>` pre-fills the form (the
 * organisations page links here to add an organisation's first
 * administrator).
 */
import { useState } from "react";
import type { FormEvent } from "react";
import { adminClient } from "../api/admin";
import { formErrors, toApiError } from "../api/errors";
import type { FormErrors } from "../api/errors";
import { Link, useRoute } from "../app/router";
import type { Role } from "../gen/portal/auth/v1/auth_pb";
import { Alert, Button, Checkbox, Notice, PageHeading, Select, TextField, focusFirstInvalid, useAsyncAction } from "../ui";
import { useOrganizations, useSites } from "./adminData";
import { roleLabel, rolesOffered, userPath } from "./adminLogic";
import type { AdminCaller } from "./adminLogic";
import { a } from "./adminWords";

/** The organisation choice that means "platform staff, no organisation". */
const STAFF = "staff";

interface Outcome {
  email: string;
  userId: string;
  created: boolean;
}

function toggled<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...list, item] : list.filter((other) => other !== item);
}

export function ProvisionPage({ caller }: { caller: AdminCaller }) {
  const { query } = useRoute();
  const presetRole = Number(query.get("role"));
  const [email, setEmail] = useState("");
  const [organizationId, setOrganizationId] = useState(caller.platform ? (query.get("organization") ?? "") : "");
  const [siteIds, setSiteIds] = useState<string[]>([]);
  const [roles, setRoles] = useState<Role[]>(
    rolesOffered(caller.roles, false).includes(presetRole) ? [presetRole as Role] : [],
  );
  const [errors, setErrors] = useState<FormErrors>({ alert: undefined, fields: {} });
  const [outcome, setOutcome] = useState<Outcome>();
  const { busy, run } = useAsyncAction();
  const { organizations } = useOrganizations(caller.platform);
  const staff = caller.platform && organizationId === STAFF;
  const offered = rolesOffered(caller.roles, staff);
  const { sites } = useSites(staff ? "" : organizationId, caller);

  const labels = {
    email: a("provision.email"),
    organization_id: a("provision.organization"),
    site_ids: a("provision.sites"),
    roles: a("provision.roles"),
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    void run(async () => {
      try {
        const reply = await adminClient.provisionUser({
          email,
          organizationId: caller.platform && !staff ? organizationId : "",
          siteIds: staff ? [] : siteIds,
          roles,
        });
        setOutcome({ email: email.trim(), userId: reply.userId, created: reply.created });
        setErrors({ alert: undefined, fields: {} });
        setEmail("");
        setSiteIds([]);
        setRoles([]);
      } catch (e) {
        setOutcome(undefined);
        setErrors(formErrors(toApiError(e), labels));
        focusFirstInvalid(form);
      }
    });
  }

  const organizationOptions = [
    ...(organizations ?? []).map((organization) => ({ value: organization.id, label: organization.name })),
    { value: STAFF, label: a("provision.organization.staff") },
  ];
  const showSites = !staff && (!caller.platform || organizationId !== "");
  return (
    <section className="admin-page admin-form-page">
      <PageHeading>{a("provision.heading")}</PageHeading>
      <p className="admin-intro">{a("provision.intro")}</p>
      {outcome && (
        <Notice>
          {a(outcome.created ? "provision.created" : "provision.granted", { email: outcome.email })}{" "}
          <Link to={userPath(outcome.userId)}>{a("provision.open", { email: outcome.email })}</Link>
        </Notice>
      )}
      <Alert>{errors.alert}</Alert>
      <form noValidate onSubmit={submit}>
        <TextField
          label={labels.email}
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={errors.fields.email}
          required
        />
        {caller.platform && (
          <Select
            label={labels.organization_id}
            value={organizationId}
            onChange={(value) => {
              setOrganizationId(value);
              setSiteIds([]);
              // Organisation roles and staff roles never mix.
              setRoles([]);
            }}
            placeholder={a("provision.organization.choose")}
            options={organizationOptions}
            error={errors.fields.organization_id}
          />
        )}
        {showSites && (
          <fieldset className="admin-choices">
            <legend>{labels.site_ids}</legend>
            <p className="field-hint">{a("provision.sites.hint")}</p>
            {errors.fields.site_ids && <p className="field-error">{errors.fields.site_ids}</p>}
            {sites && sites.length === 0 && <p>{a("provision.sites.none")}</p>}
            {(sites ?? []).map((site) => (
              <Checkbox
                key={site.id}
                label={site.name}
                checked={siteIds.includes(site.id)}
                onChange={(on) => setSiteIds((before) => toggled(before, site.id, on))}
              />
            ))}
          </fieldset>
        )}
        <fieldset className="admin-choices">
          <legend>{labels.roles}</legend>
          <p className="field-hint">{a("provision.roles.hint")}</p>
          {errors.fields.roles && <p className="field-error">{errors.fields.roles}</p>}
          {offered.map((role) => (
            <Checkbox
              key={role}
              label={roleLabel(role)}
              checked={roles.includes(role)}
              onChange={(on) => setRoles((before) => toggled(before, role, on))}
            />
          ))}
        </fieldset>
        <div className="actions">
          <Button type="submit" busy={busy}>
            {a("provision.submit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
