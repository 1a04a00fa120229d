// Component tests of /reset-password: token from the fragment, invalid links.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BadRequest_FieldViolationSchema, BadRequestSchema, ErrorInfoSchema } from "../gen/google/rpc/error_details_pb";
import { t } from "../messages";
import { ResetPasswordView } from "./ResetPasswordView";
import { captureResetToken, forgetResetToken } from "./resetToken";

const { checkPasswordResetToken, completePasswordReset, getAccessPolicy } = vi.hoisted(() => ({
  checkPasswordResetToken: vi.fn(),
  completePasswordReset: vi.fn(),
  getAccessPolicy: vi.fn(),
}));
vi.mock("../api/passwordReset", () => ({
  passwordResetClient: { checkPasswordResetToken, completePasswordReset },
}));
vi.mock("../api/auth", () => ({ authClient: { getAccessPolicy } }));

afterEach(() => {
  forgetResetToken();
  vi.clearAllMocks();
});

function refusedToken(): ConnectError {
  const err = new ConnectError("This password reset link is invalid or has expired.", Code.InvalidArgument);
  err.details.push(
    { desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason: "RESET_TOKEN_INVALID" }) },
    {
      desc: BadRequestSchema,
      value: create(BadRequestSchema, {
        fieldViolations: [create(BadRequest_FieldViolationSchema, { field: "reset_token", description: "used" })],
      }),
    },
  );
  return err;
}

function openLink(url: string, check: "live" | "dead" = "live") {
  if (check === "live") checkPasswordResetToken.mockResolvedValue({ email: "jane@example.com" });
  else checkPasswordResetToken.mockRejectedValue(refusedToken());
  window.history.replaceState(null, "", url);
  captureResetToken();
  getAccessPolicy.mockResolvedValue({ passwordMinLength: 12, passwordMaxLength: 128, resetLinkMinutes: 60 });
  return render(<ResetPasswordView />);
}

describe("ResetPasswordView", () => {
  it("asks for the link from the email again when the page holds no token", () => {
    openLink("/reset-password");
    expect(screen.getByRole("heading", { name: t("recovery.openAgain.heading") })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Send a new email" })).toHaveAttribute("href", "/forgot-password");
    expect(checkPasswordResetToken).not.toHaveBeenCalled();
  });

  it("says at once, before any typing, that a dead link is not valid", async () => {
    openLink("/reset-password#token=used", "dead");
    expect(await screen.findByRole("heading", { name: t("recovery.invalid.heading") })).toBeInTheDocument();
    expect(screen.queryByLabelText("New password")).not.toBeInTheDocument();
    expect(await screen.findByText(t("recovery.invalid.life", { minutes: 60 }))).toBeInTheDocument();
  });

  it("sets the new password with the token from the fragment, which left the address bar", async () => {
    const user = userEvent.setup();
    completePasswordReset.mockResolvedValueOnce({});
    openLink("/reset-password#token=tok123");
    expect(window.location.href).not.toContain("tok123");
    expect(await screen.findByText(t("password.rules.length", { min: 12, max: 128 }))).toBeInTheDocument();
    expect(screen.getByText(t("recovery.newPassword.forAccount", { email: "jane@example.com" }))).toBeInTheDocument();
    expect(checkPasswordResetToken).toHaveBeenCalledWith({ resetToken: "tok123" });
    await user.type(screen.getByLabelText("New password"), "correct horse battery");
    await user.type(screen.getByLabelText("Confirm password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: t("recovery.newPassword.submit") }));
    expect(await screen.findByRole("heading", { name: "Your password has been changed" })).toBeInTheDocument();
    expect(completePasswordReset).toHaveBeenCalledWith({ resetToken: "tok123", newPassword: "correct horse battery" });
  });

  it("catches a mismatch without calling the server", async () => {
    const user = userEvent.setup();
    openLink("/reset-password#token=tok123");
    await user.type(await screen.findByLabelText("New password"), "correct horse battery");
    await user.type(screen.getByLabelText("Confirm password"), "correct horse batter");
    await user.click(screen.getByRole("button", { name: t("recovery.newPassword.submit") }));
    expect(screen.getByLabelText("Confirm password")).toHaveAccessibleDescription(t("password.confirm.mismatch"));
    expect(completePasswordReset).not.toHaveBeenCalled();
  });

  it("turns a token refused on submit into the not-valid view", async () => {
    const user = userEvent.setup();
    completePasswordReset.mockRejectedValueOnce(refusedToken());
    openLink("/reset-password#token=raced");
    await user.type(await screen.findByLabelText("New password"), "correct horse battery");
    await user.type(screen.getByLabelText("Confirm password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: t("recovery.newPassword.submit") }));
    expect(await screen.findByRole("heading", { name: t("recovery.invalid.heading") })).toBeInTheDocument();
  });
});
