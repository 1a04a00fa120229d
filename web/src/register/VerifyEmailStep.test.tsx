// Component tests of the "Verify Your Email Address" step: send, countdown, limits.
import { create } from "@bufbuild/protobuf";
import { DurationSchema, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorInfoSchema, RetryInfoSchema } from "../gen/google/rpc/error_details_pb";
import { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import { GetRegistrationResponseSchema } from "../gen/portal/auth/v1/registration_pb";
import { VerifyEmailStep } from "./VerifyEmailStep";

const { sendVerificationCode, verifyEmail, getAccessPolicy } = vi.hoisted(() => ({
  sendVerificationCode: vi.fn(),
  verifyEmail: vi.fn(),
  getAccessPolicy: vi.fn(),
}));
vi.mock("../api/registration", () => ({ registrationClient: { sendVerificationCode, verifyEmail } }));
vi.mock("../api/auth", () => ({ authClient: { getAccessPolicy } }));

const NOW = 1_700_000_000_000;

function registration(resendInMs?: number) {
  return create(GetRegistrationResponseSchema, {
    email: "jane@example.com",
    pendingSteps: [RegistrationStep.EMAIL_VERIFICATION],
    resendAvailableAt: resendInMs === undefined ? undefined : timestampFromMs(NOW + resendInMs),
  });
}

function renderStep(resendInMs?: number) {
  const onDone = vi.fn(() => Promise.resolve());
  render(<VerifyEmailStep registration={registration(resendInMs)} onDone={onDone} onSessionError={() => false} />);
  return { onDone };
}

/** Lets pending promises settle under fake timers. */
async function settle() {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(0);
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
  getAccessPolicy.mockResolvedValue({ verificationCodeMinutes: 10 });
});

afterEach(() => {
  vi.useRealTimers();
  vi.clearAllMocks();
});

describe("VerifyEmailStep", () => {
  it("sends a code, then holds Resend Now back with a visible countdown", async () => {
    sendVerificationCode.mockResolvedValueOnce({ resendAvailableAt: timestampFromMs(NOW + 60_000) });
    renderStep();
    expect(screen.getByRole("heading", { name: "Verify Your Email Address" })).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Send Verification Code" }));
    await settle();
    expect(screen.getByText("We sent a code to jane@example.com")).toBeInTheDocument();
    const code = screen.getByLabelText("Verification code");
    expect(code).toHaveAttribute("autocomplete", "one-time-code");
    expect(code).toHaveAttribute("inputmode", "numeric");
    expect(screen.getByRole("button", { name: "Resend Now" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByText("You can request a new code in 1:00")).toBeInTheDocument();

    act(() => vi.advanceTimersByTime(18_000));
    expect(screen.getByText("You can request a new code in 0:42")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(42_000));
    expect(screen.getByRole("button", { name: "Resend Now" })).not.toHaveAttribute("aria-disabled");
    expect(screen.queryByText(/You can request a new code/)).toBeNull();
  });

  it("after a reload, counts down to resend_available_at from GetRegistration", () => {
    renderStep(42_000);
    expect(screen.getByLabelText("Verification code")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Resend Now" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByText("You can request a new code in 0:42")).toBeInTheDocument();
  });

  it("shows the server's limit message and counts down its RetryInfo", async () => {
    const err = new ConnectError("Too many codes were sent in the last hour. Please try again later.", Code.ResourceExhausted);
    err.details.push(
      { desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason: "VERIFICATION_CODE_TOO_MANY_SENDS" }) },
      {
        desc: RetryInfoSchema,
        value: create(RetryInfoSchema, { retryDelay: create(DurationSchema, { seconds: 1_500n }) }),
      },
    );
    sendVerificationCode.mockRejectedValueOnce(err);
    renderStep(0);
    fireEvent.click(screen.getByRole("button", { name: "Resend Now" }));
    await settle();
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Too many codes were sent in the last hour. Please try again later.",
    );
    expect(screen.getByText("You can request a new code in 25:00")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Resend Now" })).toHaveAttribute("aria-disabled", "true");
  });

  it("shows a wrong code in the server's words and a finished step moves on", async () => {
    const wrong = new ConnectError("The verification code is incorrect.", Code.InvalidArgument);
    wrong.details.push({
      desc: ErrorInfoSchema,
      value: create(ErrorInfoSchema, { reason: "VERIFICATION_CODE_INCORRECT" }),
    });
    verifyEmail.mockRejectedValueOnce(wrong).mockResolvedValueOnce({ pendingSteps: [] });
    const { onDone } = renderStep(10_000);
    const code = screen.getByLabelText("Verification code");
    fireEvent.change(code, { target: { value: "000000" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    await settle();
    expect(screen.getByRole("alert")).toHaveTextContent("The verification code is incorrect.");
    fireEvent.change(code, { target: { value: "123456" } });
    fireEvent.click(screen.getByRole("button", { name: "Verify" }));
    await settle();
    expect(verifyEmail).toHaveBeenLastCalledWith({ code: "123456" });
    expect(onDone).toHaveBeenCalledWith([]);
  });
});
