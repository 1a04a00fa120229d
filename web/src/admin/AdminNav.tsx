/** The admin pages' own navigation; Organisations for the platform operator only. */
import { Link, useRoute } from "../app/router";
import { a } from "./adminWords";
import type { AdminWordId } from "./adminWords";

const LINKS: readonly { to: string; label: AdminWordId; platformOnly?: boolean }[] = [
  { to: "/admin", label: "nav.users" },
  { to: "/admin/provision", label: "nav.provision" },
  { to: "/admin/sites", label: "nav.sites" },
  { to: "/admin/organizations", label: "nav.organizations", platformOnly: true },
  { to: "/admin/audit", label: "nav.audit" },
];

/** Users stays current on a user's page (/admin/users/…). */
function isCurrent(path: string, to: string): boolean {
  if (to === "/admin") return path === "/admin" || path.startsWith("/admin/users/");
  return path === to;
}

export function AdminNav({ platform }: { platform: boolean }) {
  const { path } = useRoute();
  return (
    <nav className="admin-nav" aria-label={a("nav.label")}>
      <ul>
        {LINKS.filter((link) => platform || !link.platformOnly).map((link) => (
          <li key={link.to}>
            <Link to={link.to} aria-current={isCurrent(path, link.to) ? "page" : undefined}>
              {a(link.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
