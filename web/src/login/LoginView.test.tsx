// Component tests of /login: the two steps, client-side checks, server messages.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../app/session";
import { ErrorInfoSchema } from "../gen/google/rpc/error_details_pb";
import { LoginResponseSchema, SessionScope } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import { LoginView } from "./LoginView";

const { login, getSession } = vi.hoisted(() => ({ login: vi.fn(), getSession: vi.fn() }));
vi.mock("../api/auth", () => ({ authClient: { login, getSession } }));

function failure(message: string, code: Code, reason: string): ConnectError {
  const err = new ConnectError(message, code);
  err.details.push({ desc: ErrorInfoSchema, value: create(ErrorInfoSchema, { reason }) });
  return err;
}

function renderLogin() {
  return render(
    <SessionProvider initial={{ status: "anonymous" }}>
      <LoginView />
    </SessionProvider>,
  );
}

beforeEach(() => {
  window.history.replaceState(null, "", "/login");
  getSession.mockRejectedValue(new ConnectError("no session", Code.Unauthenticated));
});

afterEach(() => {
  vi.clearAllMocks();
});

describe("LoginView", () => {
  it("asks for the email beside the field, without calling the server", async () => {
    const user = userEvent.setup();
    renderLogin();
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByLabelText("Email")).toHaveAccessibleDescription(t("login.email.required"));
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(login).not.toHaveBeenCalled();
  });

  it("goes from email to password without a call, focusing the new heading", async () => {
    const user = userEvent.setup();
    renderLogin();
    const email = screen.getByLabelText("Email");
    expect(email).toHaveAttribute("autocomplete", "username");
    await user.type(email, "jane@example.com{Enter}");
    expect(login).not.toHaveBeenCalled();
    const heading = screen.getByRole("heading", { level: 1, name: t("login.password.heading") });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(screen.getByText("jane@example.com")).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toHaveAttribute("autocomplete", "current-password");
    expect(screen.getByRole("link", { name: "Forgot Password?" })).toHaveAttribute("href", "/forgot-password");
    expect(screen.getByRole("link", { name: "Contact Form" })).toHaveAttribute("href", "/contact");

    await user.click(screen.getByRole("button", { name: "Change email" }));
    expect(screen.getByLabelText("Email")).toHaveValue("jane@example.com");
  });

  it("toggles the password's visibility with a pressed button", async () => {
    const user = userEvent.setup();
    renderLogin();
    await user.type(screen.getByLabelText("Email"), "jane@example.com{Enter}");
    const toggle = screen.getByRole("button", { name: "Show password" });
    expect(toggle).toHaveAttribute("aria-pressed", "false");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "text");
  });

  it("shows the server's message in an alert and keeps the password as typed", async () => {
    const user = userEvent.setup();
    login.mockRejectedValueOnce(
      failure("Invalid email and/or password.", Code.Unauthenticated, "INVALID_CREDENTIALS"),
    );
    renderLogin();
    await user.type(screen.getByLabelText("Email"), " jane@example.com {Enter}");
    await user.type(screen.getByLabelText("Password"), "  secret with spaces ");
    await user.click(screen.getByRole("button", { name: "Sign In" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Invalid email and/or password.");
    expect(login).toHaveBeenCalledWith({ email: "jane@example.com", password: "  secret with spaces " });
  });

  it("offers Forgot Password? beside an expired temporary password", async () => {
    const user = userEvent.setup();
    const message =
      'The temporary password expires within 15 minutes after generating. Click on the "Forgot Password" link on the login page to complete the registration.';
    login.mockRejectedValueOnce(failure(message, Code.Unauthenticated, "TEMPORARY_PASSWORD_EXPIRED"));
    renderLogin();
    await user.type(screen.getByLabelText("Email"), "jane@example.com{Enter}");
    await user.type(screen.getByLabelText("Password"), "temporary{Enter}");
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent(message);
    expect(alert.querySelector('a[href="/forgot-password"]')).not.toBeNull();
  });

  it("sends a registration session to /register", async () => {
    const user = userEvent.setup();
    login.mockResolvedValueOnce(create(LoginResponseSchema, { scope: SessionScope.REGISTRATION }));
    renderLogin();
    await user.type(screen.getByLabelText("Email"), "new@example.com{Enter}");
    await user.type(screen.getByLabelText("Password"), "Temp-Pass-1234{Enter}");
    await waitFor(() => expect(window.location.pathname).toBe("/register"));
  });

  it("never submits twice while a sign-in is in flight", async () => {
    const user = userEvent.setup();
    let finish: (value: unknown) => void = () => {};
    login.mockReturnValueOnce(new Promise((resolve) => (finish = resolve)));
    renderLogin();
    await user.type(screen.getByLabelText("Email"), "jane@example.com{Enter}");
    await user.type(screen.getByLabelText("Password"), "secret");
    const button = screen.getByRole("button", { name: "Sign In" });
    await user.click(button);
    await user.click(button);
    await user.type(screen.getByLabelText("Password"), "{Enter}");
    expect(button).toHaveAttribute("aria-busy", "true");
    expect(login).toHaveBeenCalledTimes(1);
    finish(create(LoginResponseSchema, { scope: SessionScope.FULL }));
    await waitFor(() => expect(window.location.pathname).toBe("/account"));
  });
});
