/** "/": sends a visitor on to /account (or an agent's /desk), /register or /login by session. */
import { useEffect } from "react";
import { landingFor } from "../login/loginLogic";
import { Loading } from "./Loading";
import { navigate } from "./router";
import { SessionScope, useSession } from "./session";
import type { Session } from "./session";

export function homePath(session: Session): string | undefined {
  switch (session.status) {
    case "loading":
      return undefined;
    case "anonymous":
      return "/login";
    case "signedIn":
      return session.scope === SessionScope.REGISTRATION
        ? "/register"
        : landingFor(session.info.principal?.roles ?? []);
  }
}

export function Home() {
  const { session } = useSession();
  useEffect(() => {
    const to = homePath(session);
    if (to) navigate(to, { replace: true });
  }, [session]);
  return <Loading />;
}
