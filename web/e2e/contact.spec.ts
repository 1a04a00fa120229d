// Asking for help: a contact form → its reference → the status page →
// an agent's public reply → the requester's answer; a call back in a
// chosen time zone; and bad input that is refused beside its fields and
// stores nothing.
import { demoPassword, expect, test } from "./support/fixtures";
import { waitForMail } from "./support/mail";
import { agentDesk, USER } from "./support/portal";
import { signIn } from "./support/sign-in";

test("a contact form gets a reference whose status shows the agent's reply and takes an answer", async ({
  page,
  uniqueEmail,
}) => {
  const email = uniqueEmail("asker");
  await page.goto("/contact?category=NO_SITES");
  await expect(page.getByLabel("Category")).toHaveValue("NO_SITES");
  await page.getByLabel("Name", { exact: true }).fill("Asha Asker");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Subject").fill("No sites after sign-in");
  await page.getByLabel("Message").fill("I signed in but see no site at all.");
  await page.getByRole("button", { name: "Send" }).click();

  await expect(page.getByRole("heading", { name: "Your request has been sent" })).toBeVisible();
  const reference = (await page.getByText(/^SUP-[0-9A-Z]{8}$/).innerText()).trim();
  const confirmation = await waitForMail(email, reference);
  expect(confirmation.text).toContain(reference);

  await (await agentDesk()).replyPublicly(reference, "Your administrator can grant a site.");
  await page.getByRole("link", { name: "Check ticket status" }).click();
  await expect(page.getByLabel("Reference")).toHaveValue(reference);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Check status" }).click();
  await expect(page.getByText("Your administrator can grant a site.")).toBeVisible();

  await page.getByLabel("Your reply").fill("Thank you, I have asked them.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your reply has been sent" })).toBeVisible();
  const conversation = page.getByRole("region", { name: "Conversation" });
  await expect(conversation.getByText("Thank you, I have asked them.")).toBeVisible();
  await expect(conversation.getByText("You", { exact: true })).toBeVisible();
  await expect(page.getByText("I signed in but see no site at all.")).toBeVisible();
  const ticket = await (await agentDesk()).ticket(reference);
  expect(ticket.history.map((event) => event.body)).toContain("Thank you, I have asked them.");
});

test("a call back is requested for a window in the chosen time zone", async ({ page, uniqueEmail }) => {
  const email = uniqueEmail("caller");
  await page.goto("/contact/callback");
  await page.getByLabel("Name", { exact: true }).fill("Kenji Caller");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Phone number").fill("+81 3-1234-5678");
  const day = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.getByLabel("Date", { exact: true }).fill(day);
  await page.getByLabel("From", { exact: true }).fill("14:00");
  await page.getByLabel("To", { exact: true }).fill("16:00");
  await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
  await page.getByLabel("Category").selectOption("ACCOUNT_LOCKED");
  await page.getByRole("button", { name: "Request a call back" }).click();

  await expect(page.getByRole("heading", { name: "Your request has been sent" })).toBeVisible();
  const reference = (await page.getByText(/^SUP-[0-9A-Z]{8}$/).innerText()).trim();
  const ticket = await (await agentDesk()).ticket(reference);
  expect(ticket.timeZone).toBe("Asia/Tokyo");
  expect(ticket.phone).toBe("+81312345678");
  // 14:00–16:00 in Tokyo (UTC+9, no daylight saving) is 05:00–07:00 UTC.
  const utc = (seconds: bigint | undefined) => new Date(Number(seconds ?? 0n) * 1000).toISOString();
  expect(utc(ticket.windowStart?.seconds)).toBe(`${day}T05:00:00.000Z`);
  expect(utc(ticket.windowEnd?.seconds)).toBe(`${day}T07:00:00.000Z`);
  await waitForMail(email, reference);

  await page.getByRole("link", { name: "Check ticket status" }).click();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Check status" }).click();
  await expect(page.getByText(/(14:00|2:00\sPM).(16:00|4:00\sPM) Asia\/Tokyo/)).toBeVisible();
});

test("bad input is refused beside its fields and stores nothing", async ({ page, uniqueEmail }) => {
  const email = uniqueEmail("badinput");
  await page.goto("/contact");
  await page.getByRole("button", { name: "Send" }).click();
  for (const message of ["Enter your name.", "Enter your email address.", "Enter a subject.", "Enter your message."]) {
    await expect(page.getByText(message)).toBeVisible();
  }

  await page.getByLabel("Name", { exact: true }).fill("😀😀😀");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Category").selectOption("OTHER");
  await page.getByLabel("Subject").fill("A very long story");
  await page.getByLabel("Message").fill("x".repeat(10_000));
  await page.getByRole("button", { name: "Send" }).click();

  await expect(page.getByText("Name must contain a letter.")).toBeVisible();
  // The server's own refusal, beside the field (not only the counter).
  await expect(page.getByText("Message must be at most 5000 characters.", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Subject")).toHaveValue("A very long story");
  expect(await (await agentDesk()).find(email)).toEqual([]);
  await expect(waitForMail(email, "SUP-", 1, 2_000)).rejects.toThrow();
});

test("a signed-in person's name and email are filled in and come from the account", async ({ page }) => {
  await signIn(page, USER, demoPassword(USER));
  await expect(page).toHaveURL(/\/account$/);
  await page.goto("/contact");
  await expect(page.getByText(/You are signed in as Uma User/)).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue(USER);
  await page.getByLabel("Category").selectOption("OTHER");
  await page.getByLabel("Subject").fill("Signed in and asking");
  await page.getByLabel("Message").fill("A question from my account.");
  await page.getByRole("button", { name: "Send" }).click();
  const reference = (await page.getByText(/^SUP-[0-9A-Z]{8}$/).innerText()).trim();
  const ticket = await (await agentDesk()).ticket(reference);
  expect(ticket.requesterEmail).toBe(USER);
  expect(ticket.requesterName).toBe("Uma User");
});
