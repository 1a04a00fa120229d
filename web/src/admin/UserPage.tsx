/**
 * One user: state, roles, organisation, sites, lock, registration
 * progress, temporary password and last sign-in; the actions the caller
 * may take on them (grant and revoke sites, resend the access email,
 * unlock, disable after a confirmation naming the person); and their
 * recent events. A user of another organisation shows the server's
 * refusal, nothing else.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { adminClient } from "../api/admin";
import { alertText, toApiError } from "../api/errors";
import { Link } from "../app/router";
import type { AuthEvent, UserDetails } from "../gen/portal/auth/v1/admin_pb";
import { AccountState } from "../gen/portal/auth/v1/auth_pb";
import type { Site } from "../gen/portal/auth/v1/auth_pb";
import { Alert, Button, Notice, PageHeading, Select, useAsyncAction } from "../ui";
import { useSites } from "./adminData";
import {
  auditPath,
  dateTime,
  displayName,
  rolesText,
  stateLabel,
  stepsText,
  temporaryPasswordText,
  userActions,
} from "./adminLogic";
import type { AdminCaller } from "./adminLogic";
import { a } from "./adminWords";
import { ConfirmDialog } from "./ConfirmDialog";
import { EventTable } from "./EventTable";

const RECENT_EVENTS = 10;

export function UserPage({ caller, userId }: { caller: AdminCaller; userId: string }) {
  const [details, setDetails] = useState<UserDetails>();
  const [events, setEvents] = useState<AuthEvent[]>([]);
  const [loadError, setLoadError] = useState<string>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);
  const { busy, run } = useAsyncAction();

  useEffect(() => {
    let live = true;
    Promise.all([
      adminClient.getUser({ userId }),
      adminClient.listAuthEvents({ userId, pageSize: RECENT_EVENTS }),
    ]).then(
      ([user, recent]) => {
        if (!live) return;
        setDetails(user);
        setEvents(recent.events);
        setLoadError(undefined);
      },
      (e: unknown) => {
        if (live) setLoadError(alertText(toApiError(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [userId, reloadKey]);

  /** Runs one action, then says `done` and reads the user again. */
  const act = useCallback(
    (action: () => Promise<unknown>, done: string) =>
      run(async () => {
        try {
          await action();
          setNotice(done);
          setError(undefined);
        } catch (e) {
          setError(alertText(toApiError(e)));
          setNotice(undefined);
        }
        setReloadKey((key) => key + 1);
      }),
    [run],
  );

  if (loadError && !details) {
    return (
      <section className="admin-page">
        <PageHeading>{a("user.heading")}</PageHeading>
        <Alert>{loadError}</Alert>
        <p>
          <Link to="/admin">{a("user.back")}</Link>
        </p>
      </section>
    );
  }
  const user = details?.user;
  if (!details || !user) return <p role="status">{a("loading")}</p>;
  const name = displayName(user);
  const actions = userActions(caller.roles, details);
  const actionsNote = user.state === AccountState.DISABLED ? a("user.disabledNote") : a("user.staffReadOnly");
  return (
    <section className="admin-page">
      <p className="admin-back">
        <Link to="/admin">{a("user.back")}</Link>
      </p>
      <PageHeading>{name}</PageHeading>
      {notice && <Notice>{notice}</Notice>}
      {error && <Alert>{error}</Alert>}
      <div className="admin-columns">
        <div>
          <Facts details={details} />
          <SitesPanel
            caller={caller}
            details={details}
            mayChange={actions.sites}
            busy={busy}
            onGrant={(site) =>
              act(() => adminClient.grantSiteAccess({ userId, siteId: site.id }), a("user.granted", { site: site.name }))
            }
            onRevoke={(site) =>
              act(() => adminClient.revokeSiteAccess({ userId, siteId: site.id }), a("user.revoked", { site: site.name }))
            }
          />
        </div>
        <ActionsPanel
          name={name}
          email={user.email}
          note={actionsNote}
          actions={actions}
          busy={busy}
          onResend={() => act(() => adminClient.resendAccessEmail({ userId }), a("user.resent", { email: user.email }))}
          onUnlock={() => act(() => adminClient.unlockAccount({ userId }), a("user.unlocked", { name }))}
          onDisable={() => act(() => adminClient.disableUser({ userId }), a("user.disabled", { name }))}
        />
      </div>
      <section className="admin-panel" aria-labelledby="user-events-heading">
        <h2 id="user-events-heading">{a("user.events")}</h2>
        <EventTable events={events} caption={a("user.events")} />
        <p>
          <Link to={auditPath({ userId })}>{a("user.allEvents", { name })}</Link>
        </p>
      </section>
    </section>
  );
}

function Facts({ details }: { details: UserDetails }) {
  const user = details.user;
  if (!user) return null;
  return (
    <section className="admin-panel" aria-labelledby="user-facts-heading">
      <h2 id="user-facts-heading">{a("user.facts")}</h2>
      <dl className="admin-facts">
        <dt>{a("user.email")}</dt>
        <dd>{user.email}</dd>
        <dt>{a("user.organization")}</dt>
        <dd>{details.organizationName || a("user.platformStaff")}</dd>
        <dt>{a("user.state")}</dt>
        <dd>
          <span className={`admin-state admin-state-${user.state}`}>{stateLabel(user.state)}</span>
        </dd>
        <dt>{a("user.roles")}</dt>
        <dd>{rolesText(user.roles)}</dd>
        <dt>{a("user.lock")}</dt>
        <dd>{details.locked ? a("user.locked", { time: dateTime(details.lockedUntil) }) : a("user.notLocked")}</dd>
        <dt>{a("user.registration")}</dt>
        <dd>
          {details.pendingSteps.length === 0
            ? a("user.registration.done")
            : a("user.registration.pending", { steps: stepsText(details.pendingSteps) })}
        </dd>
        <dt>{a("user.temporary")}</dt>
        <dd>{temporaryPasswordText(details)}</dd>
        <dt>{a("user.lastSignIn")}</dt>
        <dd>{details.lastSignedInAt ? dateTime(details.lastSignedInAt) : a("user.never")}</dd>
        <dt>{a("user.created")}</dt>
        <dd>{dateTime(details.createdAt)}</dd>
      </dl>
    </section>
  );
}

interface SitesPanelProps {
  caller: AdminCaller;
  details: UserDetails;
  mayChange: boolean;
  busy: boolean;
  onGrant: (site: Site) => Promise<void>;
  onRevoke: (site: Site) => Promise<void>;
}

function SitesPanel({ caller, details, mayChange, busy, onGrant, onRevoke }: SitesPanelProps) {
  const organizationId = details.user?.organizationId ?? "";
  const { sites: organizationSites } = useSites(mayChange ? organizationId : "", caller);
  const [chosen, setChosen] = useState("");
  const grantable = (organizationSites ?? []).filter((site) => !details.sites.some((held) => held.id === site.id));

  function grant(event: FormEvent) {
    event.preventDefault();
    const site = grantable.find((candidate) => candidate.id === chosen);
    if (site) void onGrant(site).then(() => setChosen(""));
  }

  return (
    <section className="admin-panel" aria-labelledby="user-sites-heading">
      <h2 id="user-sites-heading">{a("user.sites")}</h2>
      {details.sites.length === 0 ? (
        <p>{a("user.sites.none")}</p>
      ) : (
        <ul className="admin-sites">
          {details.sites.map((site) => (
            <li key={site.id}>
              <span>{site.name}</span>
              {mayChange && (
                <Button variant="secondary" busy={busy} onClick={() => void onRevoke(site)}>
                  {a("user.revoke", { site: site.name })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {mayChange &&
        organizationSites &&
        (grantable.length === 0 ? (
          <p className="admin-intro">{a("user.grant.allGranted")}</p>
        ) : (
          <form className="admin-inline-form" onSubmit={grant}>
            <Select
              label={a("user.grant")}
              value={chosen}
              onChange={setChosen}
              placeholder={a("user.grant.choose")}
              options={grantable.map((site) => ({ value: site.id, label: site.name }))}
            />
            <Button type="submit" busy={busy}>
              {a("user.grantButton")}
            </Button>
          </form>
        ))}
    </section>
  );
}

interface ActionsPanelProps {
  name: string;
  email: string;
  /** Why nothing is offered, when nothing is. */
  note: string;
  actions: ReturnType<typeof userActions>;
  busy: boolean;
  onResend: () => Promise<void>;
  onUnlock: () => Promise<void>;
  onDisable: () => Promise<void>;
}

function ActionsPanel({ name, email, note, actions, busy, onResend, onUnlock, onDisable }: ActionsPanelProps) {
  const [confirming, setConfirming] = useState(false);
  const any = actions.resendAccess || actions.unlock || actions.disable;
  // Once the account is disabled its button is gone, and the focus with it:
  // start again at the page's heading.
  const couldDisable = useRef(actions.disable);
  useEffect(() => {
    if (couldDisable.current && !actions.disable) {
      document.querySelector<HTMLElement>("h1.page-heading")?.focus();
    }
    couldDisable.current = actions.disable;
  }, [actions.disable]);
  return (
    <section className="admin-panel" aria-labelledby="user-actions-heading">
      <h2 id="user-actions-heading">{a("user.actions")}</h2>
      {!any && <p className="admin-intro">{note}</p>}
      <div className="admin-actions">
        {actions.resendAccess && (
          <Button variant="secondary" busy={busy} onClick={() => void onResend()}>
            {a("user.resend")}
          </Button>
        )}
        {actions.unlock && (
          <Button variant="secondary" busy={busy} onClick={() => void onUnlock()}>
            {a("user.unlock")}
          </Button>
        )}
        {actions.disable && (
          <Button variant="secondary" onClick={() => setConfirming(true)}>
            {a("user.disable")}
          </Button>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={a("confirm.title", { name })}
        confirm={a("confirm.yes", { name })}
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => void onDisable().then(() => setConfirming(false))}
      >
        <p>{a("confirm.body", { name, email })}</p>
      </ConfirmDialog>
    </section>
  );
}
