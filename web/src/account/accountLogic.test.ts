// Tests of the account page's decisions: access, roles, session order, ended sessions.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../api/errors";
import { SessionScope } from "../app/session";
import { GetSessionResponseSchema, Role, SessionInfoSchema } from "../gen/portal/auth/v1/auth_pb";
import { accountAccess, rolesInWords, sessionEnded, sessionsInOrder } from "./accountLogic";

const info = create(GetSessionResponseSchema, {});

function err(code: Code, reason?: string): ApiError {
  return { code, reason, message: "", fieldViolations: {}, retryAfterMs: undefined, unavailable: false };
}

describe("accountAccess", () => {
  it("lets a full session in and sends everyone else on", () => {
    expect(accountAccess({ status: "loading" })).toBe("loading");
    expect(accountAccess({ status: "anonymous" })).toBe("login");
    expect(accountAccess({ status: "signedIn", scope: SessionScope.FULL, info })).toBe("ok");
    expect(accountAccess({ status: "signedIn", scope: SessionScope.REGISTRATION, info })).toBe("register");
    expect(accountAccess({ status: "signedIn", scope: SessionScope.UNSPECIFIED, info })).toBe("login");
  });
});

describe("rolesInWords", () => {
  it("words the known roles", () => {
    expect(rolesInWords([Role.PROGRAM_ADMIN, Role.SUPPORT_AGENT, Role.UNSPECIFIED])).toEqual([
      "Program administrator",
      "Support agent",
    ]);
    expect(rolesInWords([])).toEqual([]);
  });
});

describe("sessionsInOrder", () => {
  it("puts this device first, then the most recently active", () => {
    const at = (iso: string) => timestampFromDate(new Date(iso));
    const sessions = [
      create(SessionInfoSchema, { sessionId: "old", lastSeenAt: at("2025-01-01T10:00:00Z") }),
      create(SessionInfoSchema, { sessionId: "me", current: true, lastSeenAt: at("2025-01-01T09:00:00Z") }),
      create(SessionInfoSchema, { sessionId: "new", lastSeenAt: at("2025-01-02T10:00:00Z") }),
    ];
    expect(sessionsInOrder(sessions).map((s) => s.sessionId)).toEqual(["me", "new", "old"]);
  });
});

describe("sessionEnded", () => {
  it("is true for a dead session, not for a lock or a wrong password", () => {
    expect(sessionEnded(err(Code.Unauthenticated, "SESSION_INVALID"))).toBe(true);
    expect(sessionEnded(err(Code.Unauthenticated))).toBe(true);
    expect(sessionEnded(err(Code.Unauthenticated, "ACCOUNT_LOCKED"))).toBe(false);
    expect(sessionEnded(err(Code.InvalidArgument, "INVALID_CREDENTIALS"))).toBe(false);
    expect(sessionEnded(err(Code.Unavailable))).toBe(false);
  });
});
