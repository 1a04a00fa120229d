/**
 * The access policy with its loading state, for pages that show a
 * skeleton while it loads and read well without it if it fails.
 *   const policy = usePolicyState();   // { status: "loading" | "ready" | "failed" }
 */
import { useEffect, useState } from "react";
import { loadAccessPolicy } from "../api/policy";
import type { AccessPolicy } from "../gen/portal/auth/v1/auth_pb";

export type PolicyState = { status: "loading" } | { status: "ready"; policy: AccessPolicy } | { status: "failed" };

export function usePolicyState(): PolicyState {
  const [state, setState] = useState<PolicyState>({ status: "loading" });
  useEffect(() => {
    let live = true;
    loadAccessPolicy().then(
      (policy) => {
        if (live) setState({ status: "ready", policy });
      },
      () => {
        if (live) setState({ status: "failed" });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
