/**
 * Who is signed in, from `AuthService.GetSession` (the session itself is an
 * HttpOnly cookie the browser sends; JavaScript never sees a token).
 *   const { session, refresh, signedOut } = useSession();
 *   session.status: "loading" | "anonymous" | "signedIn"
 *   session.info:   GetSessionResponse when signed in (principal, sites, organisation)
 * Call `refresh()` after Login/CompleteRegistration, `signedOut()` after Logout.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { authClient } from "../api/auth";
import { navigate, useRoute } from "./router";
import type { GetSessionResponse } from "../gen/portal/auth/v1/auth_pb";
import { SessionScope } from "../gen/portal/auth/v1/auth_pb";

export type Session =
  | { status: "loading" }
  | { status: "anonymous" }
  | { status: "signedIn"; info: GetSessionResponse; scope: SessionScope };

export interface SessionContextValue {
  session: Session;
  /** Asks the server again; resolves with the new state. */
  refresh: () => Promise<Session>;
  /** Forgets the session locally (after Logout or a dead session). */
  signedOut: () => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

export async function fetchSession(): Promise<Session> {
  try {
    const info = await authClient.getSession({});
    if (!info.principal) return { status: "anonymous" };
    return { status: "signedIn", info, scope: info.principal.scope };
  } catch {
    // UNAUTHENTICATED (no or dead session) or the server is unreachable:
    // either way nobody is signed in as far as this page can tell.
    return { status: "anonymous" };
  }
}

export function SessionProvider({ children, initial }: { children: ReactNode; initial?: Session }) {
  const [session, setSession] = useState<Session>(initial ?? { status: "loading" });

  const refresh = useCallback(async () => {
    const next = await fetchSession();
    setSession(next);
    return next;
  }, []);

  const signedOut = useCallback(() => setSession({ status: "anonymous" }), []);

  useEffect(() => {
    if (initial) return;
    let live = true;
    void fetchSession().then((next) => {
      if (live) setSession(next);
    });
    return () => {
      live = false;
    };
  }, [initial]);

  const value = useMemo(() => ({ session, refresh, signedOut }), [session, refresh, signedOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession needs a SessionProvider");
  return value;
}

export { SessionScope };

/**
 * The session of a view that needs one: nobody signed in is sent to
 * /login, which brings them back here afterwards.
 *   const session = useSignInRequired(); if (session.status !== "signedIn") return <Loading />;
 */
export function useSignInRequired(): Session {
  const { session } = useSession();
  const { path } = useRoute();
  useEffect(() => {
    if (session.status === "anonymous") navigate(`/login?next=${encodeURIComponent(path)}`, { replace: true });
  }, [session, path]);
  return session;
}
