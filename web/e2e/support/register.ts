// Registering through the pages with the pointer: a provisioned user signs
// in with the temporary password from their access email and does every
// step, each from its own view.
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";
import { temporaryPassword, verificationCode } from "./mail";
import { ANSWERS, PASSWORD } from "./portal";

/** Registers `email` as "first last" with `PASSWORD`, ending on /account. */
export async function registerInBrowser(page: Page, email: string, first: string, last: string) {
  const temporary = await temporaryPassword(email);
  await page.goto("/login");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Next" }).click();
  await page.getByLabel("Password", { exact: true }).fill(temporary);
  await page.getByRole("button", { name: "Sign In" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Your name" })).toBeVisible();
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill(last);
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Security questions" })).toBeVisible();
  for (const [index, { questionId, answer }] of ANSWERS.entries()) {
    await page.getByLabel(`Question ${index + 1}`).selectOption(questionId);
    await page.getByLabel(`Answer ${index + 1}`).fill(answer);
  }
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Choose a password" })).toBeVisible();
  await page.getByLabel("New password").fill(PASSWORD);
  await page.getByLabel("Confirm password").fill(PASSWORD);
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Verify Your Email Address" })).toBeVisible();
  await page.getByRole("button", { name: "Send Verification Code" }).click();
  await page.getByLabel("Verification code").fill(await verificationCode(email));
  await page.getByRole("button", { name: "Verify" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Terms of use" })).toBeVisible();
  await page.getByLabel("I accept the terms of use").check();
  await page.getByRole("button", { name: "Accept" }).click();

  await page.getByRole("button", { name: "Finish registration" }).click();
  await expect(page).toHaveURL(/\/account$/);
}
