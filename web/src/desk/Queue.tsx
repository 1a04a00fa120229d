/**
 * The queue: tickets newest first, filtered by status, category, kind,
 * assignee ("mine", "unassigned") and words, a page at a time ("Show more"
 * follows the cursor). The filter lives in the address (?status=&q=…), so
 * Refresh and Back keep the place, and a filter can be saved in this
 * browser under a name. Keyboard: j / ↓ next, k / ↑ previous, Enter opens.
 */
import { useCallback, useEffect, useState } from "react";
import type { FormEvent, KeyboardEvent } from "react";
import { agentClient } from "../api/desk";
import { alertText, toApiError } from "../api/errors";
import { Link, navigate, useRoute } from "../app/router";
import type { StatusCount, Ticket } from "../gen/portal/support/v1/agent_pb";
import { Category, TicketKind, TicketStatus } from "../gen/portal/support/v1/support_pb";
import { CATEGORY_NAMES, categoryOptions } from "../support/categories";
import { Alert, Button, PageHeading, Select, TextField, dayStart } from "../ui";
import { statusLabel } from "./deskLogic";
import { d } from "./deskWords";
import { SavedFilters } from "./SavedFilters";

const ACTIVE = [TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING_REQUESTER];
const PAGE_SIZE = 25;

function statusesFor(choice: string): TicketStatus[] {
  if (choice === "active") return ACTIVE;
  if (choice === "all") return [];
  const one = Number(choice);
  return Number.isInteger(one) && one > 0 ? [one as TicketStatus] : ACTIVE;
}

const statusOptions = [
  { value: "active", label: d("queue.status.active") },
  { value: "all", label: d("queue.status.all") },
  ...[
    TicketStatus.NEW,
    TicketStatus.OPEN,
    TicketStatus.PENDING_REQUESTER,
    TicketStatus.RESOLVED,
    TicketStatus.CLOSED,
    TicketStatus.SPAM,
  ].map((status) => ({ value: String(status), label: statusLabel(status) })),
];

const kindOptions = [
  { value: "", label: d("queue.kind.any") },
  { value: String(TicketKind.CONTACT_FORM), label: d("queue.kind.contact") },
  { value: String(TicketKind.CALLBACK), label: d("queue.kind.callback") },
];

const assigneeOptions = [
  { value: "", label: d("queue.assignee.anyone") },
  { value: "mine", label: d("queue.assignee.mine") },
  { value: "unassigned", label: d("queue.unassigned") },
];

/** The filter's fields, as the address holds them. */
interface Draft {
  /** Days, "YYYY-MM-DD", in the agent's time zone; empty: open-ended. */
  from: string;
  to: string;
  status: string;
  category: string;
  kind: string;
  assignee: string;
  text: string;
}

function draftFrom(query: URLSearchParams): Draft {
  return {
    from: query.get("from") ?? "",
    to: query.get("to") ?? "",
    status: query.get("status") ?? "active",
    category: query.get("category") ?? "",
    kind: query.get("kind") ?? "",
    assignee: query.get("assignee") ?? "",
    text: query.get("q") ?? "",
  };
}

/** The address of `draft` ("/desk?status=all&q=locked"). */
export function queuePath(draft: Draft): string {
  const params = new URLSearchParams();
  if (draft.status !== "active") params.set("status", draft.status);
  if (draft.category) params.set("category", draft.category);
  if (draft.kind) params.set("kind", draft.kind);
  if (draft.assignee) params.set("assignee", draft.assignee);
  if (draft.from) params.set("from", draft.from);
  if (draft.to) params.set("to", draft.to);
  if (draft.text.trim()) params.set("q", draft.text.trim());
  const suffix = params.toString();
  return suffix ? `/desk?${suffix}` : "/desk";
}

export function Queue({ me }: { me: string }) {
  const { query } = useRoute();
  const applied = draftFrom(query);
  const { status, text, kind, assignee, from, to } = applied;
  const category = (CATEGORY_NAMES as readonly string[]).includes(applied.category)
    ? Category[applied.category as keyof typeof Category]
    : Category.UNSPECIFIED;
  const [draft, setDraft] = useState<Draft>(applied);
  const set = (field: keyof Draft) => (value: string) => setDraft((before) => ({ ...before, [field]: value }));
  const [tickets, setTickets] = useState<Ticket[]>();
  const [next, setNext] = useState("");
  const [counts, setCounts] = useState<StatusCount[]>([]);
  // How many rows a refresh reloads: as many as are shown, so it keeps the place.
  const [shown, setShown] = useState(PAGE_SIZE);
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState(0);

  const [reloadKey, setReloadKey] = useState(0);

  const fetchPage = useCallback(
    (pageToken: string, pageSize = PAGE_SIZE) =>
      agentClient.listTickets({
        filter: {
          statuses: statusesFor(status),
          text,
          category,
          kind: Number(kind) || TicketKind.UNSPECIFIED,
          assigneeId: assignee === "mine" ? me : assignee,
          createdFrom: dayStart(from, 0),
          createdTo: dayStart(to, 1),
        },
        pageSize,
        pageToken,
      }),
    [status, text, category, kind, assignee, me, from, to],
  );

  // The first rows, on arrival, when the filter changes and on Refresh
  // (then as many as were shown, up to the page limit of 100).
  useEffect(() => {
    let live = true;
    fetchPage("", Math.min(100, shown)).then(
      (page) => {
        if (!live) return;
        setTickets(page.tickets);
        setNext(page.nextPageToken);
        setCounts(page.statusCounts);
        setError(undefined);
      },
      (e: unknown) => {
        if (live) setError(alertText(toApiError(e)));
      },
    );
    return () => {
      live = false;
    };
    // `shown` is read, not followed: a refresh, not "Show more", reloads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetchPage, reloadKey]);

  async function more() {
    try {
      const page = await fetchPage(next);
      const all = [...(tickets ?? []), ...page.tickets];
      setTickets(all);
      setShown(all.length);
      setNext(page.nextPageToken);
    } catch (e) {
      setError(alertText(toApiError(e)));
    }
  }

  function search(event: FormEvent) {
    event.preventDefault();
    navigate(queuePath(draft), { replace: true });
  }

  function onKey(event: KeyboardEvent<HTMLAnchorElement>) {
    const count = tickets?.length ?? 0;
    if (count === 0) return;
    let to = selected;
    if (event.key === "j" || event.key === "ArrowDown") to = Math.min(count - 1, selected + 1);
    else if (event.key === "k" || event.key === "ArrowUp") to = Math.max(0, selected - 1);
    else return;
    event.preventDefault();
    setSelected(to);
    event.currentTarget.closest("ol")?.querySelectorAll<HTMLAnchorElement>("a.desk-queue-row")[to]?.focus();
  }

  return (
    <section className="desk">
      <PageHeading>{d("queue.heading")}</PageHeading>
      <p className="desk-intro">{d("queue.intro")}</p>
      <form className="desk-filters" onSubmit={search} role="search">
        <Select label={d("queue.status")} value={draft.status} onChange={set("status")} options={statusOptions} />
        <Select
          label={d("queue.category")}
          value={draft.category}
          onChange={set("category")}
          options={[{ value: "", label: d("queue.category.any") }, ...categoryOptions()]}
        />
        <Select label={d("queue.kind")} value={draft.kind} onChange={set("kind")} options={kindOptions} />
        <Select label={d("queue.assignee")} value={draft.assignee} onChange={set("assignee")} options={assigneeOptions} />
        <TextField label={d("queue.from")} type="date" value={draft.from} onChange={set("from")} />
        <TextField label={d("queue.to")} type="date" value={draft.to} onChange={set("to")} />
        <TextField
          label={d("queue.search")}
          hint={d("queue.searchHint")}
          value={draft.text}
          onChange={set("text")}
          type="search"
        />
        <div className="desk-filter-actions">
          <Button type="submit">{d("queue.apply")}</Button>
          <Button type="button" variant="secondary" onClick={() => setReloadKey((key) => key + 1)}>
            {d("queue.refresh")}
          </Button>
        </div>
      </form>
      <SavedFilters current={queuePath(applied)} />
      {counts.length > 0 && (
        <nav className="desk-counts" aria-label={d("queue.counts")}>
          <ul>
            {counts.map((count) => (
              <li key={count.status}>
                <Link to={queuePath({ ...applied, status: String(count.status) })}>
                  {d("queue.count", { status: statusLabel(count.status), count: String(count.tickets) })}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {error && <Alert>{error}</Alert>}
      {tickets && tickets.length === 0 && <p>{d("queue.empty")}</p>}
      {tickets && tickets.length > 0 && (
        <ol className="desk-queue" aria-label={d("queue.listLabel")}>
          {tickets.map((ticket, index) => (
            <li key={ticket.ticketRef}>
              <Link
                to={`/desk/${ticket.ticketRef}`}
                className="desk-queue-row"
                onFocus={() => setSelected(index)}
                onKeyDown={onKey}
                aria-current={index === selected ? "true" : undefined}
              >
                <span className="desk-ref">{ticket.ticketRef}</span>
                <span className="desk-subject">{ticket.subject}</span>
                <span className="desk-requester">
                  {ticket.requesterName} · {ticket.requesterEmail}
                </span>
                <span className={`desk-status desk-status-${ticket.status}`}>{statusLabel(ticket.status)}</span>
                <span className="desk-assignee">
                  {ticket.assigneeEmail ? d("queue.assignedTo", { email: ticket.assigneeEmail }) : d("queue.unassigned")}
                </span>
              </Link>
            </li>
          ))}
        </ol>
      )}
      {next && (
        <Button variant="secondary" onClick={() => void more()}>
          {d("queue.more")}
        </Button>
      )}
    </section>
  );
}
