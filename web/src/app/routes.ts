/**
 * Which view a path shows. The views themselves are wired in ./App.tsx
 * (everything but /login is a lazy chunk). Sub-paths such as
 * /register/profile or /contact/status belong to their flow's view, which
 * reads `useRoute().path` to pick its step.
 */
export type RouteId =
  | "home"
  | "login"
  | "noSites"
  | "register"
  | "forgotPassword"
  | "resetPassword"
  | "help"
  | "contact"
  | "account"
  | "desk"
  | "admin"
  | "notFound";

const exact: Record<string, RouteId> = {
  "/": "home",
  "/login": "login",
  "/no-sites": "noSites",
  "/register": "register",
  "/forgot-password": "forgotPassword",
  "/reset-password": "resetPassword",
  "/help": "help",
  "/contact": "contact",
  "/account": "account",
  "/desk": "desk",
  "/admin": "admin",
};

/** Flows whose sub-paths (`/register/terms`) are steps of the same view. */
const prefixes: [string, RouteId][] = [
  ["/register/", "register"],
  ["/contact/", "contact"],
  ["/desk/", "desk"],
  ["/admin/", "admin"],
];

/** The route for a normalised path (see `normalizePath`). */
export function routeFor(path: string): RouteId {
  const hit = exact[path];
  if (hit) return hit;
  for (const [prefix, id] of prefixes) {
    if (path.startsWith(prefix) && path.length > prefix.length) return id;
  }
  return "notFound";
}
