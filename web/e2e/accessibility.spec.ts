// axe-core on every view: no serious or critical violation.
import { expectAccessible } from "./support/axe";
import { expect, test, demoPassword } from "./support/fixtures";
import { resetLink, temporaryPassword } from "./support/mail";
import { activeUser, agentDesk, provisionUser, requestResetEmail, USER } from "./support/portal";
import { signIn } from "./support/sign-in";

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
  // An unknown email: the same answers, and no real account gets a failure.
  await page.getByLabel("Email", { exact: true }).fill("nobody.at.all@demo.example");
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

test("the outcome views: a sent request, its status with replies, a finished reset", async ({
  page,
  uniqueEmail,
}) => {
  const email = uniqueEmail("a11y-outcomes");
  await page.goto("/contact");
  await page.getByLabel("Name", { exact: true }).fill("Alex Outcome");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Category").selectOption("OTHER");
  await page.getByLabel("Subject").fill("Checking the views");
  await page.getByLabel("Message").fill("A request to look at.");
  await page.getByRole("button", { name: "Send" }).click();
  await page.getByRole("heading", { name: "Your request has been sent" }).waitFor();
  await expectAccessible(page, "contact confirmation");
  const reference = (await page.getByText(/^SUP-[0-9A-Z]{8}$/).innerText()).trim();
  await (await agentDesk()).replyPublicly(reference, "We are on it.");
  await page.getByRole("link", { name: "Check ticket status" }).click();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Check status" }).click();
  await page.getByText("We are on it.").waitFor();
  await expectAccessible(page, "ticket status with a reply");

  const { email: resetter } = await activeUser(uniqueEmail("a11y-reset"));
  await requestResetEmail(resetter);
  await page.goto(await resetLink(resetter));
  await page.getByLabel("New password").waitFor();
  await expectAccessible(page, "choose a new password");
  await page.getByLabel("New password").fill("a-fine-new-passphrase-9");
  await page.getByLabel("Confirm password").fill("a-fine-new-passphrase-9");
  await page.getByRole("button", { name: "Change password" }).click();
  await page.getByRole("heading", { name: "Your password has been changed" }).waitFor();
  await expectAccessible(page, "password changed");
});

test("the verification step after a code was sent", async ({ page, uniqueEmail }) => {
  const email = uniqueEmail("a11y-verify");
  await provisionUser(email);
  await signIn(page, email, await temporaryPassword(email));
  await expect(page).toHaveURL(/\/register/);
  await page.goto("/register/verify-email");
  await page.getByRole("button", { name: "Send Verification Code" }).click();
  await page.getByRole("button", { name: "Resend Now" }).waitFor();
  await expectAccessible(page, "verify email, code sent");
});
