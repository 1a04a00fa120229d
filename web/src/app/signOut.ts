/**
 * Signing out, the same from every view: `Logout` (the gateway clears the
 * session cookie), then the sign-in page with a notice. A session that had
 * already ended counts as signed out; any other failure is returned for
 * the view to show.
 */
import { useCallback } from "react";
import { Code } from "@connectrpc/connect";
import { authClient } from "../api/auth";
import { alertText, toApiError } from "../api/errors";
import { navigate } from "./router";
import { useSession } from "./session";

/** Returns `signOut()`, which resolves to an alert text, or undefined once
 *  the person is on the sign-in page. */
export function useSignOut(): () => Promise<string | undefined> {
  const { signedOut } = useSession();
  return useCallback(async () => {
    try {
      await authClient.logout({});
    } catch (e) {
      const err = toApiError(e);
      if (err.code !== Code.Unauthenticated) return alertText(err);
    }
    navigate("/login", { replace: true, state: { notice: "account.signedOut" } });
    signedOut();
    return undefined;
  }, [signedOut]);
}
