// WCAG 2.2 reflow: at 320 CSS pixels wide no view scrolls sideways, even
// with a long email address on it.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { temporaryPassword } from "./support/mail";
import { activeUser, provisionUser } from "./support/portal";
import { signIn } from "./support/sign-in";

const WIDTH = 320;

async function expectNoSidewaysScroll(page: Page, view: string) {
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, view).toBeLessThanOrEqual(WIDTH);
}

test("public views", async ({ page }) => {
  await page.setViewportSize({ width: WIDTH, height: 700 });
  for (const path of ["/login", "/no-sites", "/forgot-password", "/reset-password", "/help", "/contact", "/contact/callback", "/contact/status", "/nope"]) {
    await page.goto(path);
    await expectNoSidewaysScroll(page, path);
  }
});

test("registration and account views with a long email address", async ({ page, uniqueEmail }) => {
  await page.setViewportSize({ width: WIDTH, height: 700 });
  const email = uniqueEmail("a-long-mailbox-name-for-phones");
  await provisionUser(email);
  await signIn(page, email, await temporaryPassword(email));
  await expect(page).toHaveURL(/\/register/);
  for (const step of ["profile", "security-questions", "password", "verify-email", "terms", "finish"]) {
    await page.goto(`/register/${step}`);
    await expectNoSidewaysScroll(page, `/register/${step}`);
  }
  const active = await activeUser(uniqueEmail("another-long-mailbox-for-phones"));
  await signIn(page, active.email, active.password);
  await expect(page).toHaveURL(/\/account$/);
  await expectNoSidewaysScroll(page, "/account");
});
