// Reading what the real SMTP server caught: each delivered message is a
// file; tests wait for the message they expect and read codes and links
// out of its text.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser } from "mailparser";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

async function caught(): Promise<Mail[]> {
  const dir = process.env.PORTAL_E2E_MAIL_DIR;
  if (!dir) throw new Error("PORTAL_E2E_MAIL_DIR is not set");
  const names = readdirSync(dir).sort();
  return Promise.all(
    names.map(async (name) => {
      const parsed = await simpleParser(readFileSync(join(dir, name)));
      const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
      return {
        to: (to?.value[0]?.address ?? "").toLowerCase(),
        subject: parsed.subject ?? "",
        text: parsed.text ?? "",
      };
    }),
  );
}

/** Waits (at most `timeoutMs`) until `to` has received `count` messages
 *  whose subject contains `subject`, and returns the newest. */
export async function waitForMail(
  to: string,
  subject: string,
  count = 1,
  timeoutMs = 20_000,
): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matching = (await caught()).filter(
      (mail) => mail.to === to.toLowerCase() && mail.subject.includes(subject),
    );
    if (matching.length >= count) return matching[matching.length - 1]!;
    if (Date.now() > deadline) {
      throw new Error(`no ${count}× "${subject}" for ${to}; got ${matching.length}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The text after `label` on its line of `mail`. */
export function fieldAfter(mail: Mail, label: string): string {
  const line = mail.text.split("\n").find((l) => l.includes(label));
  if (!line) throw new Error(`no "${label}" in:\n${mail.text}`);
  return line.slice(line.indexOf(label) + label.length).trim();
}

export const SUBJECTS = {
  access: "Tracers with AMP Access",
  code: "Your portal verification code",
  reset: "Reset your portal password",
  locked: "Your portal account has been locked",
  changed: "Your portal password was changed",
} as const;

export async function temporaryPassword(email: string, count = 1): Promise<string> {
  return fieldAfter(await waitForMail(email, SUBJECTS.access, count), "Temporary password:");
}

export async function verificationCode(email: string, count = 1): Promise<string> {
  return fieldAfter(await waitForMail(email, SUBJECTS.code, count), "Your verification code is:");
}

/** The path and fragment of the newest reset link sent to `email`. */
export async function resetLink(email: string, count = 1): Promise<string> {
  const mail = await waitForMail(email, SUBJECTS.reset, count);
  const match = /https?:\/\/[^/\s]+(\/reset-password#token=\S+)/.exec(mail.text);
  if (!match) throw new Error(`no reset link in:\n${mail.text}`);
  return match[1]!;
}
