// Tests of the error mapping: ConnectError with google.rpc details → ApiError.
import { create, toBinary } from "@bufbuild/protobuf";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import {
  BadRequest_FieldViolationSchema,
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../gen/google/rpc/error_details_pb";
import { t } from "../messages";
import { alertText, fieldError, formErrors, isFieldError, retryAt, toApiError } from "./errors";

/** A detail as it arrives over grpc-web: type name and binary value. */
function wire<D extends DescMessage>(desc: D, value: MessageShape<D>) {
  return { type: desc.typeName, value: toBinary(desc, value) };
}

/** A ConnectError as the grpc-web transport builds it from a failed call. */
function errorWith(message: string, code: Code, details: ReturnType<typeof wire>[]): ConnectError {
  const err = new ConnectError(message, code);
  err.details.push(...details);
  return err;
}

const LOCKED =
  "The username or password is incorrect. Your account has been temporarily locked due to repeated failed login attempts. Use the Forgot Password link to reset your password and unlock your account.";

describe("toApiError", () => {
  it("reads the reason, the message and the retry delay", () => {
    const err = errorWith(LOCKED, Code.Unauthenticated, [
      wire(ErrorInfoSchema, create(ErrorInfoSchema, { reason: "ACCOUNT_LOCKED", domain: "auth.portal" })),
      wire(
        RetryInfoSchema,
        create(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: 1799n, nanos: 500_000_000 }) }),
      ),
    ]);
    const api = toApiError(err);
    expect(api.code).toBe(Code.Unauthenticated);
    expect(api.reason).toBe("ACCOUNT_LOCKED");
    expect(api.message).toBe(LOCKED);
    expect(api.retryAfterMs).toBe(1_799_500);
    expect(api.unavailable).toBe(false);
    expect(alertText(api)).toBe(LOCKED);
    expect(retryAt(api, 1_000)?.getTime()).toBe(1_800_500);
  });

  it("groups field violations by field and words them beside the field", () => {
    const err = errorWith("The request has invalid fields.", Code.InvalidArgument, [
      wire(ErrorInfoSchema, create(ErrorInfoSchema, { reason: "INVALID_ARGUMENT" })),
      wire(
        BadRequestSchema,
        create(BadRequestSchema, {
          fieldViolations: [
            create(BadRequest_FieldViolationSchema, {
              field: "new_password",
              description: "must be at least 12 characters",
            }),
            create(BadRequest_FieldViolationSchema, {
              field: "new_password",
              description: "is one of the most common passwords",
            }),
            create(BadRequest_FieldViolationSchema, { field: "answers[1].answer", description: "must not be empty" }),
          ],
        }),
      ),
    ]);
    const api = toApiError(err);
    expect(api.fieldViolations).toEqual({
      new_password: ["must be at least 12 characters", "is one of the most common passwords"],
      "answers[1].answer": ["must not be empty"],
    });
    expect(isFieldError(api)).toBe(true);
    expect(fieldError(api, "new_password", "Password")).toBe(
      "Password must be at least 12 characters. Password is one of the most common passwords.",
    );
    expect(fieldError(api, "email", "Email")).toBeUndefined();

    const form = formErrors(api, { new_password: "New password", "answers[1].answer": "Answer 2" });
    expect(form.alert).toBeUndefined();
    expect(form.fields["answers[1].answer"]).toBe("Answer 2 must not be empty.");

    // A violation of a field the form does not show surfaces in the alert.
    expect(formErrors(api, { new_password: "New password" }).alert).toBe("The request has invalid fields.");
  });

  it("keeps errors with a reason of their own for the alert, in the server's words", () => {
    const err = errorWith("One or more answers are incorrect.", Code.InvalidArgument, [
      wire(ErrorInfoSchema, create(ErrorInfoSchema, { reason: "SECURITY_ANSWERS_INCORRECT" })),
      wire(
        BadRequestSchema,
        create(BadRequestSchema, {
          fieldViolations: [
            create(BadRequest_FieldViolationSchema, { field: "answers", description: "one or more do not match" }),
          ],
        }),
      ),
    ]);
    const api = toApiError(err);
    expect(isFieldError(api)).toBe(false);
    expect(formErrors(api, { answers: "Answers" })).toEqual({
      alert: "One or more answers are incorrect.",
      fields: {},
    });
  });

  it("turns a failed fetch into the catalogue's unavailable message", () => {
    const api = toApiError(new TypeError("Failed to fetch"));
    expect(api.unavailable).toBe(true);
    expect(alertText(api)).toBe(t("common.error.unavailable"));
    expect(alertText(api)).not.toMatch(/fetch/i);
  });

  it("adds the wait to an unavailable service's message", () => {
    const err = errorWith("upstream connect error", Code.Unavailable, [
      wire(RetryInfoSchema, create(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: 3n }) })),
    ]);
    expect(alertText(toApiError(err))).toBe(
      t("common.error.unavailable") + " " + t("common.error.retryIn", { time: "0:03" }),
    );
  });

  it("never shows an internal error's text", () => {
    const api = toApiError(new ConnectError("panicked at src/lib.rs:10", Code.Internal));
    expect(alertText(api)).toBe(t("common.error.unexpected"));
    expect(api.reason).toBeUndefined();
    expect(api.retryAfterMs).toBeUndefined();
  });
});
