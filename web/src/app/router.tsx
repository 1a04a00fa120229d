/**
 * A tiny client-side router over the History API.
 *
 *   navigate("/forgot-password", { state: { email } });   // push
 *   navigate("/login", { replace: true });                 // replace
 *   <Link to="/contact?category=NO_SITES">Contact Form</Link>
 *   const { path, query, state } = useRoute();             // re-renders on change
 *
 * `Link` renders a real `<a href>` (open in new tab, copy link, … keep
 * working) and handles plain left clicks in the page. History `state` is
 * for hand-overs between views (a notice id, a pre-filled email); never put
 * a secret in it.
 */
import { useSyncExternalStore } from "react";
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from "react";

export interface Route {
  /** The path without a trailing slash, e.g. "/register/profile". */
  path: string;
  /** The query string, parsed. */
  query: URLSearchParams;
  /** The history entry's state, as given to `navigate`. */
  state: unknown;
}

export interface NavigateOptions {
  replace?: boolean;
  state?: unknown;
}

const listeners = new Set<() => void>();
let current: Route = readLocation();

function readLocation(): Route {
  return {
    path: normalizePath(window.location.pathname),
    query: new URLSearchParams(window.location.search),
    state: window.history.state as unknown,
  };
}

/** "/login/" → "/login"; "" → "/". */
export function normalizePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  return trimmed === "" ? "/" : trimmed;
}

function notify(): void {
  current = readLocation();
  for (const listener of listeners) listener();
}

window.addEventListener("popstate", notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

function getSnapshot(): Route {
  return current;
}

/** The current route; the component re-renders when it changes. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, getSnapshot);
}

/** Goes to `to` (a same-origin path with optional query) without a reload. */
export function navigate(to: string, options: NavigateOptions = {}): void {
  const state = options.state ?? null;
  if (options.replace) window.history.replaceState(state, "", to);
  else {
    window.history.pushState(state, "", to);
    window.scrollTo?.(0, 0);
  }
  notify();
}

/** True for a click that the browser should handle (new tab, download, …). */
function isModifiedClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey;
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> {
  /** A same-origin path, e.g. "/forgot-password" or "/contact?category=NO_SITES". */
  to: string;
  /** History state handed to the next view. */
  state?: unknown;
  replace?: boolean;
  children: ReactNode;
}

/** An `<a href>` that navigates inside the app on a plain left click. */
export function Link({ to, state, replace, onClick, target, children, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || isModifiedClick(event)) return;
    if (target !== undefined && target !== "_self") return;
    const url = new URL(to, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash, { state, replace });
  }
  return (
    <a href={to} target={target} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}

/** A string field of a history state object, e.g. `stateString(route.state, "email")`. */
export function stateString(state: unknown, key: string): string | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const value = (state as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}

/**
 * A path given in `?next=` that is safe to go to after sign-in: same
 * origin, absolute path, not protocol-relative. Otherwise undefined.
 */
export function safeNextPath(next: string | null | undefined): string | undefined {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return undefined;
  try {
    const url = new URL(next, window.location.origin);
    return url.origin === window.location.origin ? url.pathname + url.search : undefined;
  } catch {
    return undefined;
  }
}

/** A decoded path segment ("/desk/SUP-…", "/admin/users/<id>"); a malformed
 *  escape is kept as typed (the server then answers that no such thing exists). */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
