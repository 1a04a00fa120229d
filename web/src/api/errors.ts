/**
 * The one place where a failed call becomes something a view can show.
 *
 *   try { await authClient.login(req) } catch (e) {
 *     const err = toApiError(e);
 *     err.reason            // "ACCOUNT_LOCKED", "INVALID_CREDENTIALS", …
 *     alertText(err)        // the server's message verbatim, or a
 *                           // catalogue message for network trouble
 *     fieldError(err, "new_password", "New password")
 *                           // "New password must be at least 12 characters."
 *   }
 *
 * The server sends google.rpc details: ErrorInfo (reason), BadRequest
 * (field violations, named like `email` or `answers[1].answer`) and
 * RetryInfo (how long to wait).
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { BadRequestSchema, ErrorInfoSchema, RetryInfoSchema } from "../gen/google/rpc/error_details_pb";
import { t } from "../messages";
import { formatWait } from "../ui/format";

export { Code };

export interface ApiError {
  /** The gRPC status code. */
  code: Code;
  /** `ErrorInfo.reason`, e.g. "ACCOUNT_LOCKED"; undefined when none was sent. */
  reason: string | undefined;
  /** The server's message as it came (no "[code]" prefix). */
  message: string;
  /** Descriptions per request field, from `BadRequest.field_violations`. */
  fieldViolations: Record<string, string[]>;
  /** From `RetryInfo.retry_delay`, in milliseconds. */
  retryAfterMs: number | undefined;
  /** True when the server was never reached or is down for now. */
  unavailable: boolean;
}

/** Turns anything a client call threw into an `ApiError`. */
export function toApiError(error: unknown): ApiError {
  const err = ConnectError.from(error);
  const reason = err.findDetails(ErrorInfoSchema)[0]?.reason || undefined;

  const fieldViolations: Record<string, string[]> = {};
  for (const badRequest of err.findDetails(BadRequestSchema)) {
    for (const v of badRequest.fieldViolations) {
      (fieldViolations[v.field] ??= []).push(v.description);
    }
  }

  let retryAfterMs: number | undefined;
  const delay = err.findDetails(RetryInfoSchema)[0]?.retryDelay;
  if (delay) {
    retryAfterMs = Number(delay.seconds) * 1000 + Math.round(delay.nanos / 1e6);
  }

  return {
    code: err.code,
    reason,
    message: err.rawMessage,
    fieldViolations,
    retryAfterMs,
    unavailable: isUnavailable(err),
  };
}

function isUnavailable(err: ConnectError): boolean {
  switch (err.code) {
    case Code.Unavailable:
    case Code.DeadlineExceeded:
      return true;
    case Code.Unknown:
      // fetch() itself failed (offline, connection refused): connect-web
      // wraps the TypeError as Code.Unknown.
      return err.cause instanceof TypeError || err.rawMessage === "" || /fetch|network/i.test(err.rawMessage);
    default:
      return false;
  }
}

/**
 * The text for the page's alert: the server's own words for errors it
 * explains (every ErrorInfo reason of the README's "Sign-in and lockout" and the like); a catalogue
 * message for network trouble, an unavailable service or a bug. For plain
 * INVALID_ARGUMENT show `fieldError` beside each field instead.
 */
export function alertText(err: ApiError): string {
  if (err.unavailable) {
    const wait = err.retryAfterMs ? " " + t("common.error.retryIn", { time: formatWait(err.retryAfterMs) }) : "";
    return t("common.error.unavailable") + wait;
  }
  switch (err.code) {
    case Code.Internal:
    case Code.Unknown:
    case Code.Unimplemented:
    case Code.DataLoss:
      return t("common.error.unexpected");
    default:
      return err.message || t("common.error.unexpected");
  }
}

/**
 * True for INVALID_ARGUMENT errors that are only about field values (the
 * generic "The request has invalid fields."): show them beside the fields.
 * Errors with a reason of their own (SECURITY_ANSWERS_INCORRECT,
 * VERIFICATION_CODE_INCORRECT, RESET_TOKEN_INVALID, …) carry a sentence
 * meant for the person: show `alertText` for those.
 */
export function isFieldError(err: ApiError): boolean {
  return (
    err.code === Code.InvalidArgument &&
    (err.reason === undefined || err.reason === "INVALID_ARGUMENT") &&
    Object.keys(err.fieldViolations).length > 0
  );
}

/** "<label> <description>." for each violation of `field`, or undefined. */
export function fieldError(err: ApiError | undefined, field: string, label: string): string | undefined {
  const descriptions = err?.fieldViolations[field];
  if (!descriptions?.length) return undefined;
  return descriptions.map((d) => violationText(label, d)).join(" ");
}

/** One field violation as a sentence: "Password must be at least 12 characters." */
export function violationText(label: string, description: string): string {
  return t("common.field.violation", { label, description: description.trim().replace(/[.!]+$/, "") });
}

/** What a form shows for a failed call: an alert, and messages beside fields. */
export interface FormErrors {
  alert: string | undefined;
  fields: Record<string, string>;
}

/**
 * Splits an error for a form whose fields are `labels` (request field name
 * → the field's label). Plain field violations go beside their fields; any
 * other error (or a violation of a field the form does not show) becomes
 * the alert, in the server's words.
 */
export function formErrors(err: ApiError, labels: Record<string, string>): FormErrors {
  if (!isFieldError(err)) return { alert: alertText(err), fields: {} };
  const fields: Record<string, string> = {};
  let unclaimed = false;
  for (const field of Object.keys(err.fieldViolations)) {
    const label = labels[field];
    if (label === undefined) unclaimed = true;
    else fields[field] = fieldError(err, field, label) ?? "";
  }
  return { alert: unclaimed ? alertText(err) : undefined, fields };
}

/** When a retry may be made, from RetryInfo; undefined when none was sent. */
export function retryAt(err: ApiError, now: number = Date.now()): Date | undefined {
  return err.retryAfterMs === undefined ? undefined : new Date(now + err.retryAfterMs);
}
