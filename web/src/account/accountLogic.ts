/**
 * The account page's decisions, free of React: who may see it, roles in
 * words, the order of the session list, and which errors mean the session
 * itself has ended.
 */
import type { ApiError } from "../api/errors";
import { Code } from "../api/errors";
import type { Session } from "../app/session";
import { SessionScope } from "../app/session";
import type { SessionInfo } from "../gen/portal/auth/v1/auth_pb";
import { Role } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";

/** "ok" for a full session; otherwise where to send the visitor (or wait). */
export function accountAccess(session: Session): "loading" | "login" | "register" | "ok" {
  switch (session.status) {
    case "loading":
      return "loading";
    case "anonymous":
      return "login";
    case "signedIn":
      return session.scope === SessionScope.FULL ? "ok" : session.scope === SessionScope.REGISTRATION ? "register" : "login";
  }
}

export function roleWords(role: Role): string | undefined {
  switch (role) {
    case Role.PLATFORM_ADMIN:
      return t("account.role.PLATFORM_ADMIN");
    case Role.PROGRAM_ADMIN:
      return t("account.role.PROGRAM_ADMIN");
    case Role.LICENSE_OWNER:
      return t("account.role.LICENSE_OWNER");
    case Role.SUPPORT_AGENT:
      return t("account.role.SUPPORT_AGENT");
    default:
      return undefined;
  }
}

/** The roles a person has, in words (unknown values left out). */
export function rolesInWords(roles: readonly Role[]): string[] {
  return roles.map(roleWords).filter((r): r is string => r !== undefined);
}

function millis(ts: SessionInfo["lastSeenAt"]): number {
  return ts ? Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6) : 0;
}

/** This device first, then the most recently active. */
export function sessionsInOrder(sessions: readonly SessionInfo[]): SessionInfo[] {
  return [...sessions].sort((a, b) => {
    if (a.current !== b.current) return a.current ? -1 : 1;
    return millis(b.lastSeenAt ?? b.createdAt) - millis(a.lastSeenAt ?? a.createdAt);
  });
}

/**
 * True when a call failed because the session is gone (expired, revoked
 * elsewhere, signed out): the page then goes to sign-in. A locked account
 * or a wrong current password is not that.
 */
export function sessionEnded(err: ApiError): boolean {
  return err.code === Code.Unauthenticated && err.reason !== "ACCOUNT_LOCKED" && err.reason !== "INVALID_CREDENTIALS";
}
