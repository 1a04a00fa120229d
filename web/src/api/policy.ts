/**
 * The access policy (password lengths, lock numbers, link lifetimes…) from
 * `AuthService.GetAccessPolicy`, fetched once per page load and shared.
 *   const policy = useAccessPolicy();   // undefined until loaded (or if it failed)
 *   policy?.passwordMinLength
 * Pages show these numbers rather than hard-coding them.
 */
import { useEffect, useState } from "react";
import type { AccessPolicy } from "../gen/portal/auth/v1/auth_pb";
import { authClient } from "./auth";

let pending: Promise<AccessPolicy> | undefined;
let loaded: AccessPolicy | undefined;

export function loadAccessPolicy(): Promise<AccessPolicy> {
  pending ??= authClient.getAccessPolicy({}).then(
    (policy) => {
      loaded = policy;
      return policy;
    },
    (error: unknown) => {
      pending = undefined; // try again next time
      throw error;
    },
  );
  return pending;
}

export function useAccessPolicy(): AccessPolicy | undefined {
  const [policy, setPolicy] = useState<AccessPolicy | undefined>(loaded);
  useEffect(() => {
    if (policy) return;
    let live = true;
    loadAccessPolicy().then(
      (p) => {
        if (live) setPolicy(p);
      },
      () => {
        // Pages fall back to wording without numbers.
      },
    );
    return () => {
      live = false;
    };
  }, [policy]);
  return policy;
}
