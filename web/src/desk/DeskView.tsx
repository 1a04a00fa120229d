/**
 * /desk: the support agents' desk (its own chunk; loaded only when an
 * agent opens it). /desk is the queue, /desk/SUP-XXXXXXXX one ticket with
 * the requester's account context. Anyone else is told the desk is for
 * agents (the server refuses them anyway); nobody signed in goes to
 * /login and comes back.
 */
import { Loading } from "../app/Loading";
import { decodePathSegment, useRoute } from "../app/router";
import { useSignInRequired } from "../app/session";
import { Alert, Card, PageHeading } from "../ui";
import "./desk.css";
import { mayUseDesk } from "./deskLogic";
import { d } from "./deskWords";
import { Queue } from "./Queue";
import { TicketPage } from "./TicketPage";

/** The reference in a /desk/… address (see `decodePathSegment`). */
export const ticketReference = decodePathSegment;

export function DeskView() {
  const session = useSignInRequired();
  const { path } = useRoute();
  if (session.status !== "signedIn") return <Loading />;
  if (!mayUseDesk(session.info.principal?.roles ?? [])) {
    return (
      <Card>
        <PageHeading>{d("title")}</PageHeading>
        <Alert>{d("refused")}</Alert>
      </Card>
    );
  }
  const reference = path.startsWith("/desk/") ? ticketReference(path.slice("/desk/".length)) : undefined;
  const me = session.info.principal?.userId ?? "";
  return reference ? <TicketPage reference={reference} me={me} /> : <Queue me={me} />;
}
