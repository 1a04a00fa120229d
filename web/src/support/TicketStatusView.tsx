/**
 * /contact/status: a request's status by reference + email
 * (GetTicketStatus): status and kind in words, times in the viewer's local
 * time, what was asked (and a call back's window), the conversation (the
 * support team's public replies and the requester's own, newest last), and a
 * reply box (ReplyToTicket).
 * A reference and email that don't match say only that.
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { useRef, useState } from "react";
import type { FormEvent } from "react";
import type { ApiError } from "../api/errors";
import { Code, toApiError } from "../api/errors";
import { supportClient } from "../api/support";
import { Link, stateString, useRoute } from "../app/router";
import { useSession } from "../app/session";
import type { GetTicketStatusResponse } from "../gen/portal/support/v1/support_pb";
import { TicketStatus } from "../gen/portal/support/v1/support_pb";
import { t } from "../messages";
import { Alert, Button, Notice, PageHeading, TextArea, TextField, focusFirstInvalid, useAsyncAction } from "../ui";
import { LIMITS, signedInRequester, submitFailure } from "./forms";
import { RetryNote, withNode } from "./parts";
import { callbackWords, isClosed, kindWords, statusExplanation, statusWords } from "./ticketWords";
import { describeWindow } from "./callbackWindow";

/** A time in the viewer's own time zone and words, e.g. "2 Dec 2025, 14:05". */
export function formatWhen(ts: Timestamp | undefined): string | undefined {
  if (!ts) return undefined;
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(timestampDate(ts));
}

function When({ ts }: { ts: Timestamp | undefined }) {
  const text = formatWhen(ts);
  if (!ts || !text) return null;
  return <time dateTime={timestampDate(ts).toISOString()}>{text}</time>;
}

/** Public replies, oldest first so the newest is last. */
export function repliesInOrder(ticket: GetTicketStatusResponse): GetTicketStatusResponse["replies"] {
  const at = (ts: Timestamp | undefined) => (ts ? timestampDate(ts).getTime() : 0);
  return [...ticket.replies].sort((a, b) => at(a.at) - at(b.at));
}

interface Lookup {
  ref: string;
  email: string;
}

function TicketFacts({ ticket }: { ticket: GetTicketStatusResponse }) {
  const callback = callbackWords(ticket.callbackStatus);
  const explanation = statusExplanation(ticket.status);
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t("contact.status.status")}</dt>
          <dd className="ticket-status">{statusWords(ticket.status)}</dd>
        </div>
        <div>
          <dt>{t("contact.status.kind")}</dt>
          <dd>{kindWords(ticket.kind)}</dd>
        </div>
        {callback && (
          <div>
            <dt>{t("contact.status.callbackStatus")}</dt>
            <dd>{callback}</dd>
          </div>
        )}
        {ticket.windowStart && ticket.windowEnd && ticket.timeZone && (
          <div>
            <dt>{t("contact.status.window")}</dt>
            <dd>
              {describeWindow(timestampDate(ticket.windowStart), timestampDate(ticket.windowEnd), ticket.timeZone)}
            </dd>
          </div>
        )}
        {ticket.callbackScheduledAt && (
          <div>
            <dt>{t("contact.status.scheduled")}</dt>
            <dd>
              <When ts={ticket.callbackScheduledAt} />
            </dd>
          </div>
        )}
        <div>
          <dt>{t("contact.status.created")}</dt>
          <dd>
            <When ts={ticket.createdAt} />
          </dd>
        </div>
        <div>
          <dt>{t("contact.status.updated")}</dt>
          <dd>
            <When ts={ticket.updatedAt} />
          </dd>
        </div>
      </dl>
      {explanation && <p>{explanation}</p>}
      {(ticket.subject || ticket.message) && (
        <section aria-labelledby="request-heading">
          <h3 id="request-heading">{t("contact.status.request.heading")}</h3>
          {ticket.subject && <p className="reply-meta">{ticket.subject}</p>}
          {ticket.message && <p className="reply-body">{ticket.message}</p>}
        </section>
      )}
    </>
  );
}

function Replies({ ticket }: { ticket: GetTicketStatusResponse }) {
  const replies = repliesInOrder(ticket);
  return (
    <section aria-labelledby="replies-heading">
      <h3 id="replies-heading">{t("contact.status.replies.heading")}</h3>
      {replies.length === 0 ? (
        <p className="muted">{t("contact.status.replies.none")}</p>
      ) : (
        <ol className="replies">
          {replies.map((reply, i) => (
            <li key={i} className="reply">
              <p className="reply-meta">
                <span className="reply-from">
                  {reply.fromRequester ? t("contact.status.reply.fromYou") : t("contact.status.reply.from")}
                </span>{" "}
                · <When ts={reply.at} />
              </p>
              <p className="reply-body">{reply.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function TicketStatusView() {
  const route = useRoute();
  const { session } = useSession();
  const lookupAction = useAsyncAction();
  const replyAction = useAsyncAction();
  const lookupForm = useRef<HTMLFormElement>(null);
  const replyForm = useRef<HTMLFormElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const [ref, setRef] = useState(() => route.query.get("ref")?.trim() ?? "");
  const [email, setEmail] = useState(
    () => stateString(route.state, "email") ?? signedInRequester(session)?.email ?? "",
  );
  const [lookupErrors, setLookupErrors] = useState<{ ref?: string | undefined; email?: string | undefined }>({});
  const [lookupAlert, setLookupAlert] = useState<string>();
  const [found, setFound] = useState<{ lookup: Lookup; ticket: GetTicketStatusResponse }>();

  const [reply, setReply] = useState("");
  const [replyError, setReplyError] = useState<string>();
  const [replyAlert, setReplyAlert] = useState<{ message: string; closed: boolean }>();
  const [replyRetry, setReplyRetry] = useState<Date>();
  const [replyNotice, setReplyNotice] = useState<string>();

  function lookupFailure(err: ApiError): string | undefined {
    if (err.code === Code.NotFound) return t("contact.status.notFound");
    const failure = submitFailure(
      err,
      { ticket_ref: t("contact.status.ref.label"), email: t("contact.status.email.label") },
      (f) => f,
    );
    setLookupErrors({ ref: failure.fields["ticket_ref"], email: failure.fields["email"] });
    return failure.alert;
  }

  function submitLookup(event: FormEvent) {
    event.preventDefault();
    const errors = {
      ref: ref.trim() ? undefined : t("contact.status.ref.required"),
      email: email.trim() ? undefined : t("contact.status.email.required"),
    };
    setLookupErrors(errors);
    setLookupAlert(undefined);
    if (errors.ref || errors.email) {
      focusFirstInvalid(lookupForm.current);
      return;
    }
    const lookup = { ref: ref.trim().toUpperCase(), email: email.trim() };
    void lookupAction.run(async () => {
      try {
        const ticket = await supportClient.getTicketStatus({ ticketRef: lookup.ref, email: lookup.email });
        setFound({ lookup, ticket });
        setReply("");
        setReplyError(undefined);
        setReplyAlert(undefined);
        setReplyNotice(undefined);
        requestAnimationFrame(() => resultHeading.current?.focus());
      } catch (e) {
        setFound(undefined);
        setLookupAlert(lookupFailure(toApiError(e)));
        focusFirstInvalid(lookupForm.current);
      }
    });
  }

  function submitReply(event: FormEvent) {
    event.preventDefault();
    if (!found) return;
    const { lookup } = found;
    setReplyNotice(undefined);
    setReplyAlert(undefined);
    if (!reply.trim()) {
      setReplyError(t("contact.status.reply.required"));
      focusFirstInvalid(replyForm.current);
      return;
    }
    setReplyError(undefined);
    void replyAction.run(async () => {
      try {
        const res = await supportClient.replyToTicket({ ticketRef: lookup.ref, email: lookup.email, message: reply });
        setReply("");
        setReplyRetry(undefined);
        setReplyNotice(t("contact.status.reply.sent", { status: statusWords(res.status) }));
        try {
          const ticket = await supportClient.getTicketStatus({ ticketRef: lookup.ref, email: lookup.email });
          setFound({ lookup, ticket });
        } catch {
          setFound((f) => (f ? { lookup, ticket: { ...f.ticket, status: res.status } } : f));
        }
      } catch (e) {
        const err = toApiError(e);
        if (err.code === Code.NotFound) {
          setReplyAlert({ message: t("contact.status.notFound"), closed: false });
          return;
        }
        const failure = submitFailure(err, { message: t("contact.status.reply.label") }, (f) => f);
        setReplyError(failure.fields["message"]);
        setReplyRetry(failure.retryAt);
        if (failure.alert) {
          setReplyAlert({ message: failure.alert, closed: err.code === Code.FailedPrecondition });
        }
        focusFirstInvalid(replyForm.current);
      }
    });
  }

  const ticket = found?.ticket;
  return (
    <>
      <PageHeading key="status" title={t("contact.status.title")}>
        {t("contact.status.heading")}
      </PageHeading>
      <Alert>{lookupAlert}</Alert>
      <p className="lead">{t("contact.status.intro")}</p>
      <form ref={lookupForm} noValidate onSubmit={submitLookup} className="contact-form">
        <TextField
          label={t("contact.status.ref.label")}
          name="ticket_ref"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          value={ref}
          onChange={setRef}
          hint={t("contact.status.ref.hint")}
          error={lookupErrors.ref}
        />
        <TextField
          label={t("contact.status.email.label")}
          type="email"
          name="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={lookupErrors.email}
        />
        <div className="actions">
          <Button type="submit" busy={lookupAction.busy}>
            {t("contact.status.check")}
          </Button>
        </div>
      </form>

      {ticket && found && (
        <section className="ticket" aria-labelledby="ticket-heading">
          <h2 id="ticket-heading" ref={resultHeading} tabIndex={-1} className="ticket-heading">
            {t("contact.status.result.heading", { ref: ticket.ticketRef || found.lookup.ref })}
          </h2>
          <TicketFacts ticket={ticket} />
          <Replies ticket={ticket} />
          <section aria-labelledby="reply-heading">
            <h3 id="reply-heading">{t("contact.status.reply.heading")}</h3>
            <Notice>{replyNotice}</Notice>
            {replyAlert && (
              <Alert>
                <p>{replyAlert.message}</p>
                {replyAlert.closed && (
                  <p>
                    <Link to="/contact">{t("contact.status.reply.newRequest")}</Link>
                  </p>
                )}
              </Alert>
            )}
            <RetryNote until={replyRetry} />
            {isClosed(ticket.status) ? (
              <p>
                {withNode(
                  t("contact.status.reply.closed"),
                  "contactForm",
                  <Link to="/contact">{t("contact.status.reply.newRequest")}</Link>,
                )}
              </p>
            ) : (
              ticket.status === TicketStatus.RESOLVED && <p>{t("contact.status.reply.reopens")}</p>
            )}
            <form ref={replyForm} noValidate onSubmit={submitReply} className="contact-form">
              <TextArea
                label={t("contact.status.reply.label")}
                name="message"
                rows={5}
                value={reply}
                onChange={setReply}
                maxLength={LIMITS.message}
                error={replyError}
              />
              <div className="actions">
                <Button type="submit" busy={replyAction.busy}>
                  {t("contact.status.reply.send")}
                </Button>
              </div>
            </form>
          </section>
        </section>
      )}
    </>
  );
}
