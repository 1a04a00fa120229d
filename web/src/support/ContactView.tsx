/**
 * /contact, /contact/callback and /contact/status: the support desk's
 * public views (Contact Form, Request a call back, Ticket status), linked
 * by tabs-like links. An unknown /contact/… path goes to /contact.
 */
import { useEffect } from "react";
import { Loading } from "../app/Loading";
import { navigate, useRoute } from "../app/router";
import { useSession } from "../app/session";
import { Card } from "../ui";
import { CallbackView } from "./CallbackView";
import { ContactFormView } from "./ContactFormView";
import { ContactTabs, contactTab } from "./parts";
import { TicketStatusView } from "./TicketStatusView";
import "./support.css";

export function ContactView() {
  const { path } = useRoute();
  const { session } = useSession();
  const tab = contactTab(path);

  useEffect(() => {
    if (!tab) navigate("/contact", { replace: true });
  }, [tab]);

  return (
    <Card wide>
      <ContactTabs />
      {/* Signed-in people get their name and email filled in: wait to know. */}
      {!tab || session.status === "loading" ? (
        <Loading />
      ) : tab === "form" ? (
        <ContactFormView key="form" />
      ) : tab === "callback" ? (
        <CallbackView key="callback" />
      ) : (
        <TicketStatusView key="status" />
      )}
    </Card>
  );
}
