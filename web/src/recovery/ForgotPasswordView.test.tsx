// Component tests of /forgot-password: the two options, questions, check-your-email.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ErrorInfoSchema } from "../gen/google/rpc/error_details_pb";
import { t } from "../messages";
import { ForgotPasswordView } from "./ForgotPasswordView";

const api = vi.hoisted(() => ({
  startSecurityQuestionReset: vi.fn(),
  answerSecurityQuestions: vi.fn(),
  requestPasswordResetEmail: vi.fn(),
  completePasswordReset: vi.fn(),
  getAccessPolicy: vi.fn(),
}));
vi.mock("../api/passwordReset", () => ({ passwordResetClient: api }));
vi.mock("../api/auth", () => ({ authClient: { getAccessPolicy: api.getAccessPolicy } }));

const QUESTIONS = [
  { id: "q1", text: "What was your first pet?" },
  { id: "q2", text: "Which street did you grow up on?" },
  { id: "q3", text: "What was your first school?" },
];

beforeEach(() => {
  window.history.replaceState(null, "", "/forgot-password");
  api.getAccessPolicy.mockResolvedValue({ resetLinkMinutes: 60, passwordMinLength: 12, passwordMaxLength: 128 });
});

afterEach(() => {
  vi.clearAllMocks();
});

async function chooseAndContinue(email: string, option?: string) {
  const user = userEvent.setup();
  render(<ForgotPasswordView />);
  await user.type(screen.getByLabelText("Email", { exact: true }), email);
  if (option) await user.click(screen.getByRole("radio", { name: option }));
  await user.click(screen.getByRole("button", { name: "Continue" }));
  return user;
}

describe("ForgotPasswordView", () => {
  it("defaults to the security questions and cancels back to sign-in", async () => {
    const user = userEvent.setup();
    render(<ForgotPasswordView />);
    expect(screen.getByRole("radio", { name: "Answer Security Questions" })).toBeChecked();
    expect(screen.getByRole("radio", { name: "Send Email Instructions to Reset Password" })).not.toBeChecked();
    await user.click(screen.getByRole("button", { name: "Cancel" }));
    expect(window.location.pathname).toBe("/login");
  });

  it("shows the same check-your-email page whatever the email", async () => {
    api.requestPasswordResetEmail.mockResolvedValue({});
    await chooseAndContinue("anyone@example.com", "Send Email Instructions to Reset Password");
    expect(await screen.findByRole("heading", { name: "Check your email" })).toBeInTheDocument();
    expect(api.requestPasswordResetEmail).toHaveBeenCalledWith({ email: "anyone@example.com" });
    expect(screen.getByText(t("recovery.checkEmail.sent"))).toBeInTheDocument();
    expect(await screen.findByText(t("recovery.checkEmail.life", { minutes: 60 }))).toBeInTheDocument();
    expect(screen.queryByText(/anyone@example.com/)).toBeNull();
  });

  it("asks the questions, shows wrong answers in the server's words, then sets the password", async () => {
    api.startSecurityQuestionReset.mockResolvedValue({ resetFlowId: "flow-1", questions: QUESTIONS });
    const wrong = new ConnectError("One or more answers are incorrect.", Code.InvalidArgument);
    wrong.details.push({ desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason: "SECURITY_ANSWERS_INCORRECT" }) });
    api.answerSecurityQuestions.mockRejectedValueOnce(wrong).mockResolvedValueOnce({ resetToken: "tok" });
    api.completePasswordReset.mockResolvedValue({});

    const user = await chooseAndContinue("jane@example.com");
    expect(await screen.findByRole("heading", { name: t("recovery.questions.heading") })).toBeInTheDocument();
    for (const q of QUESTIONS) await user.type(screen.getByLabelText(q.text), "answer");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("One or more answers are incorrect.");
    for (const q of QUESTIONS) expect(screen.getByLabelText(q.text)).toHaveValue(""); // not kept

    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(screen.getAllByText(t("recovery.questions.answerRequired"))).toHaveLength(QUESTIONS.length);
    expect(api.answerSecurityQuestions).toHaveBeenCalledTimes(1); // empty answers never sent
    for (const q of QUESTIONS) await user.type(screen.getByLabelText(q.text), "answer");
    await user.click(screen.getByRole("button", { name: "Continue" }));
    expect(await screen.findByRole("heading", { name: t("recovery.newPassword.heading") })).toBeInTheDocument();
    expect(api.answerSecurityQuestions).toHaveBeenLastCalledWith({
      resetFlowId: "flow-1",
      answers: QUESTIONS.map((q) => ({ questionId: q.id, answer: "answer" })),
    });
    await user.type(screen.getByLabelText("New password"), "a fine new password");
    await user.type(screen.getByLabelText("Confirm password"), "a fine new password");
    await user.click(screen.getByRole("button", { name: t("recovery.newPassword.submit") }));
    expect(await screen.findByRole("heading", { name: "Your password has been changed" })).toBeInTheDocument();
    expect(api.completePasswordReset).toHaveBeenCalledWith({ resetToken: "tok", newPassword: "a fine new password" });
  });

  it("switches from the questions to the email option", async () => {
    api.startSecurityQuestionReset.mockResolvedValue({ resetFlowId: "flow-1", questions: QUESTIONS });
    const user = await chooseAndContinue("jane@example.com");
    await user.click(await screen.findByRole("button", { name: "Send Email Instructions to Reset Password" }));
    expect(screen.getByRole("radio", { name: "Send Email Instructions to Reset Password" })).toBeChecked();
    expect(screen.getByLabelText("Email", { exact: true })).toHaveValue("jane@example.com");
  });
});
