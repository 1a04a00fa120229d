// axe-core on every view: no serious or critical violation.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test, demoPassword } from "./support/fixtures";
import { temporaryPassword } from "./support/mail";
import { activeUser, provisionUser, USER } from "./support/portal";
import { signIn } from "./support/sign-in";

async function expectAccessible(page: Page, view: string) {
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  expect(results.passes.length, `axe checked ${view}`).toBeGreaterThan(0);
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious, view).toEqual([]);
}

test("the public views", async ({ page }) => {
  for (const path of [
    "/login",
    "/no-sites",
    "/forgot-password",
    "/reset-password",
    "/reset-password#token=abc",
    "/help",
    "/contact",
    "/contact/callback",
    "/contact/status",
    "/no-such-page",
  ]) {
    await page.goto(path);
    await expectAccessible(page, path);
  }
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(USER);
  await page.getByRole("button", { name: "Next" }).click();
  await expectAccessible(page, "/login, password step");
  await page.getByLabel("Password", { exact: true }).fill("wrong-password-here");
  await page.getByRole("button", { name: "Sign In" }).click();
  await page.getByRole("alert").waitFor();
  await expectAccessible(page, "/login, with an error");
});

test("the recovery views", async ({ page, uniqueEmail }) => {
  const { email } = await activeUser(uniqueEmail("a11y-recovery"));
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("textbox").first().waitFor();
  await expectAccessible(page, "security questions");
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Send Email Instructions to Reset Password").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expectAccessible(page, "check your email");
});

test("the registration steps", async ({ page, uniqueEmail }) => {
  const email = uniqueEmail("a11y-register");
  await provisionUser(email);
  await signIn(page, email, await temporaryPassword(email));
  await expect(page).toHaveURL(/\/register/);
  for (const step of ["profile", "security-questions", "password", "email-verification", "terms"]) {
    const link = page
      .getByRole("navigation", { name: "Registration steps" })
      .getByRole("link")
      .nth(["profile", "security-questions", "password", "email-verification", "terms"].indexOf(step));
    await link.click();
    await expectAccessible(page, `/register ${step}`);
  }
});

test("the account page", async ({ page }) => {
  await signIn(page, USER, demoPassword(USER));
  await expect(page).toHaveURL(/\/account$/);
  await expectAccessible(page, "/account");
});
