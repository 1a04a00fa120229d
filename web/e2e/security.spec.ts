// The session stays out of reach of scripts, cookie-authenticated calls
// from anywhere but the portal's own page are refused, and every page
// carries the security headers.
import { expect, test, demoPassword } from "./support/fixtures";
import { signIn } from "./support/sign-in";
import { USER } from "./support/portal";

const GET_SESSION = "/portal.auth.v1.AuthService/GetSession";
/** One grpc-web frame holding an empty message. */
const EMPTY_FRAME = Buffer.from([0, 0, 0, 0, 0]);

test("after sign-in no script can read the session token", async ({ page, context }) => {
  await signIn(page, USER, demoPassword(USER));
  await expect(page).toHaveURL(/\/account$/);

  const readable = await page.evaluate(() =>
    [document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join(" "),
  );
  expect(readable).not.toContain("ps_");
  const session = (await context.cookies()).find((c) => c.name === "portal_session");
  expect(session?.value).toMatch(/^ps_/);
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe("Strict");
  expect(session?.path).toBe("/");
});

test("a cookie-authenticated call from another origin or of another type is refused", async ({
  page,
  baseURL,
}) => {
  await signIn(page, USER, demoPassword(USER));
  await expect(page).toHaveURL(/\/account$/);
  // page.request shares the browser's cookies.
  const call = (headers: Record<string, string>) =>
    page.request.post(GET_SESSION, {
      headers: { "content-type": "application/grpc-web+proto", origin: baseURL!, ...headers },
      data: EMPTY_FRAME,
    });

  const own = await call({});
  const otherOrigin = await call({ origin: "https://evil.example" });
  const crossSite = await call({ "sec-fetch-site": "cross-site" });
  const formPost = await call({ "content-type": "application/x-www-form-urlencoded" });
  const plainText = await call({ "content-type": "text/plain" });
  const nullOrigin = await call({ origin: "null" });
  const nativeType = await call({ "content-type": "application/grpc" });

  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toMatch(/^application\/grpc-web/);
  // A successful unary answer: a message frame, then the trailer frame.
  expect((await own.body()).toString("latin1")).toContain("grpc-status:0");
  for (const refused of [otherOrigin, crossSite, formPost, plainText, nullOrigin, nativeType]) {
    expect(refused.headers()["grpc-status"]).toBe("7");
    expect(decodeURIComponent(refused.headers()["grpc-message"] ?? "")).toContain("refused");
  }
});

test("every page carries the CSP and security headers; assets are immutable and compressed", async ({
  page,
}) => {
  const assets: { url: string; cache: string; encoding: string }[] = [];
  page.on("response", (response) => {
    if (response.url().includes("/assets/")) {
      const headers = response.headers();
      assets.push({
        url: response.url(),
        cache: headers["cache-control"] ?? "",
        encoding: headers["content-encoding"] ?? "",
      });
    }
  });
  for (const path of [
    "/",
    "/login",
    "/register",
    "/forgot-password",
    "/reset-password",
    "/help",
    "/contact",
    "/contact/callback",
    "/contact/status",
    "/account",
    "/no-sites",
    "/no-such-page",
  ]) {
    const response = await page.goto(path);
    const headers = response!.headers();
    const csp = headers["content-security-policy"] ?? "";
    for (const directive of [
      "default-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp, path).toContain(directive);
    }
    expect(csp, path).not.toContain("unsafe-inline");
    expect(headers["referrer-policy"], path).toBe("no-referrer");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["cache-control"], path).toBe("no-cache");
  }
  const scripts = assets.filter((a) => a.url.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(0);
  for (const asset of scripts) {
    expect(asset.cache, asset.url).toContain("immutable");
    expect(["br", "gzip", "zstd", "deflate"], asset.url).toContain(asset.encoding);
  }
});
