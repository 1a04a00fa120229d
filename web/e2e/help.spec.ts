// The help page: every topic the sign-in problems need, the exact messages
// it quotes, the running numbers, and each action leading into its flow.
import { expect, test } from "./support/fixtures";
import { LOCKED, NO_SITES } from "./support/sign-in";

test("each help topic explains and leads to the flow that fixes it", async ({ page }) => {
  await page.goto("/help");
  const main = page.getByRole("main");
  for (const topic of [
    "Signing in for the first time",
    "The verification code did not arrive",
    "You forgot your password",
    "The reset email did not arrive",
    "“Invalid email and/or password.”",
    "No sites on your account",
    "Your account is temporarily locked",
    "Still stuck?",
  ]) {
    await expect(main.getByRole("heading", { level: 2, name: topic })).toBeVisible();
  }
  await expect(main.getByText(NO_SITES)).toBeVisible();
  await expect(main.getByText(LOCKED)).toBeVisible();
  // Numbers come from the running configuration (GetAccessPolicy).
  await expect(main.getByText(/locks for 30 minutes/)).toBeVisible();

  const targets = await main
    .getByRole("link")
    .evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
  for (const expected of ["/login", "/forgot-password", "/register", "/contact/callback"]) {
    expect(targets).toContain(expected);
  }
  expect(targets.some((href) => href.startsWith("/contact?category=NO_SITES"))).toBe(true);

  await main.getByRole("region", { name: "Your account is temporarily locked" }).getByRole("link", { name: "Forgot Password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
});
