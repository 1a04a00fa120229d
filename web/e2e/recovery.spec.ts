// Forgot Password: by an emailed link (which also unlocks a locked
// account), by security questions, and what a bad link shows.
import { expect, test } from "./support/fixtures";
import { press, tabTo, typeInto } from "./support/keyboard";
import { resetLink, SUBJECTS, waitForMail } from "./support/mail";
import { activeUser, ANSWERS, authClient } from "./support/portal";
import { LOCKED, signIn } from "./support/sign-in";

const NEW_PASSWORD = "quiet-meadow-lantern-77";

async function lockOut(email: string) {
  const auth = authClient();
  for (let i = 0; i < 3; i += 1) {
    await auth.login({ email, password: `wrong-password-${i}` }).catch(() => undefined);
  }
  await waitForMail(email, SUBJECTS.locked);
}

test("the email link resets the password, unlocks the account and leaves no token in the address bar", async ({
  page,
  uniqueEmail,
}) => {
  const { email } = await activeUser(uniqueEmail("reset"));
  await lockOut(email);
  await signIn(page, email, "still-the-wrong-one");
  await expect(page.getByRole("alert")).toContainText(LOCKED);

  await page.getByRole("link", { name: "Forgot Password?" }).first().click();
  await expect(page).toHaveURL(/\/forgot-password/);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Send Email Instructions to Reset Password").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();

  const historyBefore = await page.evaluate(() => history.length);
  await page.goto(await resetLink(email));
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(page.getByText(`For the account ${email}.`)).toBeVisible();
  await expect(page.locator('input[autocomplete="username"]')).toHaveValue(email);
  await expect(page).toHaveURL(/\/reset-password$/);
  expect(await page.evaluate(() => location.hash)).toBe("");
  // The token was replaced in place: no history entry holds it.
  expect(await page.evaluate(() => history.length)).toBe(historyBefore + 1);
  await page.getByLabel("New password").fill(NEW_PASSWORD);
  await page.getByLabel("Confirm password").fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Your password has been changed" })).toBeVisible();

  await page.getByRole("main").getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Password", { exact: true }).fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Sign In" }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test("the page for an unknown email reads the same as for a real one", async ({ page, uniqueEmail }) => {
  const views: string[] = [];
  for (const email of [(await activeUser(uniqueEmail("real"))).email, uniqueEmail("nobody")]) {
    await page.goto("/forgot-password");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Send Email Instructions to Reset Password").check();
    await page.getByRole("button", { name: "Continue" }).click();
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { name: "Check your email" })).toBeVisible();
    await expect(main.getByText(/works for 60 minutes/)).toBeVisible();
    views.push((await main.innerText()).replaceAll(email, "EMAIL"));
  }
  expect(views[1]).toBe(views[0]);
});

test("security questions reset the password, with the keyboard alone", async ({ page, uniqueEmail }) => {
  const { email } = await activeUser(uniqueEmail("questions"));
  await page.goto("/forgot-password");
  await typeInto(page, page.getByLabel("Email", { exact: true }), email);
  await expect(page.getByLabel("Answer Security Questions")).toBeChecked();
  await press(page, page.getByRole("button", { name: "Continue" }));

  const answers = page.getByRole("textbox");
  await expect(answers).toHaveCount(3);
  for (let i = 0; i < 3; i += 1) {
    await typeInto(page, answers.nth(i), "certainly wrong");
  }
  await press(page, page.getByRole("button", { name: "Continue" }));
  await expect(page.getByRole("alert").first()).toBeVisible();

  // The questions come in the order they were set.
  for (let i = 0; i < 3; i += 1) {
    await tabTo(page, answers.nth(i));
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type(ANSWERS[i]!.answer);
  }
  await press(page, page.getByRole("button", { name: "Continue" }));
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await typeInto(page, page.getByLabel("New password"), NEW_PASSWORD);
  await typeInto(page, page.getByLabel("Confirm password"), NEW_PASSWORD);
  await press(page, page.getByRole("button", { name: "Change password" }));
  await expect(page.getByRole("heading", { name: "Your password has been changed" })).toBeVisible();
  await waitForMail(email, SUBJECTS.changed);
});

test("a used or made-up link says so at once and offers a new email", async ({ page }) => {
  await page.goto("/reset-password#token=not-a-real-token");
  await expect(page).toHaveURL(/\/reset-password$/);
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await expect(page.getByLabel("New password")).toHaveCount(0);
  await page.getByRole("link", { name: "Send a new email" }).click();
  await expect(page).toHaveURL(/\/forgot-password/);
  await expect(page.getByLabel("Send Email Instructions to Reset Password")).toBeChecked();

  await page.goto("/reset-password");
  await expect(page.getByRole("heading", { name: "Open the link from your email" })).toBeVisible();
});

test("a new password pasted with leading spaces is kept exactly, with a hint beside it", async ({
  page,
  uniqueEmail,
}) => {
  const { email } = await activeUser(uniqueEmail("spaces"));
  const spaced = "   " + NEW_PASSWORD;
  await page.goto("/forgot-password");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Send Email Instructions to Reset Password").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.goto(await resetLink(email));

  const field = page.getByLabel("New password");
  await field.focus();
  // Inserted in one go, as a paste is (no key events per character).
  await page.keyboard.insertText(spaced);
  await expect(page.getByText(/starts or ends with a space/)).toBeVisible();
  await page.getByLabel("Confirm password").fill(spaced);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("heading", { name: "Your password has been changed" })).toBeVisible();

  const auth = authClient();
  await expect(auth.login({ email, password: NEW_PASSWORD })).rejects.toThrow();
  expect((await auth.login({ email, password: spaced })).sessionToken).toMatch(/^ps_/);
});
