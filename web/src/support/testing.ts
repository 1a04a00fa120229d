// Test helpers: failed calls as the grpc-web transport reports them.
import { create, toBinary } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequest_FieldViolationSchema,
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../gen/google/rpc/error_details_pb";

export interface FailureSpec {
  reason?: string;
  violations?: Record<string, string>;
  retrySeconds?: number;
}

/** A ConnectError with ErrorInfo, BadRequest and RetryInfo details. */
export function failure(code: Code, message: string, spec: FailureSpec = {}): ConnectError {
  const err = new ConnectError(message, code);
  if (spec.reason) {
    err.details.push({
      type: ErrorInfoSchema.typeName,
      value: toBinary(ErrorInfoSchema, create(ErrorInfoSchema, { reason: spec.reason })),
    });
  }
  if (spec.violations) {
    const fieldViolations = Object.entries(spec.violations).map(([field, description]) =>
      create(BadRequest_FieldViolationSchema, { field, description }),
    );
    err.details.push({
      type: BadRequestSchema.typeName,
      value: toBinary(BadRequestSchema, create(BadRequestSchema, { fieldViolations })),
    });
  }
  if (spec.retrySeconds !== undefined) {
    const retryDelay = create(DurationSchema, { seconds: BigInt(spec.retrySeconds) });
    err.details.push({
      type: RetryInfoSchema.typeName,
      value: toBinary(RetryInfoSchema, create(RetryInfoSchema, { retryDelay })),
    });
  }
  return err;
}

export { Code };
