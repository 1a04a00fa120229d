/**
 * Beside a ticket: the requester's account as `LookupAccount` tells it, a
 * plain-language diagnosis, and the two emails an agent may send (each to
 * the account's own address; the server enforces the limits).
 */
import { useEffect, useState } from "react";
import { accountSupportClient } from "../api/desk";
import { alertText, toApiError } from "../api/errors";
import type { LookupAccountResponse } from "../gen/portal/auth/v1/account_support_pb";
import { Alert, Button, Notice, useAsyncAction } from "../ui";
import { diagnose, emailActions } from "./deskLogic";
import { d } from "./deskWords";

function when(ts: { seconds: bigint } | undefined): string {
  return ts ? new Date(Number(ts.seconds) * 1000).toLocaleString() : "";
}

export function AccountContextPanel({ email }: { email: string }) {
  const [lookup, setLookup] = useState<LookupAccountResponse>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const { busy, run } = useAsyncAction();

  const [reloadKey, setReloadKey] = useState(0);

  // Looked up on arrival and after each email sent.
  useEffect(() => {
    let live = true;
    accountSupportClient.lookupAccount({ email }).then(
      (found) => {
        if (!live) return;
        setLookup(found);
        setError(undefined);
      },
      (e: unknown) => {
        if (live) setError(alertText(toApiError(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [email, reloadKey]);

  async function send(kind: "reset" | "access") {
    await run(async () => {
      try {
        if (kind === "reset") await accountSupportClient.sendPasswordResetEmail({ email });
        else await accountSupportClient.resendAccessEmail({ email });
        setNotice(d(kind === "reset" ? "context.sentReset" : "context.sentAccess", { email }));
        setError(undefined);
        setReloadKey((key) => key + 1);
      } catch (e) {
        setError(alertText(toApiError(e)));
        setNotice(undefined);
      }
    });
  }

  const account = lookup?.account;
  const actions = lookup ? emailActions(lookup) : { reset: false, access: false };
  return (
    <aside className="desk-panel desk-context" aria-labelledby="context-heading">
      <h2 id="context-heading">{d("context.heading")}</h2>
      {!lookup && !error && <p role="status">{d("context.loading")}</p>}
      {error && <Alert>{error}</Alert>}
      {notice && <Notice>{notice}</Notice>}
      {lookup && (
        <>
          <ul className="desk-diagnosis">
            {diagnose(lookup, new Date()).map((finding) => (
              <li key={finding}>{finding}</li>
            ))}
          </ul>
          <div className="actions">
            {actions.reset && (
              <Button busy={busy} onClick={() => void send("reset")}>
                {d("context.sendReset")}
              </Button>
            )}
            {actions.access && (
              <Button variant="secondary" busy={busy} onClick={() => void send("access")}>
                {d("context.resendAccess")}
              </Button>
            )}
          </div>
          {account && (
            <>
              <h3>{d("context.facts")}</h3>
              <dl className="desk-facts">
                <div>
                  <dt>{d("context.organization")}</dt>
                  <dd>{account.organizationName || "—"}</dd>
                </div>
                <div>
                  <dt>{d("context.sites")}</dt>
                  <dd>{account.siteCount}</dd>
                </div>
                <div>
                  <dt>{d("context.lastSignIn")}</dt>
                  <dd>{account.lastSignedInAt ? when(account.lastSignedInAt) : d("context.never")}</dd>
                </div>
                <div>
                  <dt>{d("context.questions")}</dt>
                  <dd>{account.securityQuestionsSet ? d("context.questionsSet") : d("context.questionsNotSet")}</dd>
                </div>
              </dl>
              <h3>{d("context.events")}</h3>
              <ol className="desk-events">
                {account.recentEvents.slice(0, 8).map((event) => (
                  <li key={event.id}>
                    {when(event.occurredAt)} · {event.kind}
                  </li>
                ))}
              </ol>
            </>
          )}
          <h3>{d("context.mail")}</h3>
          {lookup.mail.length === 0 ? (
            <p>{d("context.mailNone")}</p>
          ) : (
            <ol className="desk-events">
              {lookup.mail.slice(0, 8).map((mail, index) => (
                <li key={index}>
                  {mail.subject} ·{" "}
                  {mail.sentAt
                    ? d("context.mailSent", { time: when(mail.sentAt) })
                    : mail.failed
                      ? d("context.mailFailed")
                      : d("context.mailWaiting", { attempts: mail.attempts })}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </aside>
  );
}
