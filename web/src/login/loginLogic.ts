/**
 * The sign-in page's decisions, kept free of React so they can be tested:
 * checking the email step (no server call, so nothing tells whether an
 * account exists), what a failed Login means for the page, and where a
 * successful one leads.
 */
import type { ApiError } from "../api/errors";
import { alertText, fieldError, retryAt } from "../api/errors";
import { safeNextPath } from "../app/router";
import type { LoginResponse } from "../gen/portal/auth/v1/auth_pb";
import { Role, SessionScope } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";

/** The error beside the Email field, or undefined when the step may go on. */
export function checkEmail(email: string): string | undefined {
  const trimmed = email.trim();
  if (trimmed === "") return t("login.email.required");
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) return t("login.email.invalid");
  return undefined;
}

/** The error beside the Password field, or undefined. Never trims. */
export function checkPassword(password: string): string | undefined {
  return password === "" ? t("login.password.required") : undefined;
}

export type LoginFailure =
  /** PERMISSION_DENIED NO_SITES: go to /no-sites with the server's message. */
  | { kind: "noSites"; message: string }
  /** Field problems (INVALID_ARGUMENT): beside Email and Password. */
  | { kind: "fields"; email?: string | undefined; password?: string | undefined }
  /** Anything else: the alert, with the extras some reasons call for. */
  | {
      kind: "alert";
      message: string;
      /** ACCOUNT_LOCKED with RetryInfo: when signing in may be tried again. */
      retryAt?: Date | undefined;
      /** TEMPORARY_PASSWORD_EXPIRED: offer "Forgot Password?" beside it. */
      offerForgotPassword: boolean;
    };

export function loginFailure(err: ApiError, now: number = Date.now()): LoginFailure {
  switch (err.reason) {
    case "NO_SITES":
      return { kind: "noSites", message: err.message || t("login.message.noSites") };
    case "ACCOUNT_LOCKED":
      return { kind: "alert", message: alertText(err), retryAt: retryAt(err, now), offerForgotPassword: false };
    case "TEMPORARY_PASSWORD_EXPIRED":
      return { kind: "alert", message: alertText(err), offerForgotPassword: true };
  }
  const email = fieldError(err, "email", t("login.email.label"));
  const password = fieldError(err, "password", t("login.password.label"));
  if (email || password) return { kind: "fields", email, password };
  return { kind: "alert", message: alertText(err), offerForgotPassword: false };
}

/** Where a successful sign-in leads: registration, or `next`, or the account. */
export function destinationAfterLogin(
  response: Pick<LoginResponse, "scope" | "user">,
  next: string | null | undefined,
): string {
  if (response.scope === SessionScope.REGISTRATION) return "/register";
  return safeNextPath(next) ?? landingFor(response.user?.roles ?? []);
}

/** Where a FULL session starts: the platform operator at the
 *  administration pages, support agents at their desk, everyone else
 *  (organisation administrators too, who have a link to /admin) at their
 *  account. */
export function landingFor(roles: readonly Role[]): string {
  if (roles.includes(Role.PLATFORM_ADMIN)) return "/admin";
  return roles.includes(Role.SUPPORT_AGENT) ? "/desk" : "/account";
}
