// Tests of the admin pages' rules: who may administer and grant what, what
// a user's page offers, labels for every audit event kind the auth service
// records, and the addresses that hold the filters.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { TemporaryPasswordStatus, UserDetailsSchema } from "../gen/portal/auth/v1/admin_pb";
import { AccountState, RegistrationStep, Role, UserSchema } from "../gen/portal/auth/v1/auth_pb";
import type { User } from "../gen/portal/auth/v1/auth_pb";
import { landingFor } from "../login/loginLogic";
import {
  EVENT_KINDS,
  adminPage,
  auditPath,
  displayName,
  eventFilterFrom,
  eventKindLabel,
  grantableRoles,
  mayAdminister,
  mayChange,
  rolesOffered,
  rolesText,
  stepsText,
  temporaryPasswordText,
  userActions,
  userFilterFrom,
  usersPath,
} from "./adminLogic";

function details(user: Partial<Omit<User, "$typeName" | "$unknown">>, locked = false) {
  return create(UserDetailsSchema, {
    user: create(UserSchema, { id: "u1", email: "ada@example.com", organizationId: "o1", ...user }),
    locked,
  });
}

describe("who administers", () => {
  it("is program administrators, licence owners and the platform operator", () => {
    expect(mayAdminister([Role.PROGRAM_ADMIN])).toBe(true);
    expect(mayAdminister([Role.LICENSE_OWNER])).toBe(true);
    expect(mayAdminister([Role.PLATFORM_ADMIN])).toBe(true);
    expect(mayAdminister([Role.SUPPORT_AGENT])).toBe(false);
    expect(mayAdminister([])).toBe(false);
  });

  it("lands the operator on /admin; organisation administrators on their account", () => {
    expect(landingFor([Role.PLATFORM_ADMIN])).toBe("/admin");
    expect(landingFor([Role.PLATFORM_ADMIN, Role.SUPPORT_AGENT])).toBe("/admin");
    expect(landingFor([Role.PROGRAM_ADMIN])).toBe("/account");
    expect(landingFor([Role.LICENSE_OWNER])).toBe("/account");
  });

  it("offers staff roles to the platform operator only", () => {
    expect(grantableRoles([Role.PROGRAM_ADMIN])).toEqual([Role.PROGRAM_ADMIN, Role.LICENSE_OWNER]);
    expect(grantableRoles([Role.PLATFORM_ADMIN])).toContain(Role.SUPPORT_AGENT);
    expect(grantableRoles([Role.PLATFORM_ADMIN])).toContain(Role.PLATFORM_ADMIN);
  });

  it("never mixes organisation roles and staff roles on one person", () => {
    expect(rolesOffered([Role.PLATFORM_ADMIN], false)).toEqual([Role.PROGRAM_ADMIN, Role.LICENSE_OWNER]);
    expect(rolesOffered([Role.PLATFORM_ADMIN], true)).toEqual([Role.SUPPORT_AGENT, Role.PLATFORM_ADMIN]);
    expect(rolesOffered([Role.PROGRAM_ADMIN], false)).toEqual([Role.PROGRAM_ADMIN, Role.LICENSE_OWNER]);
    expect(rolesOffered([Role.PROGRAM_ADMIN], true)).toEqual([]);
  });

  it("keeps organisation administrators' hands off staff accounts", () => {
    const agent = create(UserSchema, { roles: [Role.SUPPORT_AGENT] });
    expect(mayChange([Role.PROGRAM_ADMIN], agent)).toBe(false);
    expect(mayChange([Role.PLATFORM_ADMIN], agent)).toBe(true);
    expect(mayChange([Role.PROGRAM_ADMIN], create(UserSchema, { roles: [Role.LICENSE_OWNER] }))).toBe(true);
  });
});

describe("a user's page", () => {
  it("offers the access email to invited accounts and unlock to locked ones", () => {
    expect(userActions([Role.PROGRAM_ADMIN], details({ state: AccountState.INVITED }))).toEqual({
      resendAccess: true,
      unlock: false,
      disable: true,
      sites: true,
    });
    expect(userActions([Role.PROGRAM_ADMIN], details({ state: AccountState.ACTIVE }, true))).toEqual({
      resendAccess: false,
      unlock: true,
      disable: true,
      sites: true,
    });
  });

  it("offers nothing for a disabled account or a staff account", () => {
    const none = { resendAccess: false, unlock: false, disable: false, sites: false };
    expect(userActions([Role.PLATFORM_ADMIN], details({ state: AccountState.DISABLED }, true))).toEqual(none);
    expect(
      userActions([Role.PROGRAM_ADMIN], details({ state: AccountState.ACTIVE, roles: [Role.PLATFORM_ADMIN] })),
    ).toEqual(none);
  });

  it("grants no sites to platform staff, who have no organisation", () => {
    const staff = details({ state: AccountState.ACTIVE, organizationId: "", roles: [Role.SUPPORT_AGENT] });
    expect(userActions([Role.PLATFORM_ADMIN], staff).sites).toBe(false);
  });

  it("names people, roles, steps and the temporary password in words", () => {
    expect(displayName({ firstName: "Ada", lastName: "Lovelace", email: "a@x" })).toBe("Ada Lovelace");
    expect(displayName({ firstName: "", lastName: "", email: "a@x" })).toBe("a@x");
    expect(rolesText([])).toBe("User");
    expect(rolesText([Role.PROGRAM_ADMIN, Role.LICENSE_OWNER])).toBe("Program administrator, Licence owner");
    expect(stepsText([RegistrationStep.TERMS, RegistrationStep.PROFILE])).toBe("Your name, Terms of use");
    const expired = create(UserDetailsSchema, {
      temporaryPassword: TemporaryPasswordStatus.EXPIRED,
      temporaryPasswordExpiresAt: { seconds: 1_790_000_000n, nanos: 0 },
    });
    expect(temporaryPasswordText(expired)).toMatch(/^Expired at .+: resend the access email$/);
  });
});

describe("audit event kinds", () => {
  // The kinds as the auth service declares them (`event_kinds!` in its
  // audit module): the filter must offer each, in words.
  const declared = [
    // Vitest runs in web/.
    ...readFileSync(resolve(process.cwd(), "../auth-service/src/domain/model/audit.rs"), "utf8").matchAll(
      /^\s+\w+ => "([A-Z_]+)",$/gm,
    ),
  ].map((match) => match[1]);

  it("are every kind the service records, each with its own words", () => {
    expect(declared.length).toBeGreaterThan(20);
    expect([...EVENT_KINDS]).toEqual(declared);
    const labels = EVENT_KINDS.map(eventKindLabel);
    expect(labels.every((label, index) => label !== EVENT_KINDS[index])).toBe(true);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("shows a kind it does not know as it came", () => {
    expect(eventKindLabel("SOMETHING_NEW")).toBe("SOMETHING_NEW");
  });
});

describe("addresses", () => {
  it("name each page, a user's page by its id", () => {
    expect(adminPage("/admin")).toEqual({ page: "users" });
    expect(adminPage("/admin/audit")).toEqual({ page: "audit" });
    expect(adminPage("/admin/users/0192-abc")).toEqual({ page: "user", userId: "0192-abc" });
    expect(adminPage("/admin/users/%E0%A4%A")).toEqual({ page: "user", userId: "%E0%A4%A" });
    expect(adminPage("/admin/users/a/b")).toEqual({ page: "notFound" });
    expect(adminPage("/admin/nothing")).toEqual({ page: "notFound" });
  });

  it("hold the users filter and read it back", () => {
    const filter = { text: " ada ", state: String(AccountState.INVITED), siteId: "s1", organizationId: "o1" };
    const path = usersPath(filter);
    expect(path).toBe("/admin?q=ada&state=1&organization=o1&site=s1");
    expect(userFilterFrom(new URL(path, "http://x").searchParams)).toEqual({ ...filter, text: "ada" });
    expect(usersPath({ text: " ", state: "", siteId: "", organizationId: "" })).toBe("/admin");
  });

  it("hold the audit filter and read it back", () => {
    const filter = { userId: "u1", email: "a@x", kind: "USER_DISABLED", from: "2026-12-01", to: "2026-12-02" };
    const path = auditPath(filter);
    expect(eventFilterFrom(new URL(path, "http://x").searchParams)).toEqual(filter);
    expect(auditPath({})).toBe("/admin/audit");
  });
});
