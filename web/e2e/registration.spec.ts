// The first-time journey from a provisioned user's access email to the
// signed-in view, with the keyboard alone: the temporary password and the
// verification code are read from the delivered mail.
import { expect, test } from "./support/fixtures";
import { press, tabTo, typeInto } from "./support/keyboard";
import { temporaryPassword, verificationCode } from "./support/mail";
import { PASSWORD as PASSWORD_SET_BY_SETUP, provisionUser, registeredButNotFinished } from "./support/portal";
import { NO_SITES } from "./support/sign-in";

const PASSWORD = "orchid-pebble-fjord-31";

test("a provisioned user registers from the access email and lands signed in", async ({
  page,
  uniqueEmail,
}) => {
  const email = uniqueEmail("newcomer");
  await provisionUser(email);
  const temporary = await temporaryPassword(email);

  await page.goto("/login");
  await typeInto(page, page.getByLabel("Email", { exact: true }), email);
  await page.keyboard.press("Enter");
  await typeInto(page, page.getByLabel("Password", { exact: true }), temporary);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/register/);
  const progress = page.getByRole("navigation", { name: "Registration steps" });
  await expect(progress).toBeVisible();

  // Profile
  await expect(page.getByRole("heading", { level: 1, name: "Your name" })).toBeFocused();
  await typeInto(page, page.getByLabel("First name"), "Nora");
  await typeInto(page, page.getByLabel("Last name"), "Newcomer");
  await press(page, page.getByRole("button", { name: "Save and continue" }));

  // Three distinct questions, each picked with the arrow keys.
  await expect(page.getByRole("heading", { level: 1, name: "Security questions" })).toBeVisible();
  for (let n = 1; n <= 3; n += 1) {
    await tabTo(page, page.getByLabel(`Question ${n}`));
    await page.keyboard.press("ArrowDown");
    await typeInto(page, page.getByLabel(`Answer ${n}`), `answer number ${n}`);
  }
  await press(page, page.getByRole("button", { name: "Save and continue" }));

  // Password, with the server's rules shown.
  await expect(page.getByRole("heading", { level: 1, name: "Choose a password" })).toBeVisible();
  await expect(page.getByText("be 12 to 128 characters long")).toBeVisible();
  await typeInto(page, page.getByLabel("New password"), PASSWORD);
  await typeInto(page, page.getByLabel("Confirm password"), PASSWORD);
  await press(page, page.getByRole("button", { name: "Save and continue" }));

  // Verify Your Email Address
  await expect(page.getByRole("heading", { level: 1, name: "Verify Your Email Address" })).toBeVisible();
  await press(page, page.getByRole("button", { name: "Send Verification Code" }));
  await expect(page.getByRole("button", { name: "Resend Now" })).toBeDisabled();
  await expect(page.getByText(/You can request a new code in \d:\d\d/)).toBeVisible();
  await typeInto(page, page.getByLabel("Verification code"), await verificationCode(email));
  await press(page, page.getByRole("button", { name: "Verify" }));

  // Terms
  await expect(page.getByRole("heading", { level: 1, name: "Terms of use" })).toBeVisible();
  await tabTo(page, page.getByLabel("I accept the terms of use"));
  await page.keyboard.press("Space");
  await press(page, page.getByRole("button", { name: "Accept" }));

  await expect(page.getByRole("heading", { level: 1, name: "Finish registration" })).toBeVisible();
  await press(page, page.getByRole("button", { name: "Finish registration" }));
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(email).first()).toBeVisible();
});

test("registration survives a reload, steps go in any order, and one can sign out midway", async ({
  page,
  uniqueEmail,
}) => {
  const email = uniqueEmail("reloader");
  await provisionUser(email);
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Password", { exact: true }).fill(await temporaryPassword(email));
  await page.getByRole("button", { name: "Sign In" }).click();
  await expect(page).toHaveURL(/\/register/);

  const progress = page.getByRole("navigation", { name: "Registration steps" });
  await progress.getByRole("link", { name: /Terms of use/ }).click();
  await page.getByLabel("I accept the terms of use").check();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(progress.getByRole("link", { name: /Terms of use.*done/ })).toBeVisible();

  await progress.getByRole("link", { name: /Email address/ }).click();
  await page.getByRole("button", { name: "Send Verification Code" }).click();
  await expect(page.getByText(/You can request a new code in \d:\d\d/)).toBeVisible();

  await page.reload();
  await expect(progress.getByRole("link", { name: /Terms of use.*done/ })).toBeVisible();
  await expect(progress.getByRole("link", { name: /Your name.*to do/ })).toBeVisible();
  // The wait for a new code survives the reload (GetRegistration).
  await expect(page.getByRole("button", { name: "Resend Now" })).toBeDisabled();
  await expect(page.getByText(/You can request a new code in \d:\d\d/)).toBeVisible();

  await progress.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await page.goto("/register");
  await expect(page).toHaveURL(/\/login/);
});

test("finishing registration without a site leads to the no-sites page", async ({ page, uniqueEmail }) => {
  const email = uniqueEmail("siteless");
  await registeredButNotFinished(email, { withSite: false });

  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD_SET_BY_SETUP);
  await page.getByRole("button", { name: "Sign In" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Finish registration" })).toBeVisible();
  await page.getByRole("button", { name: "Finish registration" }).click();

  await expect(page).toHaveURL(/\/no-sites$/);
  await expect(page.getByText(NO_SITES)).toBeVisible();
  // The registration session ended with no new one: the cookie is gone.
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("portal_session");
});
