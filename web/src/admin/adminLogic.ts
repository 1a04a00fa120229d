/**
 * The admin pages' rules, apart from their views: who may administer,
 * which roles a caller may hand out, what may be done to an account (the
 * auth service enforces the same rules; these only keep the pages from
 * offering what would be refused), labels, and the addresses of the pages
 * with their filters.
 */
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { TemporaryPasswordStatus } from "../gen/portal/auth/v1/admin_pb";
import type { UserDetails } from "../gen/portal/auth/v1/admin_pb";
import { AccountState, Role } from "../gen/portal/auth/v1/auth_pb";
import type { User , RegistrationStep} from "../gen/portal/auth/v1/auth_pb";
import { decodePathSegment } from "../app/router";
import { t } from "../messages";
import { STEPS } from "../register/steps";
import { a, isAdminWord } from "./adminWords";

/** Program administrators, licence owners and the platform operator. */
export function mayAdminister(roles: readonly Role[]): boolean {
  return roles.some((role) => role === Role.PLATFORM_ADMIN || role === Role.PROGRAM_ADMIN || role === Role.LICENSE_OWNER);
}

export function isPlatformAdmin(roles: readonly Role[]): boolean {
  return roles.includes(Role.PLATFORM_ADMIN);
}

const STAFF_ROLES: readonly Role[] = [Role.PLATFORM_ADMIN, Role.SUPPORT_AGENT];

/** Staff roles are the platform's to give (README, "Administration"). */
export function grantableRoles(callerRoles: readonly Role[]): Role[] {
  const organization = [Role.PROGRAM_ADMIN, Role.LICENSE_OWNER];
  return isPlatformAdmin(callerRoles) ? [...organization, Role.SUPPORT_AGENT, Role.PLATFORM_ADMIN] : organization;
}

/**
 * The roles the add-a-user form offers: an organisation's roles for a
 * person of an organisation, staff roles (the operator's to give) for
 * platform staff, who belong to none.
 */
export function rolesOffered(callerRoles: readonly Role[], platformStaff: boolean): Role[] {
  const grantable = grantableRoles(callerRoles);
  return grantable.filter((role) => STAFF_ROLES.includes(role) === platformStaff);
}

/** Organisation administrators never act on platform staff accounts. */
export function mayChange(callerRoles: readonly Role[], target: User | undefined): boolean {
  if (!target) return false;
  if (isPlatformAdmin(callerRoles)) return true;
  return !target.roles.some((role) => STAFF_ROLES.includes(role));
}

/** What the user page offers for `details`. */
export interface UserActions {
  resendAccess: boolean;
  unlock: boolean;
  disable: boolean;
  /** Grant and revoke sites (only inside an organisation). */
  sites: boolean;
}

export function userActions(callerRoles: readonly Role[], details: UserDetails): UserActions {
  const user = details.user;
  if (!user || !mayChange(callerRoles, user) || user.state === AccountState.DISABLED) {
    return { resendAccess: false, unlock: false, disable: false, sites: false };
  }
  return {
    resendAccess: user.state === AccountState.INVITED,
    unlock: details.locked,
    disable: true,
    sites: user.organizationId !== "",
  };
}

export function roleLabel(role: Role): string {
  switch (role) {
    case Role.PLATFORM_ADMIN:
      return a("role.platformAdmin");
    case Role.PROGRAM_ADMIN:
      return a("role.programAdmin");
    case Role.LICENSE_OWNER:
      return a("role.licenseOwner");
    case Role.SUPPORT_AGENT:
      return a("role.supportAgent");
    default:
      return "";
  }
}

/** "Program administrator, Licence owner", or "User" for none. */
export function rolesText(roles: readonly Role[]): string {
  return roles.length === 0 ? a("roles.none") : roles.map(roleLabel).join(", ");
}

export function stateLabel(state: AccountState): string {
  switch (state) {
    case AccountState.INVITED:
      return a("state.invited");
    case AccountState.ACTIVE:
      return a("state.active");
    case AccountState.DISABLED:
      return a("state.disabled");
    default:
      return "";
  }
}

/** "Security questions, Password", in the order registration shows them. */
export function stepsText(pending: readonly RegistrationStep[]): string {
  return STEPS.filter((info) => pending.includes(info.step))
    .map((info) => t(info.label))
    .join(", ");
}

/** An audit event kind in words; an unknown (newer) kind as it came. */
export function eventKindLabel(kind: string): string {
  const id = `kind.${kind}`;
  return isAdminWord(id) ? a(id) : kind;
}

/** Every kind the filter offers, in the catalogue's order. */
export const EVENT_KINDS: readonly string[] = [
  "LOGIN_SUCCEEDED",
  "LOGIN_FAILED",
  "LOGIN_REFUSED_LOCKED",
  "ACCOUNT_LOCKED",
  "LOGIN_NO_SITES",
  "LOGOUT",
  "SESSION_REVOKED",
  "PASSWORD_CHANGED",
  "USER_CREATED",
  "REGISTRATION_PROFILE",
  "REGISTRATION_SECURITY_QUESTIONS",
  "REGISTRATION_PASSWORD",
  "REGISTRATION_EMAIL_VERIFIED",
  "REGISTRATION_TERMS",
  "REGISTRATION_COMPLETED",
  "VERIFICATION_CODE_SENT",
  "VERIFICATION_CODE_REJECTED",
  "USER_PROVISIONED",
  "ACCESS_EMAIL_SENT",
  "ORGANIZATION_CREATED",
  "SITE_CREATED",
  "SITE_ACCESS_GRANTED",
  "SITE_ACCESS_REVOKED",
  "ACCOUNT_UNLOCKED",
  "USER_DISABLED",
  "RESET_ANSWERS_REJECTED",
  "RESET_TOKEN_ISSUED",
  "PASSWORD_RESET",
  "ACCOUNT_LOOKED_UP",
];

/** "Ada Lovelace", or the email before the person gave a name. */
export function displayName(user: { firstName: string; lastName: string; email: string } | undefined): string {
  if (!user) return "";
  const name = `${user.firstName} ${user.lastName}`.trim();
  return name || user.email;
}

export function toDate(ts: Timestamp | undefined): Date | undefined {
  return ts ? new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000)) : undefined;
}

/** A date and time in the viewer's locale and time zone ("1 Dec 2026, 14:32"). */
export function dateTime(ts: Timestamp | undefined): string {
  const date = toDate(ts);
  return date ? date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "";
}

/** The temporary password's standing in words. */
export function temporaryPasswordText(details: UserDetails): string {
  switch (details.temporaryPassword) {
    case TemporaryPasswordStatus.VALID:
      return a("user.temporary.valid", { time: dateTime(details.temporaryPasswordExpiresAt) });
    case TemporaryPasswordStatus.EXPIRED:
      return a("user.temporary.expired", { time: dateTime(details.temporaryPasswordExpiresAt) });
    case TemporaryPasswordStatus.USED:
      return a("user.temporary.used");
    default:
      return a("user.temporary.none");
  }
}

/** Which admin page a path shows. */
export type AdminPage =
  | { page: "users" }
  | { page: "user"; userId: string }
  | { page: "provision" }
  | { page: "sites" }
  | { page: "organizations" }
  | { page: "audit" }
  | { page: "notFound" };

export function adminPage(path: string): AdminPage {
  switch (path) {
    case "/admin":
      return { page: "users" };
    case "/admin/provision":
      return { page: "provision" };
    case "/admin/sites":
      return { page: "sites" };
    case "/admin/organizations":
      return { page: "organizations" };
    case "/admin/audit":
      return { page: "audit" };
  }
  const user = /^\/admin\/users\/([^/]+)$/.exec(path);
  if (user?.[1]) return { page: "user", userId: decodePathSegment(user[1]) };
  return { page: "notFound" };
}

export function userPath(userId: string): string {
  return `/admin/users/${encodeURIComponent(userId)}`;
}

/** The users list's filter, as its address holds it. */
export interface UserFilter {
  text: string;
  /** An `AccountState` number as text; "" for any. */
  state: string;
  siteId: string;
  organizationId: string;
}

export function userFilterFrom(query: URLSearchParams): UserFilter {
  return {
    text: query.get("q") ?? "",
    state: query.get("state") ?? "",
    siteId: query.get("site") ?? "",
    organizationId: query.get("organization") ?? "",
  };
}

/** "/admin?q=ada&state=1" */
export function usersPath(filter: UserFilter): string {
  const params = new URLSearchParams();
  if (filter.text.trim()) params.set("q", filter.text.trim());
  if (filter.state) params.set("state", filter.state);
  if (filter.organizationId) params.set("organization", filter.organizationId);
  if (filter.siteId) params.set("site", filter.siteId);
  const suffix = params.toString();
  return suffix ? `/admin?${suffix}` : "/admin";
}

/** The audit list's filter, as its address holds it. */
export interface EventFilter {
  userId: string;
  email: string;
  kind: string;
  /** Days, "YYYY-MM-DD", in the viewer's time zone; "" for open-ended. */
  from: string;
  to: string;
}

export function eventFilterFrom(query: URLSearchParams): EventFilter {
  return {
    userId: query.get("user") ?? "",
    email: query.get("email") ?? "",
    kind: query.get("kind") ?? "",
    from: query.get("from") ?? "",
    to: query.get("to") ?? "",
  };
}

/** "/admin/audit?user=…&kind=USER_DISABLED" */
export function auditPath(filter: Partial<EventFilter>): string {
  const params = new URLSearchParams();
  if (filter.userId) params.set("user", filter.userId);
  if (filter.email?.trim()) params.set("email", filter.email.trim());
  if (filter.kind) params.set("kind", filter.kind);
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  const suffix = params.toString();
  return suffix ? `/admin/audit?${suffix}` : "/admin/audit";
}

/** Who is using the admin pages, as the pages need it. */
export interface AdminCaller {
  userId: string;
  roles: readonly Role[];
  platform: boolean;
  /** Empty for platform staff. */
  organizationId: string;
  organizationName: string;
}
