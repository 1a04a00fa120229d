/**
 * The desk's rules, apart from its views: who may use it, which status
 * changes a ticket allows (the support service's own state machine, so
 * only legal moves are offered), and the plain-language diagnosis of why a
 * requester cannot sign in.
 */
import { Role } from "../gen/portal/auth/v1/auth_pb";
import type { AccountContext, LookupAccountResponse } from "../gen/portal/auth/v1/account_support_pb";
import { TemporaryPasswordStatus } from "../gen/portal/auth/v1/admin_pb";
import { AccountState } from "../gen/portal/auth/v1/auth_pb";
import { TicketStatus } from "../gen/portal/support/v1/support_pb";
import { d } from "./deskWords";

/** Support agents and platform admins work the desk. */
export function mayUseDesk(roles: readonly Role[]): boolean {
  return roles.includes(Role.SUPPORT_AGENT) || roles.includes(Role.PLATFORM_ADMIN);
}

/** NEW → OPEN | SPAM; OPEN → PENDING_REQUESTER | RESOLVED; PENDING_REQUESTER → OPEN;
 *  RESOLVED → OPEN | CLOSED (README, "Working a ticket"). */
export function nextStatuses(status: TicketStatus): TicketStatus[] {
  switch (status) {
    case TicketStatus.NEW:
      return [TicketStatus.OPEN, TicketStatus.SPAM];
    case TicketStatus.OPEN:
      return [TicketStatus.PENDING_REQUESTER, TicketStatus.RESOLVED];
    case TicketStatus.PENDING_REQUESTER:
      return [TicketStatus.OPEN];
    case TicketStatus.RESOLVED:
      return [TicketStatus.OPEN, TicketStatus.CLOSED];
    default:
      return [];
  }
}

export function statusLabel(status: TicketStatus): string {
  switch (status) {
    case TicketStatus.NEW:
      return d("status.new");
    case TicketStatus.OPEN:
      return d("status.open");
    case TicketStatus.PENDING_REQUESTER:
      return d("status.pending");
    case TicketStatus.RESOLVED:
      return d("status.resolved");
    case TicketStatus.CLOSED:
      return d("status.closed");
    case TicketStatus.SPAM:
      return d("status.spam");
    default:
      return "";
  }
}

/** "14:32" in the agent's own time zone (24-hour: no AM/PM to misread). */
export function clock(date: Date): string {
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

function timestampDate(ts: { seconds: bigint; nanos: number } | undefined): Date | undefined {
  return ts ? new Date(Number(ts.seconds) * 1000 + Math.round(ts.nanos / 1e6)) : undefined;
}

/** Whole days (at least 1) from `then` to `now`. */
function daysBetween(then: Date, now: Date): number {
  return Math.max(1, Math.round((now.getTime() - then.getTime()) / 86_400_000));
}

/**
 * Why the requester cannot sign in, most pressing first, each a sentence
 * an agent can act on.
 */
export function diagnose(lookup: LookupAccountResponse, now: Date): string[] {
  const account: AccountContext | undefined = lookup.account;
  if (!lookup.exists || !account) return [d("diagnosis.noAccount")];
  const findings: string[] = [];
  const state = account.user?.state;
  if (state === AccountState.DISABLED) findings.push(d("diagnosis.disabled"));
  const lockedUntil = timestampDate(account.lockedUntil);
  if (lockedUntil && lockedUntil > now) {
    findings.push(d("diagnosis.locked", { time: clock(lockedUntil), failures: account.failedSignIns }));
  }
  if (state === AccountState.INVITED) {
    const issued = timestampDate(account.temporaryPasswordIssuedAt);
    const expires = timestampDate(account.temporaryPasswordExpiresAt);
    switch (account.temporaryPassword) {
      case TemporaryPasswordStatus.EXPIRED:
        findings.push(
          d("diagnosis.temporaryExpired", { days: expires ? daysBetween(expires, now) : 1 }),
        );
        break;
      case TemporaryPasswordStatus.VALID:
        findings.push(d("diagnosis.temporaryValid", { time: expires ? clock(expires) : "" }));
        break;
      case TemporaryPasswordStatus.USED:
        findings.push(d("diagnosis.registrationUnfinished", { steps: account.pendingSteps.length }));
        break;
      default:
        if (issued === undefined) findings.push(d("diagnosis.registrationUnfinished", { steps: account.pendingSteps.length }));
    }
  }
  if (state === AccountState.ACTIVE && account.siteCount === 0 && !isStaff(account)) {
    const organization = account.organizationName || d("diagnosis.theirOrganization");
    const admins = account.organizationAdministrators.map((admin) => `${admin.name} (${admin.email})`).join(", ");
    findings.push(admins ? d("diagnosis.noSitesAdmins", { organization, admins }) : d("diagnosis.noSites", { organization }));
  }
  const undelivered = lookup.mail.find((mail) => !mail.sentAt && (mail.attempts > 0 || mail.failed));
  if (undelivered) {
    findings.push(
      d(undelivered.failed ? "diagnosis.mailFailed" : "diagnosis.mailWaiting", {
        subject: undelivered.subject,
        error: undelivered.lastError || "—",
      }),
    );
  }
  if (findings.length === 0) findings.push(d("diagnosis.nothingWrong"));
  return findings;
}

function isStaff(account: AccountContext): boolean {
  return mayUseDesk(account.user?.roles ?? []);
}

/** Which of the two emails fit this account. */
export function emailActions(lookup: LookupAccountResponse): { reset: boolean; access: boolean } {
  const state = lookup.account?.user?.state;
  return {
    reset: lookup.exists && state !== AccountState.DISABLED,
    access: state === AccountState.INVITED,
  };
}
