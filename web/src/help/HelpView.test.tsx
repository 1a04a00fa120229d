// Tests of the help page: headings, table of contents, actions, numbers and the fallback.
import { create } from "@bufbuild/protobuf";
import { render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { loadAccessPolicy } from "../api/policy";
import { AccessPolicySchema } from "../gen/portal/auth/v1/auth_pb";
import { HelpView } from "./HelpView";

vi.mock("../api/policy", () => ({ loadAccessPolicy: vi.fn() }));

const policy = create(AccessPolicySchema, {
  maxFailedLogins: 3,
  lockMinutes: 30,
  temporaryPasswordMinutes: 15,
  verificationCodeMinutes: 10,
  verificationResendSeconds: 60,
  verificationSendsPerHour: 5,
  resetLinkMinutes: 60,
  mailFromDomain: "portal.example",
});

beforeEach(() => {
  window.history.replaceState(null, "", "/help");
});

describe("HelpView", () => {
  it("has an h1, a table of contents and one h2 per topic with its actions", async () => {
    vi.mocked(loadAccessPolicy).mockResolvedValue(policy);
    render(<HelpView />);
    expect(screen.getByRole("heading", { level: 1, name: "Help signing in" })).toHaveFocus();
    const toc = screen.getByRole("navigation", { name: "On this page" });
    const tocLinks = within(toc).getAllByRole("link");
    expect(tocLinks).toHaveLength(8);
    expect(within(toc).getByRole("link", { name: "No sites on your account" })).toHaveAttribute("href", "#no-sites");
    expect(screen.getAllByRole("heading", { level: 2 })).toHaveLength(8);

    const noSites = screen.getByRole("region", { name: "No sites on your account" });
    expect(within(noSites).getByRole("link", { name: "Contact Form" })).toHaveAttribute(
      "href",
      "/contact?category=NO_SITES",
    );
    const stuck = screen.getByRole("region", { name: "Still stuck?" });
    expect(within(stuck).getByRole("link", { name: "Request a call back" })).toHaveAttribute("href", "/contact/callback");

    const locked = screen.getByRole("region", { name: "Your account is temporarily locked" });
    expect(await within(locked).findByText(/After 3 wrong passwords in a row, the account locks for 30 minutes/)).toBeVisible();
    expect(within(locked).getByRole("link", { name: "Forgot Password?" })).toHaveAttribute("href", "/forgot-password");
  });

  it("still reads well when the policy cannot be loaded", async () => {
    vi.mocked(loadAccessPolicy).mockRejectedValue(new Error("down"));
    render(<HelpView />);
    const locked = screen.getByRole("region", { name: "Your account is temporarily locked" });
    expect(await within(locked).findByText(/After several wrong passwords in a row/)).toBeVisible();
    expect(screen.getByRole("region", { name: "The verification code did not arrive" })).toHaveTextContent(
      "let through mail from the portal",
    );
  });

  it("focuses the topic named in the address", async () => {
    vi.mocked(loadAccessPolicy).mockResolvedValue(policy);
    window.history.replaceState(null, "", "/help#account-locked");
    render(<HelpView />);
    expect(screen.getByRole("heading", { level: 2, name: "Your account is temporarily locked" })).toHaveFocus();
    await screen.findByText(/After 3 wrong passwords/);
  });
});
