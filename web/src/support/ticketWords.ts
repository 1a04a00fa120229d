/** Ticket status, kind and call-back status in the requester's words. */
import { CallbackStatus, TicketKind, TicketStatus } from "../gen/portal/support/v1/support_pb";
import { t } from "../messages";

/** What the requester is told a status is; SPAM reads as closed. */
export function statusWords(status: TicketStatus): string {
  switch (status) {
    case TicketStatus.NEW:
      return t("contact.ticket.status.NEW");
    case TicketStatus.OPEN:
      return t("contact.ticket.status.OPEN");
    case TicketStatus.PENDING_REQUESTER:
      return t("contact.ticket.status.PENDING_REQUESTER");
    case TicketStatus.RESOLVED:
      return t("contact.ticket.status.RESOLVED");
    case TicketStatus.CLOSED:
    case TicketStatus.SPAM:
      return t("contact.ticket.status.CLOSED");
    default:
      return t("contact.ticket.status.UNKNOWN");
  }
}

/** A sentence saying what the status means for the requester, if any. */
export function statusExplanation(status: TicketStatus): string | undefined {
  switch (status) {
    case TicketStatus.NEW:
      return t("contact.ticket.explain.NEW");
    case TicketStatus.OPEN:
      return t("contact.ticket.explain.OPEN");
    case TicketStatus.PENDING_REQUESTER:
      return t("contact.ticket.explain.PENDING_REQUESTER");
    case TicketStatus.RESOLVED:
      return t("contact.ticket.explain.RESOLVED");
    case TicketStatus.CLOSED:
    case TicketStatus.SPAM:
      return t("contact.ticket.explain.CLOSED");
    default:
      return undefined;
  }
}

/** True when the ticket takes no more replies (the server says so too). */
export function isClosed(status: TicketStatus): boolean {
  return status === TicketStatus.CLOSED || status === TicketStatus.SPAM;
}

export function kindWords(kind: TicketKind): string {
  switch (kind) {
    case TicketKind.CONTACT_FORM:
      return t("contact.ticket.kind.CONTACT_FORM");
    case TicketKind.CALLBACK:
      return t("contact.ticket.kind.CALLBACK");
    default:
      return t("contact.ticket.kind.UNKNOWN");
  }
}

/** The call back's state in words; undefined when there is none. */
export function callbackWords(status: CallbackStatus): string | undefined {
  switch (status) {
    case CallbackStatus.REQUESTED:
      return t("contact.ticket.callback.REQUESTED");
    case CallbackStatus.SCHEDULED:
      return t("contact.ticket.callback.SCHEDULED");
    case CallbackStatus.COMPLETED:
      return t("contact.ticket.callback.COMPLETED");
    case CallbackStatus.FAILED:
      return t("contact.ticket.callback.FAILED");
    case CallbackStatus.CANCELLED:
      return t("contact.ticket.callback.CANCELLED");
    default:
      return undefined;
  }
}
