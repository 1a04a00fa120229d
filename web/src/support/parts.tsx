/**
 * Pieces shared by the contact views: the tabs-like links between them,
 * the honeypot, the signed-in note, the retry countdown and the
 * confirmation that shows a new request's reference.
 */
import type { ReactNode } from "react";
import { Link, useRoute } from "../app/router";
import { t } from "../messages";
import { PageHeading, TextField, formatClock, useCountdown } from "../ui";
import type { Requester } from "./forms";

export type ContactTab = "form" | "callback" | "status";

export const TAB_PATHS: Record<ContactTab, string> = {
  form: "/contact",
  callback: "/contact/callback",
  status: "/contact/status",
};

/** The view a path shows; undefined for an unknown /contact/… path. */
export function contactTab(path: string): ContactTab | undefined {
  const hit = (Object.entries(TAB_PATHS) as [ContactTab, string][]).find(([, to]) => to === path);
  return hit?.[0];
}

export function ContactTabs() {
  const { path } = useRoute();
  const tabs: [ContactTab, string][] = [
    ["form", t("contact.tabs.form")],
    ["callback", t("contact.tabs.callback")],
    ["status", t("contact.tabs.status")],
  ];
  return (
    <nav className="contact-tabs" aria-label={t("contact.tabs.label")}>
      <ul>
        {tabs.map(([tab, label]) => (
          <li key={tab}>
            <Link
              to={TAB_PATHS[tab]}
              className="contact-tab"
              aria-current={path === TAB_PATHS[tab] ? "page" : undefined}
            >
              {label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The honeypot: a field only bots fill in. Hidden from people (`hidden`,
 * and display: none from the stylesheet should anything undo that), from
 * assistive technology (aria-hidden, no label) and from the keyboard
 * (tabIndex -1); browsers do not autofill it.
 */
export function Honeypot({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <div className="hp-field" hidden aria-hidden="true">
      <input
        type="text"
        name="website"
        tabIndex={-1}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

function SignedInNote({ requester }: { requester: Requester }) {
  return <p className="identity">{t("contact.signedIn", { name: requester.name, email: requester.email })}</p>;
}

/** Who is asking: name and email, or, when signed in, the account's
 *  (read-only, with a note saying so). Both forms open with these. */
export function RequesterFields({
  requester,
  shown,
  onChange,
  errors,
}: {
  requester: Requester | undefined;
  shown: Requester;
  onChange: (field: "name" | "email") => (value: string) => void;
  errors: { name?: string | undefined; email?: string | undefined };
}) {
  return (
    <>
      {requester && <SignedInNote requester={requester} />}
      <TextField
        label={t("contact.name.label")}
        name="name"
        autoComplete="name"
        value={shown.name}
        onChange={onChange("name")}
        readOnly={requester !== undefined}
        error={errors.name}
      />
      <TextField
        label={t("contact.email.label")}
        type="email"
        name="email"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        value={shown.email}
        onChange={onChange("email")}
        readOnly={requester !== undefined}
        hint={requester ? undefined : t("contact.email.hint")}
        error={errors.email}
      />
    </>
  );
}

/** "You can send again in 0:42." while a rate limit lasts (not a live region). */
export function RetryNote({ until }: { until: Date | undefined }) {
  const left = useCountdown(until);
  if (left <= 0) return null;
  return <p className="countdown retry-note">{t("contact.rateLimited.retry", { time: formatClock(left) })}</p>;
}

/** After a submission: the reference, prominently, and where to go next. */
export function Submitted({
  reference,
  email,
  signedIn,
  children,
}: {
  reference: string;
  email: string;
  signedIn: boolean;
  children?: ReactNode;
}) {
  return (
    <>
      <PageHeading key="done" title={t("contact.done.title")}>
        {t("contact.done.heading")}
      </PageHeading>
      <div className="reference-box">
        <p className="reference-label">{t("contact.done.reference")}</p>
        <p className="reference">{reference}</p>
      </div>
      {children}
      <p>{signedIn ? t("contact.done.mailSignedIn") : t("contact.done.mail", { email })}</p>
      <p>{t("contact.done.keep")}</p>
      <ul className="link-list">
        <li>
          <Link to={`/contact/status?ref=${encodeURIComponent(reference)}`} state={{ email }}>
            {t("contact.done.status")}
          </Link>
        </li>
        <li>
          <Link to="/help">{t("nav.help")}</Link>
        </li>
      </ul>
    </>
  );
}

/** Text with one `{name}` placeholder filled by a React node (e.g. a link). */
export function withNode(text: string, name: string, node: ReactNode): ReactNode {
  const [before, after] = text.split(`{${name}}`);
  return (
    <>
      {before}
      {node}
      {after}
    </>
  );
}
