/**
 * Lists the admin pages share: the organisations a caller may see (every
 * page of them, for pickers) and one organisation's sites.
 *   const { organizations } = useOrganizations(caller.platform);
 *   const { sites, reload } = useSites(organizationId, caller);
 */
import { useCallback, useEffect, useState } from "react";
import { adminClient } from "../api/admin";
import { alertText, toApiError } from "../api/errors";
import type { Organization } from "../gen/portal/auth/v1/admin_pb";
import type { Site } from "../gen/portal/auth/v1/auth_pb";
import type { AdminCaller } from "./adminLogic";

/** At most this many pages of 100 are read for a picker. */
const MAX_PAGES = 20;

export async function allOrganizations(): Promise<Organization[]> {
  const all: Organization[] = [];
  let pageToken = "";
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply = await adminClient.listOrganizations({ pageSize: 100, pageToken });
    all.push(...reply.organizations);
    pageToken = reply.nextPageToken;
    if (!pageToken) break;
  }
  return all;
}

/** Every organisation (platform operator); nothing is fetched when `enabled` is false. */
export function useOrganizations(enabled: boolean): {
  organizations: Organization[] | undefined;
  error: string | undefined;
  reload: () => void;
} {
  const [organizations, setOrganizations] = useState<Organization[]>();
  const [error, setError] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    allOrganizations().then(
      (found) => {
        if (live) setOrganizations(found);
      },
      (e: unknown) => {
        if (live) setError(alertText(toApiError(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [enabled, reloadKey]);
  const reload = useCallback(() => setReloadKey((key) => key + 1), []);
  return { organizations, error, reload };
}

/**
 * The sites of `organizationId`: an organisation's administrator always
 * gets their own; the platform operator gets none until one is chosen.
 */
export function useSites(
  organizationId: string,
  caller: AdminCaller,
): { sites: Site[] | undefined; error: string | undefined; reload: () => void } {
  // Kept with the organisation they belong to, so a switch never shows
  // the previous organisation's sites.
  const [loaded, setLoaded] = useState<{ of: string; sites: Site[] }>();
  const [error, setError] = useState<string>();
  const [reloadKey, setReloadKey] = useState(0);
  const target = caller.platform ? organizationId : caller.organizationId;
  useEffect(() => {
    let live = true;
    if (!target) return;
    adminClient.listSites({ organizationId: target }).then(
      (reply) => {
        if (!live) return;
        setLoaded({ of: target, sites: reply.sites });
        setError(undefined);
      },
      (e: unknown) => {
        if (live) setError(alertText(toApiError(e)));
      },
    );
    return () => {
      live = false;
    };
  }, [target, reloadKey]);
  const reload = useCallback(() => setReloadKey((key) => key + 1), []);
  const sites = !target ? [] : loaded?.of === target ? loaded.sites : undefined;
  return { sites, error, reload };
}
