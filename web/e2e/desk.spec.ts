// The agent desk: an agent works an "I'm locked out" ticket from the queue
// to resolution, knowing why the person is stuck; a conflicting edit is
// shown, never overwritten; the desk passes axe.
import { expectAccessible } from "./support/axe";
import { demoPassword, expect, test } from "./support/fixtures";
import { resetLink, waitForMail } from "./support/mail";
import { AGENT, activeUser, lockOut, requestCallback, submitContactForm, ticketStatus } from "./support/portal";
import { signIn } from "./support/sign-in";

test("an agent works a locked-out requester's ticket to resolution", async ({ page, uniqueEmail }) => {
  const { email } = await activeUser(uniqueEmail("locked-out"));
  await lockOut(email);
  const subject = `Locked out ${Date.now()}`;
  const reference = await submitContactForm(email, subject, "It says my account is locked. Please help.");

  await signIn(page, AGENT, demoPassword(AGENT));
  await expect(page).toHaveURL(/\/desk$/);
  await page.getByLabel("Search", { exact: true }).fill(subject);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Tickets per status" }).getByText("New: 1")).toBeVisible();
  const row = page.getByRole("link", { name: new RegExp(reference) });
  await expect(row).toBeVisible();
  // Keyboard only from the list: focus, then Enter opens.
  await row.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/desk/${reference}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${reference}: ${subject}`);

  const context = page.getByRole("complementary", { name: "Why they cannot sign in" });
  await expect(context.getByText(/^Locked until \d\d:\d\d — 3 failed sign-ins\./)).toBeVisible();
  await context.getByRole("button", { name: "Send password reset email" }).click();
  await expect(context.getByText(`A password reset email is on its way to ${email}.`)).toBeVisible();
  expect(await resetLink(email)).toMatch(/^\/reset-password#token=/);

  await page.getByRole("button", { name: "Assign to me" }).click();
  await expect(page.getByRole("button", { name: "Unassign" })).toBeVisible();
  await expect(page.getByText(AGENT).first()).toBeVisible();

  await page.getByLabel("Text", { exact: true }).fill("Locked by three wrong passwords; reset sent.");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Added.")).toBeVisible();
  await page.getByLabel("Public reply (emailed to the requester)").check();
  await page.getByLabel("Text", { exact: true }).fill("We sent you a link to reset your password; it also unlocks your account.");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText("Public reply", { exact: true })).toBeVisible();

  const reply = await waitForMail(email, `Re: your support request [${reference}]`);
  expect(reply.text).toContain("it also unlocks your account");
  const seen = await ticketStatus(reference, email);
  const bodies = seen.replies.map((r) => r.body);
  expect(bodies).toContain("We sent you a link to reset your password; it also unlocks your account.");
  expect(bodies.join(" ")).not.toContain("three wrong passwords");

  for (const status of ["Open", "Resolved"]) {
    await page.getByLabel("New status").selectOption({ label: status });
    await page.getByRole("button", { name: "Change status" }).click();
    await expect(page.locator(".desk-facts").getByText(status, { exact: true })).toBeVisible();
  }
  expect((await ticketStatus(reference, email)).status).toBe(4); // RESOLVED
});

test("an edit made meanwhile by someone else is shown as a conflict, not overwritten", async ({
  page,
  browser,
  uniqueEmail,
}) => {
  const email = uniqueEmail("conflict");
  const reference = await submitContactForm(email, `Conflict ${Date.now()}`, "Two agents at once.");
  await signIn(page, AGENT, demoPassword(AGENT));
  await page.goto(`/desk/${reference}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(reference);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, AGENT, demoPassword(AGENT));
  await otherPage.goto(`/desk/${reference}`);
  await otherPage.getByLabel("New status").selectOption({ label: "Open" });
  await otherPage.getByRole("button", { name: "Change status" }).click();
  await expect(otherPage.locator(".desk-facts").getByText("Open", { exact: true })).toBeVisible();
  await other.close();

  await page.getByLabel("Text", { exact: true }).fill("Written on a stale page.");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByText(/changed by someone else/)).toBeVisible();
  await page.getByRole("button", { name: "Reload" }).click();
  await expect(page.locator(".desk-facts").getByText("Open", { exact: true })).toBeVisible();
  await expect(page.getByText("Written on a stale page.")).toHaveCount(0);
});

test("the desk's views pass axe, and a non-agent is refused", async ({ page, uniqueEmail }) => {
  const email = uniqueEmail("axe-desk");
  const reference = await submitContactForm(email, `Axe ${Date.now()}`, "Checking the desk.");
  await signIn(page, AGENT, demoPassword(AGENT));
  for (const path of ["/desk", `/desk/${reference}`]) {
    await page.goto(path);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.screenshot({ path: `test-results/desk-${path === "/desk" ? "queue" : "ticket"}.png`, fullPage: true });
    await expectAccessible(page, path);
  }

  // Keyboard along the queue: j moves down, k back up, Enter opens.
  await submitContactForm(email, `Axe second ${Date.now()}`, "A second ticket to move to.");
  await page.goto("/desk");
  const rows = page.locator("a.desk-queue-row");
  await expect(rows.nth(1)).toBeVisible();
  await rows.first().focus();
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rows.first()).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/desk\/SUP-/);

  const { email: user, password } = await activeUser(uniqueEmail("not-an-agent"));
  const context = await page.context().browser()!.newContext();
  const userPage = await context.newPage();
  await signIn(userPage, user, password);
  await expect(userPage).toHaveURL(/\/account$/);
  await expect(userPage.getByRole("link", { name: "Support desk" })).toHaveCount(0);
  await userPage.goto("/desk");
  await expect(userPage.getByText("The support desk is for support agents.")).toBeVisible();
  await context.close();
});

test("a call back is scheduled and an attempt recorded, in both time zones", async ({ page, uniqueEmail }) => {
  const email = uniqueEmail("caller");
  const reference = await requestCallback(email, "Please call me about my locked account.");
  await signIn(page, AGENT, demoPassword(AGENT));
  await page.getByLabel("Kind").selectOption({ label: "Call backs" });
  await page.getByLabel("Assignee").selectOption({ label: "Unassigned" });
  const today = new Date();
  const day = (date: Date) =>
    `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  await page.getByLabel("Created from").fill(day(today));
  await page.getByLabel("Search", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.getByRole("link", { name: new RegExp(reference) }).click();

  const call = page.getByRole("region", { name: "Call back" });
  await expect(call.getByText("Window, their time (Asia/Tokyo)")).toBeVisible();
  await expect(call.getByText(/09:00 – .*11:00/)).toBeVisible();
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const local = `${tomorrow.toISOString().slice(0, 10)}T10:00`;
  await call.getByLabel("Call at (your time)").fill(local);
  await call.getByRole("button", { name: "Schedule call" }).click();
  await expect(page.getByText("Call scheduled.")).toBeVisible();
  await expect(call.getByText("Scheduled", { exact: true })).toBeVisible();

  await call.getByLabel("Outcome").selectOption({ label: "Voicemail" });
  await call.getByLabel("Notes").fill("Left a message.");
  await call.getByRole("button", { name: "Record attempt" }).click();
  await expect(page.getByText("Attempt recorded.")).toBeVisible();
  await expect(page.getByText("Call back attempt").first()).toBeVisible();
  await expect(call.getByText("Scheduled", { exact: true })).toBeVisible();
});
