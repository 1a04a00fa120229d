// Tests of the public forms' logic: required fields, requests, refused submissions.
import { create } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import type { ApiError } from "../api/errors";
import { SessionScope } from "../app/session";
import { GetSessionResponseSchema, PrincipalSchema } from "../gen/portal/auth/v1/auth_pb";
import { Category } from "../gen/portal/support/v1/support_pb";
import { t } from "../messages";
import type { CallbackFields, ContactFields } from "./forms";
import {
  callbackField,
  callbackLabels,
  callbackRequest,
  checkCallbackForm,
  checkContactForm,
  contactField,
  contactLabels,
  contactRequest,
  signedInRequester,
  submitFailure,
} from "./forms";

const contact: ContactFields = {
  name: " Ada Lovelace ",
  email: " ada@example.com ",
  organization: "",
  category: "NO_SITES",
  subject: " No sites ",
  message: "  I signed in and…\n",
};

function apiError(partial: Partial<ApiError>): ApiError {
  return {
    code: Code.InvalidArgument,
    reason: "INVALID_ARGUMENT",
    message: "The request has invalid fields.",
    fieldViolations: {},
    retryAfterMs: undefined,
    unavailable: false,
    ...partial,
  };
}

describe("checkContactForm", () => {
  it("asks for every required field, not the optional organisation", () => {
    const empty = { name: "", email: " ", organization: "", category: "", subject: "", message: "\n" };
    expect(checkContactForm(empty, false)).toEqual({
      name: t("contact.name.required"),
      email: t("contact.email.required"),
      category: t("contact.category.required"),
      subject: t("contact.subject.required"),
      message: t("contact.message.required"),
    });
    expect(checkContactForm(contact, false)).toEqual({});
  });

  it("does not ask a signed-in person for name and email", () => {
    expect(checkContactForm({ ...contact, name: "", email: "" }, true)).toEqual({});
  });

  it("leaves lengths to the server", () => {
    expect(checkContactForm({ ...contact, message: "x".repeat(10_000) }, false)).toEqual({});
  });
});

describe("contactRequest", () => {
  it("trims single-line fields, keeps the message and sends the honeypot", () => {
    expect(contactRequest(contact, "")).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
      organization: "",
      category: Category.NO_SITES,
      subject: "No sites",
      message: "  I signed in and…\n",
      website: "",
    });
    expect(contactRequest(contact, "http://spam.example").website).toBe("http://spam.example");
  });
});

describe("checkCallbackForm and callbackRequest", () => {
  const fields: CallbackFields = {
    name: "Ada",
    email: "ada@example.com",
    phone: "+33 1 23 45 67 89",
    date: "2025-12-02",
    from: "14:00",
    to: "16:00",
    zone: "Europe/Paris",
    category: "OTHER",
    message: "",
  };
  const now = new Date("2025-12-01T10:00:00Z");

  it("accepts a good request (message optional) and sends UTC instants", () => {
    const checked = checkCallbackForm(fields, false, now);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    const req = callbackRequest(fields, checked.start, checked.end, "");
    expect(timestampDate(req.windowStart as Timestamp).toISOString()).toBe("2025-12-02T13:00:00.000Z");
    expect(timestampDate(req.windowEnd as Timestamp).toISOString()).toBe("2025-12-02T15:00:00.000Z");
    expect(req.timeZone).toBe("Europe/Paris");
    expect(req.category).toBe(Category.OTHER);
  });

  it("reports the window's problems beside its fields", () => {
    const checked = checkCallbackForm({ ...fields, phone: "", to: "13:00", category: "" }, false, now);
    expect(checked).toEqual({
      ok: false,
      errors: {
        phone: t("contact.callback.phone.required"),
        to: t("contact.callback.to.beforeFrom"),
        category: t("contact.category.required"),
      },
    });
  });
});

describe("submitFailure", () => {
  it("puts the server's field violations beside their fields", () => {
    const err = apiError({
      fieldViolations: {
        message: ["must be at most 5000 characters"],
        name: ["must not be empty"],
      },
    });
    expect(submitFailure(err, contactLabels(), contactField)).toEqual({
      alert: undefined,
      fields: {
        message: "Message must be at most 5000 characters.",
        name: "Name must not be empty.",
      },
      retryAt: undefined,
    });
  });

  it("shows the window's violations beside From and To, in the labels' words", () => {
    const err = apiError({
      fieldViolations: {
        window_start: ["must be within the next 90 days"],
        window_end: ["must be after window_start"],
        phone: ["must be a valid phone number with its country code, e.g. +44 20 7946 0018"],
      },
    });
    expect(submitFailure(err, callbackLabels(), callbackField).fields).toEqual({
      from: "From must be within the next 90 days.",
      to: "To must be after From.",
      phone: "Phone number must be a valid phone number with its country code, e.g. +44 20 7946 0018.",
    });
  });

  it("turns a rate limit into the server's message and a retry time", () => {
    const err = apiError({
      code: Code.ResourceExhausted,
      reason: "TOO_MANY_SUBMISSIONS",
      message: "Too many requests. Please try again later.",
      retryAfterMs: 42_000,
    });
    expect(submitFailure(err, contactLabels(), contactField, 1_000)).toEqual({
      alert: "Too many requests. Please try again later.",
      fields: {},
      retryAt: new Date(43_000),
    });
  });
});

describe("signedInRequester", () => {
  const info = create(GetSessionResponseSchema, {
    principal: create(PrincipalSchema, { email: "ada@example.com", firstName: "Ada", lastName: "Lovelace" }),
  });

  it("is the full session's person", () => {
    expect(signedInRequester({ status: "signedIn", scope: SessionScope.FULL, info })).toEqual({
      name: "Ada Lovelace",
      email: "ada@example.com",
    });
  });

  it("is nobody for a registration session or a visitor", () => {
    expect(signedInRequester({ status: "signedIn", scope: SessionScope.REGISTRATION, info })).toBeUndefined();
    expect(signedInRequester({ status: "anonymous" })).toBeUndefined();
  });
});
