// Tests of the sign-in page's decisions (email step, failures, destination).
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../api/errors";
import { SessionScope } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import { checkEmail, checkPassword, destinationAfterLogin, loginFailure } from "./loginLogic";

function apiError(partial: Partial<ApiError>): ApiError {
  return {
    code: Code.Unauthenticated,
    reason: undefined,
    message: "",
    fieldViolations: {},
    retryAfterMs: undefined,
    unavailable: false,
    ...partial,
  };
}

describe("the email step", () => {
  it("asks for an email, without calling anyone", () => {
    expect(checkEmail("")).toBe(t("login.email.required"));
    expect(checkEmail("   ")).toBe(t("login.email.required"));
    expect(checkEmail("jane")).toBe(t("login.email.invalid"));
    expect(checkEmail(" jane@example.com ")).toBeUndefined();
  });

  it("accepts any non-empty password, spaces included", () => {
    expect(checkPassword("")).toBe(t("login.password.required"));
    expect(checkPassword("  ")).toBeUndefined();
  });
});

describe("loginFailure", () => {
  it("shows invalid credentials in the server's words", () => {
    const failure = loginFailure(
      apiError({ reason: "INVALID_CREDENTIALS", message: "Invalid email and/or password." }),
    );
    expect(failure).toEqual({ kind: "alert", message: "Invalid email and/or password.", offerForgotPassword: false });
  });

  it("adds when a locked account may try again", () => {
    const failure = loginFailure(
      apiError({ reason: "ACCOUNT_LOCKED", message: "…temporarily locked…", retryAfterMs: 60_000 }),
      1_000,
    );
    expect(failure.kind).toBe("alert");
    if (failure.kind === "alert") expect(failure.retryAt?.getTime()).toBe(61_000);
  });

  it("offers Forgot Password? beside an expired temporary password", () => {
    const failure = loginFailure(apiError({ reason: "TEMPORARY_PASSWORD_EXPIRED", message: "expired" }));
    expect(failure).toMatchObject({ kind: "alert", message: "expired", offerForgotPassword: true });
  });

  it("sends an account without sites to the no-sites page", () => {
    const failure = loginFailure(
      apiError({ code: Code.PermissionDenied, reason: "NO_SITES", message: t("login.message.noSites") }),
    );
    expect(failure).toEqual({ kind: "noSites", message: t("login.message.noSites") });
  });

  it("puts field violations beside the fields", () => {
    const failure = loginFailure(
      apiError({
        code: Code.InvalidArgument,
        reason: "INVALID_ARGUMENT",
        fieldViolations: { email: ["must not be empty"] },
      }),
    );
    expect(failure).toEqual({ kind: "fields", email: "Email must not be empty.", password: undefined });
  });

  it("uses the catalogue when the portal cannot be reached", () => {
    const failure = loginFailure(apiError({ code: Code.Unavailable, unavailable: true }));
    expect(failure).toMatchObject({ kind: "alert", message: t("common.error.unavailable") });
  });
});

describe("destinationAfterLogin", () => {
  it("leads a registration session to /register", () => {
    expect(destinationAfterLogin({ scope: SessionScope.REGISTRATION }, "/account")).toBe("/register");
  });
  it("leads a full session to next (same origin only) or /account", () => {
    expect(destinationAfterLogin({ scope: SessionScope.FULL }, "/contact/status")).toBe("/contact/status");
    expect(destinationAfterLogin({ scope: SessionScope.FULL }, "//evil.example")).toBe("/account");
    expect(destinationAfterLogin({ scope: SessionScope.FULL }, null)).toBe("/account");
  });
});
