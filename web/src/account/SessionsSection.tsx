/**
 * "My sessions": ListSessions, this device marked and not revocable, every
 * other one with "Sign out this session" (RevokeSession), then the list
 * again and a status notice.
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { useCallback, useEffect, useRef, useState } from "react";
import { authClient } from "../api/auth";
import type { ApiError } from "../api/errors";
import { Code, alertText, toApiError } from "../api/errors";
import type { SessionInfo } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import { Alert, Button, Notice } from "../ui";
import { sessionEnded, sessionsInOrder } from "./accountLogic";
import { shortUserAgent } from "./userAgent";

/** A time in the viewer's own time zone, e.g. "2 Dec 2025, 14:05". */
export function formatWhen(ts: Timestamp | undefined): string {
  if (!ts) return t("account.sessions.unknown");
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(timestampDate(ts));
}

function When({ ts }: { ts: Timestamp | undefined }) {
  if (!ts) return <>{t("account.sessions.unknown")}</>;
  return <time dateTime={timestampDate(ts).toISOString()}>{formatWhen(ts)}</time>;
}

function SessionItem({
  session,
  busy,
  onRevoke,
}: {
  session: SessionInfo;
  busy: boolean;
  onRevoke: (id: string) => void;
}) {
  const nameId = `session-${session.sessionId}-name`;
  return (
    <li className={`session${session.current ? " session-current" : ""}`}>
      <p className="session-head">
        <span id={nameId} className="session-browser">
          {shortUserAgent(session.userAgent)}
        </span>
        {session.current && <span className="badge">{t("account.sessions.thisDevice")}</span>}
      </p>
      <dl className="account-facts account-facts-compact">
        <div>
          <dt>{t("account.sessions.started")}</dt>
          <dd>
            <When ts={session.createdAt} />
          </dd>
        </div>
        <div>
          <dt>{t("account.sessions.lastActive")}</dt>
          <dd>
            <When ts={session.lastSeenAt} />
          </dd>
        </div>
        <div>
          <dt>{t("account.sessions.expires")}</dt>
          <dd>
            <When ts={session.expiresAt} />
          </dd>
        </div>
        <div>
          <dt>{t("account.sessions.ip")}</dt>
          <dd className="session-ip">{session.clientIp || t("account.sessions.unknown")}</dd>
        </div>
      </dl>
      {!session.current && (
        <Button variant="secondary" busy={busy} aria-describedby={nameId} onClick={() => onRevoke(session.sessionId)}>
          {t("account.sessions.revoke")}
        </Button>
      )}
    </li>
  );
}

export function SessionsSection({
  reloadKey,
  onSessionEnded,
}: {
  /** Changes when the list should be fetched again (e.g. after a password change). */
  reloadKey: number;
  onSessionEnded: () => void;
}) {
  const [sessions, setSessions] = useState<SessionInfo[]>();
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [revoking, setRevoking] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  const failed = useCallback(
    (err: ApiError) => {
      if (sessionEnded(err)) onSessionEnded();
      else setAlert(alertText(err));
    },
    [onSessionEnded],
  );

  // Fetched on arrival, when `reloadKey` changes and after each revoke.
  const [ownKey, setOwnKey] = useState(0);
  useEffect(() => {
    let live = true;
    authClient.listSessions({}).then(
      (res) => {
        if (!live) return;
        setSessions(sessionsInOrder(res.sessions));
        setAlert(undefined);
      },
      (e: unknown) => {
        if (live) failed(toApiError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [failed, reloadKey, ownKey]);

  async function revoke(id: string) {
    if (revoking) return;
    setRevoking(id);
    setNotice(undefined);
    setAlert(undefined);
    try {
      await authClient.revokeSession({ sessionId: id });
      setNotice(t("account.sessions.revoked"));
    } catch (e) {
      const err = toApiError(e);
      if (err.code === Code.NotFound) setNotice(t("account.sessions.alreadyGone"));
      else failed(err);
    } finally {
      setRevoking(undefined);
    }
    setOwnKey((k) => k + 1);
    heading.current?.focus();
  }

  return (
    <section className="account-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" ref={heading} tabIndex={-1} className="account-heading">
        {t("account.sessions.heading")}
      </h2>
      <p className="lead">{t("account.sessions.intro")}</p>
      <Notice>{notice}</Notice>
      <Alert>{alert}</Alert>
      {sessions === undefined ? (
        !alert && (
          <p className="muted" role="status">
            {t("common.loading")}
          </p>
        )
      ) : (
        <>
          <ul className="sessions">
            {sessions.map((s) => (
              <SessionItem key={s.sessionId} session={s} busy={revoking === s.sessionId} onRevoke={(id) => void revoke(id)} />
            ))}
          </ul>
          {sessions.every((s) => s.current) && <p className="muted">{t("account.sessions.none")}</p>}
        </>
      )}
    </section>
  );
}
