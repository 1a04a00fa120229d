/**
 * A call-back ticket's call: the number, the window in the requester's own
 * time zone beside the agent's, scheduling, and recording each attempt
 * with its outcome. Changes go through the ticket page's `change` (so a
 * stale version shows as a conflict like any other edit).
 */
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useState } from "react";
import type { FormEvent } from "react";
import { agentClient } from "../api/desk";
import { CallbackOutcome } from "../gen/portal/support/v1/agent_pb";
import type { Ticket } from "../gen/portal/support/v1/agent_pb";
import { CallbackStatus } from "../gen/portal/support/v1/support_pb";
import { Button, Select, TextField } from "../ui";
import { d } from "./deskWords";

type Change = (action: (version: bigint) => Promise<Ticket>, done?: string) => Promise<void>;

function inZone(ts: { seconds: bigint } | undefined, timeZone?: string): string {
  if (!ts) return "";
  const date = new Date(Number(ts.seconds) * 1000);
  try {
    return date.toLocaleString(undefined, { timeZone, dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });
  } catch {
    return date.toLocaleString();
  }
}

const outcomes = [
  { value: String(CallbackOutcome.NO_ANSWER), label: d("callback.outcome.noAnswer") },
  { value: String(CallbackOutcome.VOICEMAIL), label: d("callback.outcome.voicemail") },
  { value: String(CallbackOutcome.REACHED), label: d("callback.outcome.reached") },
  { value: String(CallbackOutcome.WRONG_NUMBER), label: d("callback.outcome.wrongNumber") },
];

function statusWords(status: CallbackStatus): string {
  switch (status) {
    case CallbackStatus.REQUESTED:
      return d("callback.status.requested");
    case CallbackStatus.SCHEDULED:
      return d("callback.status.scheduled");
    case CallbackStatus.COMPLETED:
      return d("callback.status.completed");
    case CallbackStatus.FAILED:
      return d("callback.status.failed");
    case CallbackStatus.CANCELLED:
      return d("callback.status.cancelled");
    default:
      return "";
  }
}

export function CallbackPanel({ ticket, change, busy }: { ticket: Ticket; change: Change; busy: boolean }) {
  const [when, setWhen] = useState("");
  const [outcome, setOutcome] = useState(String(CallbackOutcome.NO_ANSWER));
  const [notes, setNotes] = useState("");
  const open = ticket.callbackStatus === CallbackStatus.REQUESTED || ticket.callbackStatus === CallbackStatus.SCHEDULED;
  const ref = ticket.ticketRef;

  function schedule(event: FormEvent) {
    event.preventDefault();
    const at = new Date(when);
    if (Number.isNaN(at.getTime())) return;
    void change(
      (version) => agentClient.scheduleCallback({ ticketRef: ref, scheduledAt: timestampFromDate(at), version }),
      d("callback.scheduled"),
    );
  }

  function record(event: FormEvent) {
    event.preventDefault();
    void change(
      (version) =>
        agentClient.recordCallbackAttempt({ ticketRef: ref, outcome: Number(outcome), notes, version }),
      d("callback.recorded"),
    ).then(() => setNotes(""));
  }

  return (
    <section className="desk-panel" aria-labelledby="callback-heading">
      <h2 id="callback-heading">{d("callback.heading")}</h2>
      <dl className="desk-facts">
        <div>
          <dt>{d("ticket.phone")}</dt>
          <dd>
            <a href={`tel:${ticket.phone}`}>{ticket.phone}</a>
          </dd>
        </div>
        <div>
          <dt>{d("callback.status")}</dt>
          <dd>{statusWords(ticket.callbackStatus)}</dd>
        </div>
        <div>
          <dt>{d("callback.theirWindow", { zone: ticket.timeZone })}</dt>
          <dd>
            {inZone(ticket.windowStart, ticket.timeZone)} – {inZone(ticket.windowEnd, ticket.timeZone)}
          </dd>
        </div>
        <div>
          <dt>{d("callback.yourWindow")}</dt>
          <dd>
            {inZone(ticket.windowStart)} – {inZone(ticket.windowEnd)}
          </dd>
        </div>
        {ticket.callbackScheduledAt && (
          <div>
            <dt>{d("callback.scheduledFor")}</dt>
            <dd>
              {inZone(ticket.callbackScheduledAt)} ({d("callback.theirTime", { time: inZone(ticket.callbackScheduledAt, ticket.timeZone) })})
            </dd>
          </div>
        )}
      </dl>
      {open && (
        <>
          <form className="desk-inline-form" onSubmit={schedule}>
            <TextField label={d("callback.when")} type="datetime-local" value={when} onChange={setWhen} />
            <Button type="submit" variant="secondary" busy={busy}>
              {d("callback.schedule")}
            </Button>
          </form>
          <form className="desk-inline-form" onSubmit={record}>
            <Select label={d("callback.outcome")} value={outcome} onChange={setOutcome} options={outcomes} />
            <TextField label={d("callback.notes")} value={notes} onChange={setNotes} />
            <Button type="submit" busy={busy}>
              {d("callback.record")}
            </Button>
          </form>
        </>
      )}
    </section>
  );
}
