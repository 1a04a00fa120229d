// Tests of the router: path matching, navigate(), useRoute() and <Link>.
import { act, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { Link, navigate, normalizePath, safeNextPath, useRoute } from "./router";
import { routeFor } from "./routes";

function Where() {
  const route = useRoute();
  return (
    <p>
      {route.path}|{route.query.get("category") ?? ""}|{JSON.stringify(route.state)}
    </p>
  );
}

afterEach(() => {
  window.history.replaceState(null, "", "/");
});

describe("routeFor", () => {
  it("maps each flow's paths to its view", () => {
    expect(routeFor("/")).toBe("home");
    expect(routeFor("/login")).toBe("login");
    expect(routeFor("/register")).toBe("register");
    expect(routeFor("/register/profile")).toBe("register");
    expect(routeFor("/forgot-password")).toBe("forgotPassword");
    expect(routeFor("/reset-password")).toBe("resetPassword");
    expect(routeFor("/contact/status")).toBe("contact");
    expect(routeFor("/no-sites")).toBe("noSites");
    expect(routeFor("/account")).toBe("account");
    expect(routeFor("/help")).toBe("help");
    expect(routeFor("/desk/SUP-7K2M9QXD")).toBe("desk");
    expect(routeFor("/admin")).toBe("admin");
    expect(routeFor("/admin/users/0192")).toBe("admin");
    expect(routeFor("/administration")).toBe("notFound");
    expect(routeFor("/nowhere")).toBe("notFound");
    expect(routeFor("/loginx")).toBe("notFound");
  });

  it("ignores trailing slashes", () => {
    expect(normalizePath("/login/")).toBe("/login");
    expect(normalizePath("")).toBe("/");
    expect(normalizePath("/")).toBe("/");
  });
});

describe("navigate and useRoute", () => {
  it("pushes, replaces and re-renders with path, query and state", () => {
    render(<Where />);
    act(() => navigate("/contact?category=NO_SITES", { state: { from: "login" } }));
    expect(screen.getByText('/contact|NO_SITES|{"from":"login"}')).toBeInTheDocument();
    expect(window.location.pathname).toBe("/contact");

    const length = window.history.length;
    act(() => navigate("/login", { replace: true }));
    expect(window.history.length).toBe(length);
    expect(screen.getByText("/login||null")).toBeInTheDocument();
  });
});

describe("Link", () => {
  it("is a real link and navigates in the page on a plain click", () => {
    render(
      <>
        <Link to="/forgot-password" state={{ email: "a@example.com" }}>
          Forgot Password?
        </Link>
        <Where />
      </>,
    );
    const link = screen.getByRole("link", { name: "Forgot Password?" });
    expect(link).toHaveAttribute("href", "/forgot-password");
    fireEvent.click(link);
    expect(window.location.pathname).toBe("/forgot-password");
    expect(screen.getByText('/forgot-password||{"email":"a@example.com"}')).toBeInTheDocument();
  });

  it("leaves modified clicks to the browser", () => {
    render(<Link to="/help">Help</Link>);
    let preventedByApp: boolean | undefined;
    const record = (e: MouseEvent) => {
      preventedByApp = e.defaultPrevented;
      e.preventDefault(); // jsdom cannot open a new tab
    };
    window.addEventListener("click", record);
    fireEvent.click(screen.getByRole("link", { name: "Help" }), { ctrlKey: true });
    window.removeEventListener("click", record);
    expect(preventedByApp).toBe(false);
    expect(window.location.pathname).toBe("/");
  });
});

describe("safeNextPath", () => {
  it("accepts same-origin paths only", () => {
    expect(safeNextPath("/account?tab=sessions")).toBe("/account?tab=sessions");
    expect(safeNextPath("//evil.example/x")).toBeUndefined();
    expect(safeNextPath("/\\evil.example")).toBeUndefined();
    expect(safeNextPath("https://evil.example/")).toBeUndefined();
    expect(safeNextPath(null)).toBeUndefined();
  });
});
