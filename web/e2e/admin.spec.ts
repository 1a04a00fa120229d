// The administration pages: a program administrator onboards, helps and
// offboards their people in the browser; the platform operator onboards
// an organisation and its first administrator; an administrator cannot
// reach another organisation's user by address; axe and the keyboard.
import type { Page } from "@playwright/test";
import { expectAccessible } from "./support/axe";
import { demoPassword, expect, test } from "./support/fixtures";
import { press, tabTo, typeInto } from "./support/keyboard";
import { SUBJECTS, temporaryPassword, waitForMail } from "./support/mail";
import { ADMIN, PASSWORD, activeUser, authClient, lockOut } from "./support/portal";
import { registerInBrowser } from "./support/register";
import { NO_SITES, signIn } from "./support/sign-in";

const OPERATOR = "operator@demo.example";
const ADMIN_NAME = "Ada Admin";

/** Finds `email` on the users page and opens their page. */
async function openUser(page: Page, email: string) {
  await page.goto("/admin");
  await page.getByLabel("Search", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("row").filter({ hasText: email }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 2, name: "Account" })).toBeVisible();
}

/** The rows of the audit table as text, filtered to `kind` (its label). */
async function auditRows(page: Page, kind: string) {
  await page.goto("/admin/audit");
  await page.getByLabel("Event", { exact: true }).selectOption({ label: kind });
  await page.getByRole("button", { name: "Filter" }).click();
  const table = page.getByRole("table", { name: "Audit events" });
  await expect(table).toBeVisible();
  return table.locator("tbody tr").allInnerTexts();
}

test("a program administrator onboards, helps and offboards their people in the browser", async ({
  page,
  browser,
  uniqueEmail,
}) => {
  await signIn(page, ADMIN, demoPassword(ADMIN));
  await expect(page).toHaveURL(/\/account$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Account" })).toBeVisible();
  await nav.getByRole("link", { name: "Administration" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();

  // Provision a newcomer for the demo site.
  const newcomer = uniqueEmail("newcomer");
  await page.getByRole("link", { name: "Add a user" }).click();
  await page.getByLabel("Email", { exact: true }).fill(newcomer);
  await page.getByLabel("Demo Clinic").check();
  await expect(page.getByLabel("Support agent")).toHaveCount(0); // staff roles are not offered
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Account created for ${newcomer}: an access email is on its way.`)).toBeVisible();
  await page.getByRole("link", { name: `Open ${newcomer}` }).click();
  await expect(page.getByText("Still to do: Your name, Security questions, Password, Email address, Terms of use")).toBeVisible();
  // A second access email voids the first temporary password.
  await page.getByRole("button", { name: "Resend access email" }).click();
  await expect(page.getByText(`A new access email is on its way to ${newcomer}.`, { exact: false })).toBeVisible();
  await temporaryPassword(newcomer, 2);

  // The newcomer registers from the access email in a browser of their own.
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await registerInBrowser(theirPage, newcomer, "Nina", "Newcomer");
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Nina Newcomer" })).toBeVisible();
  await expect(page.locator(".admin-facts").getByText("Active", { exact: true })).toBeVisible();

  // Revoking the only site: the next sign-in gets the no-sites message.
  await page.getByRole("button", { name: "Revoke Demo Clinic" }).click();
  await expect(page.getByText("Demo Clinic revoked.")).toBeVisible();
  await expect(page.getByText("No sites: this person cannot sign in until a site is granted.")).toBeVisible();
  await theirPage.getByRole("button", { name: "Sign out" }).click();
  await signIn(theirPage, newcomer, PASSWORD);
  await expect(theirPage.getByText(NO_SITES)).toBeVisible();
  await theirs.close();

  // Unlock a locked-out user.
  const { email: locked } = await activeUser(uniqueEmail("locked"));
  await lockOut(locked);
  await openUser(page, locked);
  await expect(page.getByText(/^Locked until /)).toBeVisible();
  await page.getByRole("button", { name: "Unlock account" }).click();
  await expect(page.getByText("Unlocked: Tess Tester can sign in again.")).toBeVisible();
  await expect(page.getByText("Not locked")).toBeVisible();
  expect((await authClient().login({ email: locked, password: PASSWORD })).sessionToken).not.toBe("");

  // Disable another, whose open session then stops working.
  const { email: leaver } = await activeUser(uniqueEmail("leaver"));
  const leaverContext = await browser.newContext();
  const leaverPage = await leaverContext.newPage();
  await signIn(leaverPage, leaver, PASSWORD);
  await expect(leaverPage).toHaveURL(/\/account$/);
  await openUser(page, leaver);
  await page.getByRole("button", { name: "Disable account…" }).click();
  const dialog = page.getByRole("dialog", { name: "Disable Tess Tester?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText(leaver)).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Disable Tess Tester" }).click();
  await expect(page.getByText("Tess Tester is disabled and signed out everywhere.")).toBeVisible();
  await expect(dialog).toBeHidden();
  await leaverPage.reload();
  await expect(leaverPage).toHaveURL(/\/login/);
  await leaverContext.close();

  // The audit trail names the administrator for each of those actions.
  for (const [kind, whose] of [
    ["Account disabled", leaver],
    ["Account unlocked", locked],
    ["Site revoked", newcomer],
  ] as const) {
    const rows = await auditRows(page, kind);
    const row = rows.find((text) => text.includes(whose));
    expect(row, `${kind} of ${whose}`).toBeDefined();
    expect(row).toContain(`${ADMIN_NAME} (${ADMIN})`);
  }
});

test("the platform operator onboards an organisation and its first administrator, who sees only their own", async ({
  page,
  browser,
}) => {
  const stamp = Date.now();
  const organization = `Harbour Health ${stamp}`;
  const firstAdmin = `first.admin.${stamp}@harbour.example`;

  await signIn(page, OPERATOR, demoPassword(OPERATOR));
  await expect(page).toHaveURL(/\/admin$/);
  await page.getByRole("link", { name: "Organisations" }).click();
  await page.getByLabel("New organisation name").fill(organization);
  await page.getByRole("button", { name: "Add organisation" }).click();
  await expect(page.getByText(`${organization} added. Next, add its sites.`)).toBeVisible();

  await page.getByRole("link", { name: `Sites of ${organization}` }).click();
  await page.getByLabel("New site name").fill("Harbour Clinic");
  await page.getByRole("button", { name: "Add site" }).click();
  await expect(page.getByRole("rowheader", { name: "Harbour Clinic" })).toBeVisible();

  await page.getByRole("link", { name: "Organisations" }).click();
  await page.getByRole("link", { name: `Add an administrator to ${organization}` }).click();
  await expect(page.getByLabel("Program administrator")).toBeChecked();
  await page.getByLabel("Email", { exact: true }).fill(firstAdmin);
  await page.getByLabel("Harbour Clinic").check();
  await page.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Account created for ${firstAdmin}: an access email is on its way.`)).toBeVisible();
  await waitForMail(firstAdmin, SUBJECTS.access);
  const userAddress = await page.getByRole("link", { name: `Open ${firstAdmin}` }).getAttribute("href");
  expect(userAddress).toMatch(/^\/admin\/users\//);

  // The demo organisation's administrator cannot reach that account.
  const demo = await browser.newContext();
  const demoPage = await demo.newPage();
  await signIn(demoPage, ADMIN, demoPassword(ADMIN));
  await demoPage.goto(userAddress!);
  await expect(demoPage.getByRole("alert")).toHaveText("This belongs to another organization.");
  await expect(demoPage.getByText(firstAdmin)).toHaveCount(0);
  await demoPage.goto(`/admin?q=${encodeURIComponent(firstAdmin)}`);
  await expect(demoPage.getByText("No users match.")).toBeVisible();
  await demoPage.goto("/admin/organizations");
  await expect(demoPage.getByRole("alert")).toHaveText("There is no such administration page.");
  await demo.close();
});

test("the admin views pass axe, and provisioning works with the keyboard alone", async ({ page, uniqueEmail }) => {
  const { email } = await activeUser(uniqueEmail("axe"));
  await signIn(page, OPERATOR, demoPassword(OPERATOR));
  await expect(page).toHaveURL(/\/admin$/);
  for (const path of ["/admin", "/admin/provision", "/admin/sites", "/admin/organizations", "/admin/audit"]) {
    await page.goto(path);
    await expectAccessible(page, path);
    await page.screenshot({ path: `test-results/admin${path.replace(/\//g, "-")}.png`, fullPage: true });
  }
  await openUser(page, email);
  await expectAccessible(page, "a user's page");
  await page.screenshot({ path: "test-results/admin-user.png", fullPage: true });
  await page.getByRole("button", { name: "Disable account…" }).click();
  await expectAccessible(page, "the disable confirmation");
  await page.screenshot({ path: "test-results/admin-disable-dialog.png" });
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toBeHidden();

  // Keyboard only, as the demo program administrator.
  await page.context().clearCookies();
  await signIn(page, ADMIN, demoPassword(ADMIN));
  await expect(page).toHaveURL(/\/account$/);
  const keyboardUser = uniqueEmail("keyboard");
  await page.goto("/admin/provision");
  await typeInto(page, page.getByLabel("Email", { exact: true }), keyboardUser);
  await tabTo(page, page.getByLabel("Demo Clinic"));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByLabel("Licence owner"));
  await page.keyboard.press("Space");
  await press(page, page.getByRole("button", { name: "Add user" }));
  await expect(page.getByText(`Account created for ${keyboardUser}: an access email is on its way.`)).toBeVisible();
  await press(page, page.getByRole("link", { name: `Open ${keyboardUser}` }));
  await expect(page.locator(".admin-facts").getByText("Licence owner")).toBeVisible();
  await expect(page.locator(".admin-sites").getByText("Demo Clinic", { exact: true })).toBeVisible();
  await expectAccessible(page, "a newly provisioned user's page");
});
