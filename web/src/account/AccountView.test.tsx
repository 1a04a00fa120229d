// Tests of the account page: who may see it, details, sessions, password change, sign out.
import { create } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { authClient } from "../api/auth";
import { navigate } from "../app/router";
import type { Session } from "../app/session";
import { SessionProvider, SessionScope } from "../app/session";
import {
  AccessPolicySchema,
  GetSessionResponseSchema,
  ListSessionsResponseSchema,
  PrincipalSchema,
  Role,
  SessionInfoSchema,
  SiteSchema,
} from "../gen/portal/auth/v1/auth_pb";
import { Code, failure } from "../support/testing";
import { AccountView } from "./AccountView";

vi.mock("../api/auth", () => ({
  authClient: {
    getSession: vi.fn(),
    listSessions: vi.fn(),
    revokeSession: vi.fn(),
    changePassword: vi.fn(),
    logout: vi.fn(),
    getAccessPolicy: vi.fn(),
  },
}));

const client = vi.mocked(authClient);

const info = create(GetSessionResponseSchema, {
  principal: create(PrincipalSchema, {
    email: "user@demo.example",
    firstName: "Dana",
    lastName: "User",
    roles: [Role.PROGRAM_ADMIN],
  }),
  organizationName: "Demo Health",
  sites: [create(SiteSchema, { id: "s1", name: "Demo Clinic" })],
});

const full: Session = { status: "signedIn", scope: SessionScope.FULL, info };
const at = (iso: string) => timestampFromDate(new Date(iso));
const sessions = create(ListSessionsResponseSchema, {
  sessions: [
    create(SessionInfoSchema, {
      sessionId: "other",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
      clientIp: "203.0.113.9",
      createdAt: at("2025-01-01T08:00:00Z"),
      lastSeenAt: at("2025-01-01T09:00:00Z"),
      expiresAt: at("2025-01-01T20:00:00Z"),
    }),
    create(SessionInfoSchema, {
      sessionId: "mine",
      current: true,
      userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36",
      clientIp: "198.51.100.7",
      createdAt: at("2025-01-01T10:00:00Z"),
      lastSeenAt: at("2025-01-01T10:05:00Z"),
      expiresAt: at("2025-01-01T22:00:00Z"),
    }),
  ],
});

function renderAccount(session: Session) {
  act(() => navigate("/account", { replace: true }));
  return render(
    <SessionProvider initial={session}>
      <AccountView />
    </SessionProvider>,
  );
}

beforeEach(() => {
  vi.resetAllMocks();
  client.listSessions.mockResolvedValue(sessions);
  client.getAccessPolicy.mockResolvedValue(create(AccessPolicySchema, { passwordMinLength: 12, passwordMaxLength: 128 }));
});

describe("AccountView", () => {
  it("sends a visitor to sign-in and a registration session to registration", () => {
    const { unmount } = renderAccount({ status: "anonymous" });
    expect(window.location.pathname).toBe("/login");
    unmount();
    renderAccount({ status: "signedIn", scope: SessionScope.REGISTRATION, info });
    expect(window.location.pathname).toBe("/register");
  });

  it("shows the person's details, sites and roles", async () => {
    renderAccount(full);
    expect(screen.getByRole("heading", { level: 1, name: "Your account" })).toHaveFocus();
    const details = screen.getByRole("region", { name: "Your details" });
    expect(details).toHaveTextContent("Dana User");
    expect(details).toHaveTextContent("user@demo.example");
    expect(details).toHaveTextContent("Demo Health");
    expect(details).toHaveTextContent("Demo Clinic");
    expect(details).toHaveTextContent("Program administrator");
    await screen.findByText("Firefox 128 on Linux");
  });

  it("words an account without sites and links to help", async () => {
    renderAccount({ ...full, info: { ...info, sites: [] } } as Session);
    expect(screen.getByText(/No site of your organisation is granted/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "What to do about it" })).toHaveAttribute("href", "/help#no-sites");
    await screen.findByText("Firefox 128 on Linux");
  });

  it("lists sessions with this device marked and revokes another", async () => {
    const user = userEvent.setup();
    client.revokeSession.mockResolvedValue({} as never);
    renderAccount(full);
    await screen.findByText("Firefox 128 on Linux");
    const sessionsRegion = screen.getByRole("region", { name: "My sessions" });
    const items = within(sessionsRegion).getAllByRole("listitem");
    expect(items[0]).toHaveTextContent("This device");
    expect(within(items[0] as HTMLElement).queryByRole("button")).toBeNull();
    expect(items[1]).toHaveTextContent("203.0.113.9");
    const revoke = within(items[1] as HTMLElement).getByRole("button", { name: "Sign out this session" });
    expect(revoke).toHaveAccessibleDescription("Firefox 128 on Linux");
    await user.click(revoke);
    expect(client.revokeSession).toHaveBeenCalledWith({ sessionId: "other" });
    expect(await screen.findByRole("status")).toHaveTextContent("The session has been signed out.");
    await waitFor(() => expect(client.listSessions).toHaveBeenCalledTimes(2));
  });

  it("shows a wrong current password beside that field", async () => {
    const user = userEvent.setup();
    client.changePassword.mockRejectedValue(
      failure(Code.InvalidArgument, "The current password is incorrect.", {
        reason: "INVALID_CREDENTIALS",
        violations: { current_password: "does not match the account's password" },
      }),
    );
    const { container } = renderAccount(full);
    expect(container.querySelector('input[autocomplete="username"]')).toHaveValue("user@demo.example");
    await user.type(screen.getByLabelText("Current password"), "wrong-password-1");
    await user.type(screen.getByLabelText("New password"), "a-much-better-password");
    await user.type(screen.getByLabelText("Confirm password"), "a-much-better-password");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    const current = screen.getByLabelText("Current password");
    await waitFor(() => expect(current).toHaveAccessibleDescription("The current password is incorrect."));
    expect(current).toHaveAttribute("autocomplete", "current-password");
  });

  it("changes the password and says other sessions were signed out", async () => {
    const user = userEvent.setup();
    client.changePassword.mockResolvedValue({} as never);
    renderAccount(full);
    await user.type(screen.getByLabelText("Current password"), "old-password-123");
    await user.type(screen.getByLabelText("New password"), "a-much-better-password");
    await user.type(screen.getByLabelText("Confirm password"), "a-much-better-password");
    await user.click(screen.getByRole("button", { name: "Change password" }));
    expect(
      await screen.findByText("Your password has been changed. Your other sessions have been signed out."),
    ).toBeInTheDocument();
    expect(client.changePassword).toHaveBeenCalledWith({
      currentPassword: "old-password-123",
      newPassword: "a-much-better-password",
    });
    expect(screen.getByLabelText("Current password")).toHaveValue("");
    await waitFor(() => expect(client.listSessions).toHaveBeenCalledTimes(2));
  });

  it("signs out and goes to sign-in with a notice", async () => {
    const user = userEvent.setup();
    client.logout.mockResolvedValue({} as never);
    renderAccount(full);
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
    expect(window.history.state).toEqual({ notice: "account.signedOut" });
  });

  it("goes to sign-in when the session has ended", async () => {
    client.listSessions.mockRejectedValue(
      failure(Code.Unauthenticated, "Your session has ended. Please sign in again.", { reason: "SESSION_INVALID" }),
    );
    renderAccount(full);
    await waitFor(() => expect(window.location.pathname).toBe("/login"));
    expect(window.history.state).toEqual({ notice: "login.sessionEnded" });
  });
});
