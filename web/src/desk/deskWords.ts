/**
 * The desk's strings, kept with the desk's chunk so the sign-in page does
 * not load them (same shape as ../messages: `{name}` placeholders).
 *
 *   d("queue.heading")                    // "Support desk"
 *   d("diagnosis.locked", { time, failures })
 */
const words = {
  "title": "Support desk",
  "refused": "The support desk is for support agents. Sign in with an agent account to use it.",
  "queue.heading": "Support desk",
  "queue.intro": "Tickets newest first. Use j and k (or the arrow keys) to move, Enter to open.",
  "queue.status": "Status",
  "queue.status.active": "New, open and waiting",
  "queue.status.all": "All statuses",
  "queue.search": "Search",
  "queue.searchHint": "Words in the subject, message, name or email",
  "queue.apply": "Search",
  "queue.refresh": "Refresh",
  "queue.more": "Show more tickets",
  "queue.empty": "No tickets match.",
  "queue.listLabel": "Tickets",
  "queue.assignedTo": "Assigned to {email}",
  "queue.unassigned": "Unassigned",
  "ticket.back": "Back to the queue",
  "ticket.heading": "{reference}: {subject}",
  "ticket.requester": "Requester",
  "ticket.category": "Category",
  "ticket.status": "Status",
  "ticket.assignee": "Assignee",
  "ticket.phone": "Phone",
  "ticket.window": "Call between",
  "ticket.theirTime": "{time} their time ({zone})",
  "ticket.message": "Message",
  "ticket.assignMe": "Assign to me",
  "ticket.unassign": "Unassign",
  "ticket.changeStatus": "Change status",
  "ticket.newStatus": "New status",
  "ticket.noMoves": "This ticket's status is final.",
  "ticket.note.heading": "Add to the ticket",
  "ticket.note.kind": "Kind",
  "ticket.note.internal": "Internal note (agents only)",
  "ticket.note.public": "Public reply (emailed to the requester)",
  "ticket.note.body": "Text",
  "ticket.note.add": "Add",
  "ticket.note.added": "Added.",
  "ticket.history": "History",
  "ticket.conflict": "This ticket was changed by someone else. Reload it to see the change, then try again.",
  "ticket.reload": "Reload",
  "history.CREATED": "Created",
  "history.ASSIGNED": "Assigned",
  "history.STATUS_CHANGED": "Status changed",
  "history.NOTE_ADDED.internal": "Internal note",
  "history.NOTE_ADDED.public": "Public reply",
  "history.CALLBACK_SCHEDULED": "Call back scheduled",
  "history.CALLBACK_ATTEMPT": "Call back attempt",
  "history.REQUESTER_REPLIED": "Requester replied",
  "history.by": "by {agent}",
  "status.new": "New",
  "status.open": "Open",
  "status.pending": "Waiting for the requester",
  "status.resolved": "Resolved",
  "status.closed": "Closed",
  "status.spam": "Spam",
  "context.heading": "Why they cannot sign in",
  "context.loading": "Looking the account up…",
  "context.sendReset": "Send password reset email",
  "context.resendAccess": "Resend access email",
  "context.sentReset": "A password reset email is on its way to {email}.",
  "context.sentAccess": "A new access email is on its way to {email}.",
  "context.facts": "Account",
  "context.state": "State",
  "context.organization": "Organisation",
  "context.sites": "Sites",
  "context.lastSignIn": "Last sign-in",
  "context.never": "Never",
  "context.questions": "Security questions",
  "context.questionsSet": "Set",
  "context.questionsNotSet": "Not set",
  "context.mail": "Mail to this address",
  "context.mailNone": "No mail sent.",
  "context.mailSent": "sent {time}",
  "context.mailWaiting": "not sent yet, {attempts} attempts",
  "context.mailFailed": "given up",
  "context.events": "Recent sign-in events",
  "diagnosis.noAccount": "No account has this email. They may have used another address, or their organisation has not given them access yet.",
  "diagnosis.disabled": "The account is disabled. Only the organisation's administrators can restore it.",
  "diagnosis.locked": "Locked until {time} — {failures} failed sign-ins. Send the password reset email: a reset unlocks the account.",
  "diagnosis.temporaryExpired": "Temporary password expired {days} day(s) ago — resend the access email.",
  "diagnosis.temporaryValid": "Registration not finished; their temporary password works until {time}.",
  "diagnosis.registrationUnfinished": "Registration not finished ({steps} step(s) left). If they cannot sign in, send the password reset email.",
  "diagnosis.noSites": "No sites — only {organization}'s program administrators or licence owner can grant one.",
  "diagnosis.theirOrganization": "their organisation",
  "diagnosis.mailFailed": "The email \"{subject}\" could not be delivered ({error}). Check the address with them.",
  "diagnosis.mailWaiting": "The email \"{subject}\" has not been delivered yet ({error}).",
  "diagnosis.nothingWrong": "Nothing stands in the way: the account is active, unlocked and has sites.",
} as const;

export type DeskWordId = keyof typeof words;

export function d(id: DeskWordId, params?: Readonly<Record<string, string | number>>): string {
  const text: string = words[id];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** True when `id` names a desk string. */
export function isDeskWord(id: string): id is DeskWordId {
  return Object.hasOwn(words, id);
}
