// Tests of the ticket's status, kind and call-back status in words.
import { describe, expect, it } from "vitest";
import { CallbackStatus, TicketKind, TicketStatus } from "../gen/portal/support/v1/support_pb";
import { callbackWords, isClosed, kindWords, statusExplanation, statusWords } from "./ticketWords";

describe("statusWords", () => {
  it("words every status for the requester", () => {
    expect(statusWords(TicketStatus.NEW)).toBe("New");
    expect(statusWords(TicketStatus.OPEN)).toBe("Open");
    expect(statusWords(TicketStatus.PENDING_REQUESTER)).toBe("Waiting for your reply");
    expect(statusWords(TicketStatus.RESOLVED)).toBe("Resolved");
    expect(statusWords(TicketStatus.CLOSED)).toBe("Closed");
    // Spam is closed as far as the requester is told.
    expect(statusWords(TicketStatus.SPAM)).toBe("Closed");
    expect(statusWords(TicketStatus.UNSPECIFIED)).toBe("Received");
  });

  it("explains what a status means and whether replies are taken", () => {
    expect(statusExplanation(TicketStatus.PENDING_REQUESTER)).toMatch(/answer below/);
    expect(statusExplanation(TicketStatus.UNSPECIFIED)).toBeUndefined();
    expect(isClosed(TicketStatus.CLOSED)).toBe(true);
    expect(isClosed(TicketStatus.SPAM)).toBe(true);
    expect(isClosed(TicketStatus.RESOLVED)).toBe(false);
  });
});

describe("kindWords and callbackWords", () => {
  it("words the kind and the call back's state", () => {
    expect(kindWords(TicketKind.CONTACT_FORM)).toBe("Contact Form");
    expect(kindWords(TicketKind.CALLBACK)).toBe("Call back request");
    expect(callbackWords(CallbackStatus.SCHEDULED)).toBe("Scheduled");
    expect(callbackWords(CallbackStatus.FAILED)).toBe("We could not reach you");
    expect(callbackWords(CallbackStatus.UNSPECIFIED)).toBeUndefined();
  });
});
