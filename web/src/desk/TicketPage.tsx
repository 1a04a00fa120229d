/**
 * One ticket: requester, category, message and full history; assign;
 * status changes offering only legal moves; internal notes and public
 * replies; and beside it, the requester's account context. Every change
 * carries the version it was decided on: if someone else changed the
 * ticket first the server answers ABORTED and the page says so — never a
 * silent overwrite.
 */
import { useCallback, useEffect, useState } from "react";
import type { FormEvent } from "react";
import { agentClient } from "../api/desk";
import { Code, alertText, toApiError } from "../api/errors";
import { Link } from "../app/router";
import { NoteVisibility } from "../gen/portal/support/v1/agent_pb";
import type { DeskAgent, Ticket, TicketEvent } from "../gen/portal/support/v1/agent_pb";
import { TicketKind } from "../gen/portal/support/v1/support_pb";
import { Alert, Button, Notice, PageHeading, RadioGroup, Select, TextArea, useAsyncAction } from "../ui";
import { categoryLabel } from "../support/categories";
import { AccountContextPanel } from "./AccountContextPanel";
import { CallbackPanel } from "./CallbackPanel";
import { nextStatuses, statusLabel } from "./deskLogic";
import { d, isDeskWord } from "./deskWords";

function when(ts: { seconds: bigint } | undefined): string {
  return ts ? new Date(Number(ts.seconds) * 1000).toLocaleString() : "";
}

function eventTitle(event: TicketEvent): string {
  const key =
    event.kind === "NOTE_ADDED"
      ? event.visibility === NoteVisibility.PUBLIC
        ? "history.NOTE_ADDED.public"
        : "history.NOTE_ADDED.internal"
      : `history.${event.kind}`;
  return isDeskWord(key) ? d(key) : event.kind;
}

function History({ events }: { events: TicketEvent[] }) {
  return (
    <section aria-labelledby="history-heading" className="desk-panel">
      <h2 id="history-heading">{d("ticket.history")}</h2>
      <ol className="desk-history">
        {events.map((event, index) => (
          <li
            key={index}
            className={event.visibility === NoteVisibility.INTERNAL ? "desk-event desk-event-internal" : "desk-event"}
          >
            <p className="desk-event-title">
              <strong>{eventTitle(event)}</strong> · {when(event.at)}
              {event.agentEmail && ` · ${d("history.by", { agent: event.agentEmail })}`}
            </p>
            {(event.fromValue || event.toValue) && (
              <p className="desk-event-change">
                {event.fromValue} → {event.toValue}
              </p>
            )}
            {event.body && <p className="desk-event-body">{event.body}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function TicketPage({ reference, me }: { reference: string; me: string }) {
  const [ticket, setTicket] = useState<Ticket>();
  const [error, setError] = useState<string>();
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [status, setStatus] = useState("");
  const [visibility, setVisibility] = useState<"internal" | "public">("internal");
  const [body, setBody] = useState("");
  const [agents, setAgents] = useState<DeskAgent[]>([]);
  const [assignee, setAssignee] = useState("");

  // The roster, for assigning to another agent.
  useEffect(() => {
    let live = true;
    agentClient.listAgents({}).then(
      (roster) => {
        if (live) setAgents(roster.agents);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const { busy, run } = useAsyncAction();

  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(() => setReloadKey((key) => key + 1), []);

  // The ticket, on arrival and on Reload.
  useEffect(() => {
    let live = true;
    agentClient.getTicket({ ticketRef: reference }).then(
      (fresh) => {
        if (!live) return;
        setTicket(fresh);
        setError(undefined);
        setConflict(false);
      },
      (e: unknown) => {
        if (live) setError(alertText(toApiError(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [reference, reloadKey]);

  /** Runs one change; a stale version becomes the conflict message. */
  async function change(action: (version: bigint) => Promise<Ticket>, done?: string) {
    if (!ticket) return;
    await run(async () => {
      try {
        setTicket(await action(ticket.version));
        setError(undefined);
        setNotice(done);
        // The legal moves depend on the new status: choose afresh.
        setStatus("");
      } catch (e) {
        const err = toApiError(e);
        if (err.code === Code.Aborted) setConflict(true);
        else setError(alertText(err));
        setNotice(undefined);
      }
    });
  }

  if (!ticket) {
    return error ? <Alert>{error}</Alert> : <p role="status">…</p>;
  }
  const moves = nextStatuses(ticket.status);
  const assignedToMe = ticket.assigneeId === me;

  function addNote(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return;
    void change(
      (version) =>
        agentClient.addNote({
          ticketRef: reference,
          body,
          visibility: visibility === "public" ? NoteVisibility.PUBLIC : NoteVisibility.INTERNAL,
          version,
        }),
      d("ticket.note.added"),
    ).then(() => setBody(""));
  }

  return (
    <div className="desk-ticket">
      <p>
        <Link to="/desk">{d("ticket.back")}</Link>
      </p>
      <PageHeading>{d("ticket.heading", { reference: ticket.ticketRef, subject: ticket.subject })}</PageHeading>
      {conflict && (
        <Alert>
          {d("ticket.conflict")}{" "}
          <Button variant="link" onClick={reload}>
            {d("ticket.reload")}
          </Button>
        </Alert>
      )}
      {error && <Alert>{error}</Alert>}
      {notice && <Notice>{notice}</Notice>}
      <div className="desk-columns">
        <div className="desk-main">
          <section className="desk-panel" aria-label={d("ticket.requester")}>
            <dl className="desk-facts">
              <div>
                <dt>{d("ticket.requester")}</dt>
                <dd>
                  {ticket.requesterName} · {ticket.requesterEmail}
                </dd>
              </div>
              <div>
                <dt>{d("ticket.category")}</dt>
                <dd>{categoryLabel(ticket.category)}</dd>
              </div>
              <div>
                <dt>{d("ticket.status")}</dt>
                <dd>{statusLabel(ticket.status)}</dd>
              </div>
              <div>
                <dt>{d("ticket.assignee")}</dt>
                <dd>{ticket.assigneeEmail || d("queue.unassigned")}</dd>
              </div>
            </dl>
            <h2>{d("ticket.message")}</h2>
            <p className="desk-message">{ticket.message}</p>
            <div className="actions">
              <Button
                variant="secondary"
                busy={busy}
                onClick={() =>
                  void change((version) =>
                    agentClient.assignTicket({
                      ticketRef: reference,
                      assigneeId: assignedToMe ? "unassigned" : "",
                      version,
                    }),
                  )
                }
              >
                {assignedToMe ? d("ticket.unassign") : d("ticket.assignMe")}
              </Button>
            </div>
            {agents.length > 1 && (
              <form
                className="desk-inline-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  const to = assignee || agents[0]?.userId;
                  if (!to) return;
                  void change((version) => agentClient.assignTicket({ ticketRef: reference, assigneeId: to, version }));
                }}
              >
                <Select
                  label={d("ticket.assignTo")}
                  value={assignee || (agents[0]?.userId ?? "")}
                  onChange={setAssignee}
                  options={agents.map((agent) => ({ value: agent.userId, label: agent.email }))}
                />
                <Button type="submit" variant="secondary" busy={busy}>
                  {d("ticket.assign")}
                </Button>
              </form>
            )}
            {moves.length > 0 ? (
              <form
                className="desk-inline-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  const to = Number(status || moves[0]);
                  if (!to) return;
                  void change((version) =>
                    agentClient.updateTicketStatus({ ticketRef: reference, status: to, version }),
                  );
                }}
              >
                <Select
                  label={d("ticket.newStatus")}
                  value={status || String(moves[0])}
                  onChange={setStatus}
                  options={moves.map((move) => ({ value: String(move), label: statusLabel(move) }))}
                />
                <Button type="submit" busy={busy}>
                  {d("ticket.changeStatus")}
                </Button>
              </form>
            ) : (
              <p>{d("ticket.noMoves")}</p>
            )}
          </section>
          {ticket.kind === TicketKind.CALLBACK && <CallbackPanel ticket={ticket} change={change} busy={busy} />}
          <section className="desk-panel" aria-labelledby="note-heading">
            <h2 id="note-heading">{d("ticket.note.heading")}</h2>
            <form onSubmit={addNote}>
              <RadioGroup
                legend={d("ticket.note.kind")}
                name="visibility"
                value={visibility}
                onChange={setVisibility}
                options={[
                  { value: "internal", label: d("ticket.note.internal") },
                  { value: "public", label: d("ticket.note.public") },
                ]}
              />
              <TextArea label={d("ticket.note.body")} value={body} onChange={setBody} maxLength={5000} rows={4} />
              <Button type="submit" busy={busy}>
                {d("ticket.note.add")}
              </Button>
            </form>
          </section>
          <History events={ticket.history} />
        </div>
        <AccountContextPanel email={ticket.requesterEmail} />
      </div>
    </div>
  );
}
