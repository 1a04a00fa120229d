/**
 * Audit events as a table: when, what, whose account, who acted (the
 * administrator or agent by name, or the account itself) and from where
 * (IP address and browser in short; the full user agent on hover, and
 * read out in place of the short form).
 */
import { Link } from "../app/router";
import { shortUserAgent } from "../account/userAgent";
import type { AuthEvent } from "../gen/portal/auth/v1/admin_pb";
import { dateTime, eventKindLabel, userPath } from "./adminLogic";
import { a } from "./adminWords";
import { DataTable } from "./DataTable";

function actor(event: AuthEvent): string {
  if (!event.actorUserId) return a("audit.byAccount");
  return event.actorName ? `${event.actorName} (${event.actorEmail})` : event.actorEmail;
}

export function EventTable({ events, caption }: { events: readonly AuthEvent[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={[
        a("audit.column.time"),
        a("audit.column.event"),
        a("audit.column.account"),
        a("audit.column.by"),
        a("audit.column.from"),
      ]}
      className="admin-events"
    >
      {events.map((event) => (
        <tr key={event.id}>
          <td className="admin-nowrap">{dateTime(event.occurredAt)}</td>
          <td>{eventKindLabel(event.kind)}</td>
          <td className="admin-email">
            {event.userId ? <Link to={userPath(event.userId)}>{event.email || event.userId}</Link> : event.email}
          </td>
          <td>{actor(event)}</td>
          <td>
            <span className="admin-ip">{event.clientIp || a("audit.fromUnknown")}</span>
            {event.userAgent && (
              <span className="admin-agent" title={event.userAgent}>
                <span aria-hidden="true">{shortUserAgent(event.userAgent)}</span>
                <span className="visually-hidden">{event.userAgent}</span>
              </span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
