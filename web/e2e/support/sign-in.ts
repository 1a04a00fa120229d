// Signing in through the page, and the exact messages the server answers
// with (README, "Sign-in and lockout").

export const INVALID = "Invalid email and/or password.";
export const LOCKED =
  "The username or password is incorrect. Your account has been temporarily locked due to repeated failed login attempts. Use the Forgot Password link to reset your password and unlock your account.";
export const NO_SITES =
  "There are no sites associated to your account. Please contact your Program Administrator or the License Owner within your organization for further assistance.";

type Page = import("@playwright/test").Page;

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Next" }).click();
  await attempt(page, password);
}

/** Types `password` on the password step, presses Sign In and waits for
 *  the server's answer. */
export async function attempt(page: Page, password: string) {
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/portal.auth.v1.AuthService/Login")),
    page.getByRole("button", { name: "Sign In" }).click(),
  ]);
}

