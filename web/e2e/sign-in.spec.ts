// Signing in: the two steps, the exact messages of a wrong password and a
// lock, the no-sites page, and signing out.
import { expect, test, demoPassword } from "./support/fixtures";
import { activeUser, USER } from "./support/portal";
import { SUBJECTS, waitForMail } from "./support/mail";
import { attempt, INVALID, LOCKED, NO_SITES, signIn } from "./support/sign-in";

test("a wrong password is told exactly that", async ({ page, uniqueEmail }) => {
  const { email } = await activeUser(uniqueEmail("wrong"));
  await signIn(page, email, "not-the-password-at-all");
  await expect(page.getByRole("alert")).toHaveText(INVALID);
});

test("an unknown email reads exactly like a wrong password", async ({ page }) => {
  await signIn(page, "nobody.here@demo.example", "not-the-password-at-all");
  await expect(page.getByRole("alert")).toHaveText(INVALID);
});

test("the third wrong password locks the account with the exact message and an email", async ({
  page,
  uniqueEmail,
}) => {
  const { email } = await activeUser(uniqueEmail("locked"));
  await signIn(page, email, "wrong-password-one");
  await expect(page.getByRole("alert")).toHaveText(INVALID);
  await attempt(page, "wrong-password-two");
  await expect(page.getByRole("alert")).toHaveText(INVALID);
  await attempt(page, "wrong-password-three");
  await expect(page.getByRole("alert")).toContainText(LOCKED);
  await waitForMail(email, SUBJECTS.locked);
});

test("a user without sites gets the no-sites page", async ({ page, uniqueEmail }) => {
  const { email, password } = await activeUser(uniqueEmail("nosites"), { withSite: false });
  await signIn(page, email, password);
  await expect(page).toHaveURL(/\/no-sites$/);
  await expect(page.getByText(NO_SITES)).toBeVisible();
  await expect(page.getByRole("link", { name: "Contact Form" }).first()).toBeVisible();
});

test("the demo user signs in to the account page and signs out", async ({ page }) => {
  await signIn(page, USER, demoPassword(USER));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
  const cookies = await page.context().cookies();
  expect(cookies.filter((c) => c.name.includes("portal_session"))).toEqual([]);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login/);
});
