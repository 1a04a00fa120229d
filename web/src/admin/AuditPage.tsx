/**
 * The audit trail, newest first: filter by event kind, email (as typed,
 * so failed sign-ins of addresses without an account are found too), days
 * in the viewer's time zone and, from a user's page, one account
 * (`?user=<id>`). Each event shows who acted and from which IP address and
 * browser. The filter lives in the address; "Show more" follows the cursor.
 */
import { useCallback, useEffect, useState } from "react";
import type { FormEvent } from "react";
import { adminClient } from "../api/admin";
import { formErrors, toApiError } from "../api/errors";
import type { FormErrors } from "../api/errors";
import { Link, navigate, useRoute } from "../app/router";
import { Alert, Button, PageHeading, Select, TextField, dayStart } from "../ui";
import { EVENT_KINDS, auditPath, displayName, eventFilterFrom, eventKindLabel } from "./adminLogic";
import type { EventFilter } from "./adminLogic";
import { a } from "./adminWords";
import { useCursorList } from "./useCursorList";
import { EventTable } from "./EventTable";

const PAGE_SIZE = 50;

const kindOptions = [
  { value: "", label: a("audit.kind.any") },
  ...EVENT_KINDS.map((kind) => ({ value: kind, label: eventKindLabel(kind) })),
];

const NO_ERRORS: FormErrors = { alert: undefined, fields: {} };

/** The account the list is narrowed to, by name, once known. */
function useAccountName(userId: string): string {
  const [name, setName] = useState("");
  useEffect(() => {
    let live = true;
    if (!userId) return;
    adminClient.getUser({ userId }).then(
      (details) => {
        if (live && details.user) setName(`${displayName(details.user)} (${details.user.email})`);
      },
      () => undefined, // the list below shows the server's refusal
    );
    return () => {
      live = false;
    };
  }, [userId]);
  return name || userId;
}

export function AuditPage() {
  const { query } = useRoute();
  const applied = eventFilterFrom(query);
  const [draft, setDraft] = useState<EventFilter>(applied);
  const set = (field: keyof EventFilter) => (value: string) => setDraft((before) => ({ ...before, [field]: value }));
  const account = useAccountName(applied.userId);

  const { userId, email, kind, from, to } = applied;
  const fetchPage = useCallback(
    (pageToken: string) =>
      adminClient.listAuthEvents({
        userId,
        email,
        kind,
        since: dayStart(from, 0),
        until: dayStart(to, 1),
        pageSize: PAGE_SIZE,
        pageToken,
      }).then((page) => ({ items: page.events, next: page.nextPageToken })),
    [userId, email, kind, from, to],
  );
  const { items: events, hasMore, more, error } = useCursorList(fetchPage);
  const errors =
    error === undefined
      ? NO_ERRORS
      : formErrors(toApiError(error), {
          email: a("audit.email"),
          since: a("audit.from"),
          until: a("audit.to"),
          kind: a("audit.kind"),
        });

  function filter(event: FormEvent) {
    event.preventDefault();
    navigate(auditPath(draft), { replace: true });
  }

  return (
    <section className="admin-page">
      <PageHeading>{a("audit.heading")}</PageHeading>
      <p className="admin-intro">{a("audit.intro")}</p>
      {userId && (
        <p className="admin-scope">
          {a("audit.account", { account })} <Link to={auditPath({ ...applied, userId: "" })}>{a("audit.allAccounts")}</Link>
        </p>
      )}
      <form className="admin-filters" onSubmit={filter} role="search">
        <Select label={a("audit.kind")} value={draft.kind} onChange={set("kind")} options={kindOptions} />
        {!userId && (
          <TextField
            label={a("audit.email")}
            hint={a("audit.emailHint")}
            type="email"
            spellCheck={false}
            value={draft.email}
            onChange={set("email")}
            error={errors.fields.email}
          />
        )}
        <TextField label={a("audit.from")} type="date" value={draft.from} onChange={set("from")} error={errors.fields.since} />
        <TextField label={a("audit.to")} type="date" value={draft.to} onChange={set("to")} error={errors.fields.until} />
        <div className="admin-filter-actions">
          <Button type="submit">{a("audit.apply")}</Button>
        </div>
      </form>
      <Alert>{errors.alert}</Alert>
      {events && events.length === 0 && <p>{a("audit.empty")}</p>}
      {events && events.length > 0 && <EventTable events={events} caption={a("audit.caption")} />}
      {hasMore && (
        <Button variant="secondary" onClick={() => void more()}>
          {a("audit.more")}
        </Button>
      )}
    </section>
  );
}
