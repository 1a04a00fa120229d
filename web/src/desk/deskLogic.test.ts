import { create } from "@bufbuild/protobuf";
import type { MessageInitShape } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import {
  AccountContextSchema,
  LookupAccountResponseSchema,
  MailRecordSchema,
} from "../gen/portal/auth/v1/account_support_pb";
import type { MailRecord } from "../gen/portal/auth/v1/account_support_pb";
import { TemporaryPasswordStatus } from "../gen/portal/auth/v1/admin_pb";
import { AccountState, Role, UserSchema } from "../gen/portal/auth/v1/auth_pb";
import { TicketStatus } from "../gen/portal/support/v1/support_pb";
import { landingFor } from "../login/loginLogic";
import { clock, diagnose, emailActions, mayUseDesk, nextStatuses } from "./deskLogic";
import { ticketReference } from "./DeskView";

const now = new Date("2026-12-01T12:00:00Z");

type ContextInit = Omit<MessageInitShape<typeof AccountContextSchema>, "$typeName">;

function lookup(account: ContextInit, mail: MailRecord[] = []) {
  return create(LookupAccountResponseSchema, {
    exists: true,
    account: create(AccountContextSchema, {
      user: create(UserSchema, { email: "jane@example.com", state: AccountState.ACTIVE }),
      siteCount: 1,
      organizationName: "Acme Health",
      ...account,
    }),
    mail,
  });
}

describe("the desk", () => {
  it("is for support agents and platform admins, and agents land on it", () => {
    expect(mayUseDesk([Role.SUPPORT_AGENT])).toBe(true);
    expect(mayUseDesk([Role.PLATFORM_ADMIN])).toBe(true);
    expect(mayUseDesk([Role.PROGRAM_ADMIN])).toBe(false);
    expect(mayUseDesk([])).toBe(false);
    expect(landingFor([Role.SUPPORT_AGENT])).toBe("/desk");
    expect(landingFor([Role.PROGRAM_ADMIN])).toBe("/account");
    expect(landingFor([Role.PLATFORM_ADMIN])).toBe("/admin");
  });

  it("reads a ticket reference from the address, even a malformed one", () => {
    expect(ticketReference("SUP-7K2M9QXD")).toBe("SUP-7K2M9QXD");
    expect(ticketReference("SUP%2D7K2M9QXD")).toBe("SUP-7K2M9QXD");
    expect(ticketReference("%E0%A4%A")).toBe("%E0%A4%A");
  });

  it("offers only the status changes the support service allows", () => {
    expect(nextStatuses(TicketStatus.NEW)).toEqual([TicketStatus.OPEN, TicketStatus.SPAM]);
    expect(nextStatuses(TicketStatus.OPEN)).toEqual([TicketStatus.PENDING_REQUESTER, TicketStatus.RESOLVED]);
    expect(nextStatuses(TicketStatus.RESOLVED)).toEqual([TicketStatus.OPEN, TicketStatus.CLOSED]);
    expect(nextStatuses(TicketStatus.CLOSED)).toEqual([]);
    expect(nextStatuses(TicketStatus.SPAM)).toEqual([]);
  });
});

describe("the diagnosis", () => {
  it("says when a lock ends and after how many failures", () => {
    const until = new Date("2026-12-01T12:30:00Z");
    const [first] = diagnose(lookup({ lockedUntil: timestampFromDate(until), failedSignIns: 3 }), now);
    expect(first).toBe(`Locked until ${clock(until)} — 3 failed sign-ins. Send the password reset email: a reset unlocks the account.`);
  });

  it("says how long ago a temporary password expired, and offers the access email", () => {
    const found = lookup({
      user: create(UserSchema, { state: AccountState.INVITED }),
      temporaryPassword: TemporaryPasswordStatus.EXPIRED,
      temporaryPasswordExpiresAt: timestampFromDate(new Date("2026-11-29T12:00:00Z")),
    });
    expect(diagnose(found, now)).toEqual(["Temporary password expired 2 day(s) ago — resend the access email."]);
    expect(emailActions(found)).toEqual({ reset: true, access: true });
  });

  it("names who can grant a site to an account without one", () => {
    const found = lookup({
      siteCount: 0,
      organizationAdministrators: [{ name: "Pat Admin", email: "pat@acme.example" }],
    });
    expect(diagnose(found, now)).toEqual([
      "No sites — Acme Health's program administrators can grant one: Pat Admin (pat@acme.example).",
    ]);
  });

  it("names the organisation of an account without sites", () => {
    expect(diagnose(lookup({ siteCount: 0 }), now)).toEqual([
      "No sites — only Acme Health's program administrators or licence owner can grant one.",
    ]);
  });

  it("says when there is no account, and offers no email", () => {
    const none = create(LookupAccountResponseSchema, { exists: false });
    expect(diagnose(none, now)[0]).toMatch(/^No account has this email/);
    expect(emailActions(none)).toEqual({ reset: false, access: false });
  });

  it("reports mail that could not be delivered", () => {
    const mail = create(MailRecordSchema, { subject: "Reset your portal password", attempts: 3, failed: true, lastError: "550 no such mailbox" });
    expect(diagnose(lookup({}, [mail]), now)).toEqual([
      'The email "Reset your portal password" could not be delivered (550 no such mailbox). Check the address with them.',
    ]);
  });

  it("says so when nothing stands in the way", () => {
    expect(diagnose(lookup({}), now)).toEqual([
      "Nothing stands in the way: the account is active, unlocked and has sites.",
    ]);
  });
});
