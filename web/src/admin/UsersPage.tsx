/**
 * The users list: search by email or name, filter by state, site and (for
 * the platform operator) organisation, oldest first, a page at a time
 * ("Show more" follows the cursor). The filter lives in the address, so
 * Back and a shared link keep it.
 */
import { useCallback, useState } from "react";
import type { FormEvent } from "react";
import { adminClient } from "../api/admin";
import { alertText, toApiError } from "../api/errors";
import { Link, navigate, useRoute } from "../app/router";
import { AccountState } from "../gen/portal/auth/v1/auth_pb";
import { Alert, Button, PageHeading, Select, TextField } from "../ui";
import { useOrganizations, useSites } from "./adminData";
import { displayName, rolesText, stateLabel, userFilterFrom, userPath, usersPath } from "./adminLogic";
import type { AdminCaller, UserFilter } from "./adminLogic";
import { a } from "./adminWords";
import { DataTable } from "./DataTable";
import { useCursorList } from "./useCursorList";

const PAGE_SIZE = 25;

const stateOptions = [
  { value: "", label: a("users.state.any") },
  ...[AccountState.INVITED, AccountState.ACTIVE, AccountState.DISABLED].map((state) => ({
    value: String(state),
    label: stateLabel(state),
  })),
];

export function UsersPage({ caller }: { caller: AdminCaller }) {
  const { query } = useRoute();
  const applied = userFilterFrom(query);
  const [draft, setDraft] = useState<UserFilter>(applied);
  const set = (field: keyof UserFilter) => (value: string) =>
    setDraft((before) => ({ ...before, [field]: value, ...(field === "organizationId" ? { siteId: "" } : {}) }));
  const { organizations } = useOrganizations(caller.platform);
  const { sites } = useSites(draft.organizationId, caller);

  const { text, state, siteId, organizationId } = applied;
  const fetchPage = useCallback(
    (pageToken: string) =>
      adminClient.listUsers({
        query: text,
        state: Number(state) || AccountState.UNSPECIFIED,
        siteId,
        organizationId: caller.platform ? organizationId : "",
        pageSize: PAGE_SIZE,
        pageToken,
      }).then((page) => ({ items: page.users, next: page.nextPageToken })),
    [text, state, siteId, organizationId, caller.platform],
  );
  const { items: users, hasMore, more, error } = useCursorList(fetchPage);

  function search(event: FormEvent) {
    event.preventDefault();
    navigate(usersPath(draft), { replace: true });
  }

  const organizationOptions = [
    { value: "", label: a("users.organization.any") },
    ...(organizations ?? []).map((organization) => ({ value: organization.id, label: organization.name })),
  ];
  const siteOptions = [
    { value: "", label: a("users.site.any") },
    ...(sites ?? []).map((site) => ({ value: site.id, label: site.name })),
  ];
  return (
    <section className="admin-page">
      <PageHeading>{a("users.heading")}</PageHeading>
      <p className="admin-intro">
        {caller.platform ? a("users.introPlatform") : a("users.intro", { organization: caller.organizationName })}
      </p>
      <form className="admin-filters" onSubmit={search} role="search">
        <TextField
          label={a("users.search")}
          hint={a("users.searchHint")}
          type="search"
          value={draft.text}
          onChange={set("text")}
        />
        {caller.platform && (
          <Select
            label={a("users.organization")}
            value={draft.organizationId}
            onChange={set("organizationId")}
            options={organizationOptions}
          />
        )}
        <Select label={a("users.state")} value={draft.state} onChange={set("state")} options={stateOptions} />
        {siteOptions.length > 1 && (
          <Select label={a("users.site")} value={draft.siteId} onChange={set("siteId")} options={siteOptions} />
        )}
        <div className="admin-filter-actions">
          <Button type="submit">{a("users.apply")}</Button>
        </div>
      </form>
      <Alert>{error === undefined ? undefined : alertText(toApiError(error))}</Alert>
      {users && users.length === 0 && <p>{a("users.empty")}</p>}
      {users && users.length > 0 && (
        <DataTable
          caption={a("users.caption")}
          columns={[
            a("users.column.name"),
            a("users.column.email"),
            a("users.column.state"),
            a("users.column.roles"),
          ]}
        >
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row">
                <Link to={userPath(user.id)}>
                  {displayName(user)}
                </Link>
              </th>
              <td className="admin-email">{user.email}</td>
              <td>
                <span className={`admin-state admin-state-${user.state}`}>{stateLabel(user.state)}</span>
              </td>
              <td>{rolesText(user.roles)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {hasMore && (
        <Button variant="secondary" onClick={() => void more()}>
          {a("users.more")}
        </Button>
      )}
    </section>
  );
}
