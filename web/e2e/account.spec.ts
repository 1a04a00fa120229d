// The account page: who you are, signing out another session, changing the
// password (which signs the other sessions out), signing out.
import { expect, test } from "./support/fixtures";
import { SUBJECTS, waitForMail } from "./support/mail";
import { activeUser } from "./support/portal";
import { signIn } from "./support/sign-in";

const CHANGED = "cobalt-nectar-harbor-64";

test("another session is signed out from the account page", async ({ page, browser, uniqueEmail }) => {
  const { email, password } = await activeUser(uniqueEmail("sessions"));
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);
  await expect(otherPage).toHaveURL(/\/account$/);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);

  await expect(page.getByText(email).first()).toBeVisible();
  await expect(page.getByText("Demo Clinic")).toBeVisible();
  await expect(page.getByText("Demo Health")).toBeVisible();
  await expect(page.getByText("This device")).toHaveCount(1);
  // Every other session (the other browser, and the set-up's own) gets a
  // button; this one is marked instead.
  const revoke = page.getByRole("button", { name: "Sign out this session" });
  const others = await revoke.count();
  expect(others).toBeGreaterThanOrEqual(1);
  for (let left = others; left > 0; left -= 1) {
    await revoke.first().click();
    await expect(revoke).toHaveCount(left - 1);
  }
  await expect(page.getByText("The session has been signed out.")).toBeVisible();

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});

test("changing the password signs the other sessions out and the new one works", async ({
  page,
  browser,
  uniqueEmail,
}) => {
  const { email, password } = await activeUser(uniqueEmail("changer"));
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);
  await expect(otherPage).toHaveURL(/\/account$/);
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/account$/);

  await page.getByLabel("Current password").fill("not-my-password-at-all");
  await page.getByLabel("New password").fill(CHANGED);
  await page.getByLabel("Confirm password").fill(CHANGED);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();

  await page.getByLabel("Current password").fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password has been changed.", { exact: false })).toBeVisible();
  await waitForMail(email, SUBJECTS.changed);

  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await signIn(page, email, CHANGED);
  await expect(page).toHaveURL(/\/account$/);
});
