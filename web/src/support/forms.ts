/**
 * The public forms' logic, free of React: the server's limits, the checks
 * made before calling (only what is certain: empty required fields and
 * the call-back window; lengths and formats are the server's to judge),
 * the requests, and what a refused submission shows.
 */
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { ApiError } from "../api/errors";
import { Code, formErrors, retryAt } from "../api/errors";
import type { Session } from "../app/session";
import { SessionScope } from "../app/session";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { RequestCallbackRequestSchema, SubmitContactFormRequestSchema } from "../gen/portal/support/v1/support_pb";
import { t } from "../messages";
import { categoryValue } from "./categories";
import { checkWindow } from "./callbackWindow";

/** The server's limits (support-service intake: MAX_*), in characters. */
export const LIMITS = { name: 100, organization: 200, subject: 200, message: 5000 } as const;

/** Who the support desk will answer, when a full session says so. */
export interface Requester {
  name: string;
  email: string;
}

/**
 * The signed-in requester (FULL session), whose name and email the server
 * takes from the session; undefined for anyone else.
 */
export function signedInRequester(session: Session): Requester | undefined {
  if (session.status !== "signedIn" || session.scope !== SessionScope.FULL) return undefined;
  const p = session.info.principal;
  if (!p) return undefined;
  const name = [p.firstName, p.lastName].filter(Boolean).join(" ").trim();
  return { name: name || p.email, email: p.email };
}

function blank(value: string): boolean {
  return value.trim() === "";
}

export interface ContactFields {
  name: string;
  email: string;
  organization: string;
  category: string;
  subject: string;
  message: string;
}

export type ContactErrors = Partial<Record<keyof ContactFields, string>>;

/** Empty required fields; name and email are not asked when signed in. */
export function checkContactForm(f: ContactFields, signedIn: boolean): ContactErrors {
  const errors: ContactErrors = {};
  if (!signedIn && blank(f.name)) errors.name = t("contact.name.required");
  if (!signedIn && blank(f.email)) errors.email = t("contact.email.required");
  if (!f.category) errors.category = t("contact.category.required");
  if (blank(f.subject)) errors.subject = t("contact.subject.required");
  if (blank(f.message)) errors.message = t("contact.message.required");
  return errors;
}

export function contactRequest(f: ContactFields, website: string): MessageInitShape<typeof SubmitContactFormRequestSchema> {
  return {
    name: f.name.trim(),
    email: f.email.trim(),
    organization: f.organization.trim(),
    category: categoryValue(f.category),
    subject: f.subject.trim(),
    message: f.message,
    website,
  };
}

/** Request field → the label of the field that shows its violations. */
export function contactLabels(): Record<string, string> {
  return {
    name: t("contact.name.label"),
    email: t("contact.email.label"),
    organization: t("contact.organization.label"),
    category: t("contact.category.label"),
    subject: t("contact.subject.label"),
    message: t("contact.message.label"),
  };
}

export interface CallbackFields {
  name: string;
  email: string;
  phone: string;
  date: string;
  from: string;
  to: string;
  zone: string;
  category: string;
  message: string;
}

export type CallbackErrors = Partial<Record<keyof CallbackFields, string>>;

export type CallbackCheck =
  | { ok: true; start: Date; end: Date }
  | { ok: false; errors: CallbackErrors };

/** Empty required fields and the window (end after start, not past). */
export function checkCallbackForm(f: CallbackFields, signedIn: boolean, now: Date = new Date()): CallbackCheck {
  const errors: CallbackErrors = {};
  if (!signedIn && blank(f.name)) errors.name = t("contact.name.required");
  if (!signedIn && blank(f.email)) errors.email = t("contact.email.required");
  if (blank(f.phone)) errors.phone = t("contact.callback.phone.required");
  const window = checkWindow({ date: f.date, from: f.from, to: f.to, zone: f.zone }, now);
  if (!window.ok) Object.assign(errors, window.errors);
  if (!f.category) errors.category = t("contact.category.required");
  if (Object.keys(errors).length > 0 || !window.ok) return { ok: false, errors };
  return { ok: true, start: window.start, end: window.end };
}

export function callbackRequest(
  f: CallbackFields,
  start: Date,
  end: Date,
  website: string,
): MessageInitShape<typeof RequestCallbackRequestSchema> {
  return {
    name: f.name.trim(),
    email: f.email.trim(),
    phone: f.phone.trim(),
    windowStart: timestampFromDate(start),
    windowEnd: timestampFromDate(end),
    timeZone: f.zone,
    category: categoryValue(f.category),
    message: f.message,
    website,
  };
}

/** Request field → label; the window's fields show beside From and To. */
export function callbackLabels(): Record<string, string> {
  return {
    name: t("contact.name.label"),
    email: t("contact.email.label"),
    phone: t("contact.callback.phone.label"),
    window_start: t("contact.callback.from.label"),
    window_end: t("contact.callback.to.label"),
    time_zone: t("contact.callback.zone.label"),
    category: t("contact.category.label"),
    message: t("contact.callback.message.label"),
  };
}

/** Which form field shows a request field's violation. */
const CALLBACK_FIELD: Record<string, keyof CallbackFields> = {
  window_start: "from",
  window_end: "to",
  time_zone: "zone",
};

/** What a refused submission shows: an alert, field messages, a retry time. */
export interface SubmitFailure<F extends string> {
  alert: string | undefined;
  fields: Partial<Record<F, string>>;
  /** RESOURCE_EXHAUSTED with RetryInfo: when sending may work again. */
  retryAt: Date | undefined;
}

/**
 * Splits a failed submission: field violations beside their fields (the
 * server's descriptions, request field names such as `window_start`
 * replaced by the label that shows them), anything else in the alert.
 */
export function submitFailure<F extends string>(
  err: ApiError,
  labels: Record<string, string>,
  fieldOf: (requestField: string) => F,
  now: number = Date.now(),
): SubmitFailure<F> {
  const named: ApiError = {
    ...err,
    fieldViolations: Object.fromEntries(
      Object.entries(err.fieldViolations).map(([field, descriptions]) => [
        field,
        descriptions.map((d) => d.replace(/\b(window_start|window_end|time_zone)\b/g, (f) => labels[f] ?? f)),
      ]),
    ),
  };
  const shown = formErrors(named, labels);
  const fields: Partial<Record<F, string>> = {};
  for (const [field, text] of Object.entries(shown.fields)) fields[fieldOf(field)] = text;
  return {
    alert: shown.alert,
    fields,
    retryAt: err.code === Code.ResourceExhausted ? retryAt(err, now) : undefined,
  };
}

export function callbackField(requestField: string): keyof CallbackFields {
  return CALLBACK_FIELD[requestField] ?? (requestField as keyof CallbackFields);
}

export function contactField(requestField: string): keyof ContactFields {
  return requestField as keyof ContactFields;
}
