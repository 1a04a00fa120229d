// Tests of the contact views: preselection, honeypot, checks, server errors, confirmation.
import { create } from "@bufbuild/protobuf";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { supportClient } from "../api/support";
import { navigate } from "../app/router";
import type { Session } from "../app/session";
import { SessionProvider, SessionScope } from "../app/session";
import { GetSessionResponseSchema, PrincipalSchema } from "../gen/portal/auth/v1/auth_pb";
import {
  Category,
  GetTicketStatusResponseSchema,
  PublicReplySchema,
  TicketKind,
  TicketStatus,
} from "../gen/portal/support/v1/support_pb";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { ContactView } from "./ContactView";
import { Code, failure } from "./testing";

vi.mock("../api/support", () => ({
  supportClient: {
    submitContactForm: vi.fn(),
    requestCallback: vi.fn(),
    getTicketStatus: vi.fn(),
    replyToTicket: vi.fn(),
  },
}));

const client = vi.mocked(supportClient);

function renderAt(url: string, session: Session = { status: "anonymous" }) {
  act(() => navigate(url, { replace: true }));
  return render(
    <SessionProvider initial={session}>
      <ContactView />
    </SessionProvider>,
  );
}

const signedIn: Session = {
  status: "signedIn",
  scope: SessionScope.FULL,
  info: create(GetSessionResponseSchema, {
    principal: create(PrincipalSchema, { email: "user@demo.example", firstName: "Dana", lastName: "User" }),
  }),
};

async function fillContactForm(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText("Name"), "Ada Lovelace");
  await user.type(screen.getByLabelText("Email"), "ada@example.com");
  await user.type(screen.getByLabelText("Subject"), "No sites");
  await user.type(screen.getByLabelText("Message"), "I signed in and saw no sites.");
}

beforeEach(() => {
  vi.resetAllMocks();
});

describe("Contact Form", () => {
  it("preselects the category from ?category= and links the three views", () => {
    renderAt("/contact?category=NO_SITES");
    expect(screen.getByRole("heading", { level: 1, name: "Contact Form" })).toHaveFocus();
    expect(screen.getByLabelText("Category")).toHaveValue("NO_SITES");
    expect(screen.getByRole("option", { name: "No sites on my account" })).toHaveProperty("selected", true);
    const tabs = screen.getByRole("navigation", { name: "Ways to reach support" });
    expect(within(tabs).getByRole("link", { name: "Contact Form" })).toHaveAttribute("aria-current", "page");
    expect(within(tabs).getByRole("link", { name: "Request a call back" })).toHaveAttribute("href", "/contact/callback");
    expect(within(tabs).getByRole("link", { name: "Ticket status" })).toHaveAttribute("href", "/contact/status");
  });

  it("preselects nothing for an unknown category", () => {
    renderAt("/contact?category=BOGUS");
    expect(screen.getByLabelText("Category")).toHaveValue("");
  });

  it("hides the honeypot from labels, roles and the keyboard", () => {
    const { container } = renderAt("/contact");
    expect(screen.queryByLabelText(/website/i)).toBeNull();
    const honeypot = container.querySelector<HTMLInputElement>('input[name="website"]');
    expect(honeypot).not.toBeNull();
    expect(screen.getAllByRole("textbox")).not.toContain(honeypot);
    expect(honeypot).toHaveAttribute("tabindex", "-1");
    expect(honeypot).toHaveAttribute("autocomplete", "off");
    expect(honeypot?.closest("[aria-hidden='true']")).not.toBeNull();
    expect(honeypot).not.toBeVisible();
  });

  it("catches empty required fields beside them without calling", async () => {
    const user = userEvent.setup();
    renderAt("/contact");
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(client.submitContactForm).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription("Enter your name.");
    expect(screen.getByLabelText("Subject")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText("Choose a category.")).toBeInTheDocument();
    expect(screen.getByText("Enter your message.")).toBeInTheDocument();
    expect(screen.getByLabelText("Organisation (optional)")).not.toHaveAttribute("aria-invalid");
  });

  it("shows the server's field violations beside the fields and keeps what was typed", async () => {
    const user = userEvent.setup();
    client.submitContactForm.mockRejectedValue(
      failure(Code.InvalidArgument, "The request has invalid fields.", {
        reason: "INVALID_ARGUMENT",
        violations: { message: "must be at most 5000 characters", name: "must not be empty" },
      }),
    );
    renderAt("/contact?category=OTHER");
    await fillContactForm(user);
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByText("Message must be at most 5000 characters.")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveAccessibleDescription(expect.stringContaining("Name must not be empty."));
    expect(screen.getByLabelText("Message")).toHaveValue("I signed in and saw no sites.");
    expect(screen.getByLabelText("Subject")).toHaveValue("No sites");
  });

  it("shows a rate limit with its countdown", async () => {
    const user = userEvent.setup();
    client.submitContactForm.mockRejectedValue(
      failure(Code.ResourceExhausted, "Too many requests. Please try again later.", {
        reason: "TOO_MANY_SUBMISSIONS",
        retrySeconds: 90,
      }),
    );
    renderAt("/contact?category=OTHER");
    await fillContactForm(user);
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests. Please try again later.");
    expect(screen.getByText(/You can send again in 1:(30|29)\./)).toBeInTheDocument();
    expect(screen.getByLabelText("Message")).toHaveValue("I signed in and saw no sites.");
  });

  it("sends the form and shows the reference with a link to its status", async () => {
    const user = userEvent.setup();
    client.submitContactForm.mockResolvedValue({ ticketRef: "SUP-7K2M9QXD" } as never);
    renderAt("/contact?category=NO_SITES");
    await fillContactForm(user);
    await user.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("heading", { level: 1, name: "Your request has been sent" })).toHaveFocus();
    expect(screen.getByText("SUP-7K2M9QXD")).toBeInTheDocument();
    expect(screen.getByText(/confirmation quoting this reference to ada@example.com/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Check ticket status" })).toHaveAttribute(
      "href",
      "/contact/status?ref=SUP-7K2M9QXD",
    );
    expect(client.submitContactForm).toHaveBeenCalledWith(
      expect.objectContaining({
        name: "Ada Lovelace",
        email: "ada@example.com",
        category: Category.NO_SITES,
        subject: "No sites",
        website: "",
      }),
    );
  });

  it("fills in a signed-in person's name and email, read-only", () => {
    renderAt("/contact", signedIn);
    expect(screen.getByLabelText("Name")).toHaveValue("Dana User");
    expect(screen.getByLabelText("Name")).toHaveAttribute("readonly");
    expect(screen.getByLabelText("Email")).toHaveValue("user@demo.example");
    expect(screen.getByLabelText("Email")).toHaveAttribute("readonly");
    expect(screen.getByText(/We reply to your account's address, user@demo.example/)).toBeInTheDocument();
  });
});

describe("Request a call back", () => {
  it("has its own heading, a phone field and a time zone detected from the device", () => {
    renderAt("/contact/callback");
    expect(screen.getByRole("heading", { level: 1, name: "Request a call back" })).toHaveFocus();
    const phone = screen.getByLabelText("Phone number");
    expect(phone).toHaveAttribute("type", "tel");
    expect(phone).toHaveAttribute("autocomplete", "tel");
    const zone = screen.getByLabelText("Time zone");
    expect(zone).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(screen.queryByLabelText(/website/i)).toBeNull();
  });

  it("checks the window before calling", async () => {
    const user = userEvent.setup();
    renderAt("/contact/callback");
    await user.type(screen.getByLabelText("Name"), "Ada");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Phone number"), "+33 1 23 45 67 89");
    await user.type(screen.getByLabelText("Date"), "2020-01-02");
    await user.type(screen.getByLabelText("From"), "14:00");
    await user.type(screen.getByLabelText("To"), "13:00");
    await user.click(screen.getByRole("button", { name: "Request a call back" }));
    expect(client.requestCallback).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Date")).toHaveAccessibleDescription("Choose today or a later date.");
  });

  it("sends the window as UTC instants with its zone and says it back", async () => {
    const user = userEvent.setup();
    client.requestCallback.mockResolvedValue({ ticketRef: "SUP-CALLBACK1" } as never);
    renderAt("/contact/callback?category=ACCOUNT_LOCKED");
    const year = new Date().getFullYear() + 1;
    await user.type(screen.getByLabelText("Name"), "Ada");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Phone number"), "+33 1 23 45 67 89");
    await user.type(screen.getByLabelText("Date"), `${year}-12-02`);
    await user.type(screen.getByLabelText("From"), "14:00");
    await user.type(screen.getByLabelText("To"), "16:00");
    await user.selectOptions(screen.getByLabelText("Time zone"), "Europe/Paris");
    expect(screen.getByText(/We will call you on .*Europe\/Paris/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Request a call back" }));
    expect(await screen.findByText("SUP-CALLBACK1")).toBeInTheDocument();
    const req = client.requestCallback.mock.calls[0]?.[0];
    expect(req?.timeZone).toBe("Europe/Paris");
    expect(req?.category).toBe(Category.ACCOUNT_LOCKED);
    expect(req?.windowStart).toEqual(timestampFromDate(new Date(`${year}-12-02T13:00:00Z`)));
    expect(req?.windowEnd).toEqual(timestampFromDate(new Date(`${year}-12-02T15:00:00Z`)));
  });

  it("shows the server's phone violation beside the field", async () => {
    const user = userEvent.setup();
    client.requestCallback.mockRejectedValue(
      failure(Code.InvalidArgument, "The request has invalid fields.", {
        reason: "INVALID_ARGUMENT",
        violations: { phone: "must be a valid phone number with its country code, e.g. +44 20 7946 0018" },
      }),
    );
    renderAt("/contact/callback?category=OTHER");
    const year = new Date().getFullYear() + 1;
    await user.type(screen.getByLabelText("Name"), "Ada");
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.type(screen.getByLabelText("Phone number"), "12");
    await user.type(screen.getByLabelText("Date"), `${year}-01-05`);
    await user.type(screen.getByLabelText("From"), "09:00");
    await user.type(screen.getByLabelText("To"), "10:00");
    await user.click(screen.getByRole("button", { name: "Request a call back" }));
    expect(await screen.findByText(/^Phone number must be a valid phone number/)).toBeInTheDocument();
    expect(screen.getByLabelText("Phone number")).toHaveValue("12");
  });
});

describe("Ticket status", () => {
  const ticket = create(GetTicketStatusResponseSchema, {
    ticketRef: "SUP-7K2M9QXD",
    kind: TicketKind.CONTACT_FORM,
    status: TicketStatus.PENDING_REQUESTER,
    createdAt: timestampFromDate(new Date("2025-12-01T10:00:00Z")),
    updatedAt: timestampFromDate(new Date("2025-12-01T12:00:00Z")),
    replies: [
      create(PublicReplySchema, { at: timestampFromDate(new Date("2025-12-01T12:00:00Z")), body: "Second reply" }),
      create(PublicReplySchema, { at: timestampFromDate(new Date("2025-12-01T11:00:00Z")), body: "First reply" }),
    ],
  });

  async function lookUp(user: ReturnType<typeof userEvent.setup>) {
    await user.type(screen.getByLabelText("Email"), "ada@example.com");
    await user.click(screen.getByRole("button", { name: "Check status" }));
  }

  it("prefills the reference and says plainly when nothing matches", async () => {
    const user = userEvent.setup();
    client.getTicketStatus.mockRejectedValue(failure(Code.NotFound, "No ticket matches.", { reason: "NOT_FOUND" }));
    renderAt("/contact/status?ref=SUP-7K2M9QXD");
    expect(screen.getByRole("heading", { level: 1, name: "Ticket status" })).toHaveFocus();
    expect(screen.getByLabelText("Reference")).toHaveValue("SUP-7K2M9QXD");
    await lookUp(user);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "We couldn't find a request with that reference and email address.",
    );
  });

  it("shows the status in words and the replies, newest last", async () => {
    const user = userEvent.setup();
    client.getTicketStatus.mockResolvedValue(ticket);
    renderAt("/contact/status?ref=SUP-7K2M9QXD");
    await lookUp(user);
    expect(await screen.findByRole("heading", { level: 2, name: "Request SUP-7K2M9QXD" })).toBeInTheDocument();
    expect(screen.getByText("Waiting for your reply")).toBeInTheDocument();
    const replies = screen.getAllByRole("listitem").map((li) => li.textContent ?? "");
    expect(replies.findIndex((r) => r.includes("First reply"))).toBeLessThan(
      replies.findIndex((r) => r.includes("Second reply")),
    );
    expect(client.getTicketStatus).toHaveBeenCalledWith({ ticketRef: "SUP-7K2M9QXD", email: "ada@example.com" });
  });

  it("sends a reply, shows the new status and looks the ticket up again", async () => {
    const user = userEvent.setup();
    client.getTicketStatus.mockResolvedValueOnce(ticket).mockResolvedValueOnce({ ...ticket, status: TicketStatus.OPEN });
    client.replyToTicket.mockResolvedValue({ ticketRef: "SUP-7K2M9QXD", status: TicketStatus.OPEN } as never);
    renderAt("/contact/status?ref=SUP-7K2M9QXD");
    await lookUp(user);
    await user.type(await screen.findByLabelText("Your reply"), "Here is the detail.");
    await user.click(screen.getByRole("button", { name: "Send reply" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Your reply has been sent. Status: Open.");
    expect(client.replyToTicket).toHaveBeenCalledWith({
      ticketRef: "SUP-7K2M9QXD",
      email: "ada@example.com",
      message: "Here is the detail.",
    });
    expect(client.getTicketStatus).toHaveBeenCalledTimes(2);
    expect(screen.getByLabelText("Your reply")).toHaveValue("");
  });

  it("shows a closed ticket's refusal with a link to a new Contact Form", async () => {
    const user = userEvent.setup();
    client.getTicketStatus.mockResolvedValue({ ...ticket, status: TicketStatus.RESOLVED });
    client.replyToTicket.mockRejectedValue(
      failure(Code.FailedPrecondition, "This request is closed. Please submit a new one.", { reason: "TICKET_CLOSED" }),
    );
    renderAt("/contact/status?ref=SUP-7K2M9QXD");
    await lookUp(user);
    await user.type(await screen.findByLabelText("Your reply"), "Hello?");
    await user.click(screen.getByRole("button", { name: "Send reply" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("This request is closed. Please submit a new one.");
    expect(within(alert).getByRole("link", { name: "Contact Form" })).toHaveAttribute("href", "/contact");
    expect(screen.getByLabelText("Your reply")).toHaveValue("Hello?");
  });
});
