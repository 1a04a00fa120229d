// Tests of the help page's topics: numbers from the policy, wording without them, actions.
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { AccessPolicySchema } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";
import { HELP_TOPIC_IDS, helpNumbers, helpTopics, minutesText, secondsText } from "./helpTopics";
import type { HelpTopic } from "./helpTopics";
import { richRuns } from "./RichText";

const policy = create(AccessPolicySchema, {
  passwordMinLength: 12,
  passwordMaxLength: 128,
  maxFailedLogins: 4,
  lockMinutes: 45,
  temporaryPasswordMinutes: 20,
  verificationCodeMinutes: 10,
  verificationResendSeconds: 90,
  verificationSendsPerHour: 6,
  resetLinkMinutes: 120,
  mailFromDomain: "mail.portal.example",
});

function allText(topic: HelpTopic): string {
  return [
    topic.heading,
    ...topic.blocks.flatMap((b) => (b.kind === "list" ? b.items : b.kind === "quote" ? [b.intro, b.text] : [b.text])),
  ].join("\n");
}

function topic(topics: HelpTopic[], id: string): HelpTopic {
  const found = topics.find((x) => x.id === id);
  if (!found) throw new Error(`no topic ${id}`);
  return found;
}

describe("durations", () => {
  it("words minutes, hours and seconds", () => {
    expect(minutesText(1)).toBe("1 minute");
    expect(minutesText(15)).toBe("15 minutes");
    expect(minutesText(60)).toBe("1 hour");
    expect(minutesText(120)).toBe("2 hours");
    expect(minutesText(90)).toBe("90 minutes");
    expect(secondsText(45)).toBe("45 seconds");
    expect(secondsText(60)).toBe("1 minute");
    expect(secondsText(90)).toBe("90 seconds");
  });
});

describe("helpTopics", () => {
  it("has one topic per help subject, in the page's order", () => {
    expect(helpTopics({}).map((x) => x.id)).toEqual([...HELP_TOPIC_IDS]);
  });

  it("quotes the running numbers from the access policy", () => {
    const topics = helpTopics(helpNumbers(policy));
    expect(allText(topic(topics, "first-time-sign-in"))).toContain("for 20 minutes");
    const code = allText(topic(topics, "verification-code"));
    expect(code).toContain("wait 90 seconds before asking for a new code");
    expect(code).toContain("up to 6 times an hour");
    expect(code).toContain("works for 10 minutes");
    expect(code).toContain("mail.portal.example");
    expect(allText(topic(topics, "reset-email"))).toContain("for 2 hours");
    const locked = allText(topic(topics, "account-locked"));
    expect(locked).toContain("After 4 wrong passwords in a row, the account locks for 45 minutes.");
  });

  it("reads well without the policy: no numbers, no placeholders", () => {
    for (const x of helpTopics(helpNumbers(undefined))) {
      const text = allText(x);
      expect(text, x.id).not.toMatch(/\d/);
      expect(text, x.id).not.toMatch(/[{}]/);
    }
  });

  it("counts zero or empty values as unknown", () => {
    const numbers = helpNumbers(create(AccessPolicySchema, { lockMinutes: 30 }));
    expect(numbers.lockMinutes).toBe(30);
    expect(numbers.maxFailedLogins).toBeUndefined();
    expect(numbers.mailFromDomain).toBeUndefined();
    expect(allText(topic(helpTopics(numbers), "account-locked"))).toContain(t("help.locked.whyNoNumbers"));
  });

  it("quotes the exact no-sites and lock messages", () => {
    const topics = helpTopics({});
    expect(allText(topic(topics, "no-sites"))).toContain(
      "There are no sites associated to your account. Please contact your Program Administrator or the License Owner within your organization for further assistance.",
    );
    expect(allText(topic(topics, "account-locked"))).toContain(
      "The username or password is incorrect. Your account has been temporarily locked due to repeated failed login attempts. Use the Forgot Password link to reset your password and unlock your account.",
    );
  });

  it("leads each topic into the flows that fix it", () => {
    const actions = Object.fromEntries(helpTopics({}).map((x) => [x.id, x.actions.map((a) => `${a.label} → ${a.to}`)]));
    expect(actions).toEqual({
      "first-time-sign-in": ["Sign in → /login", "Forgot Password? → /forgot-password"],
      "verification-code": ["Back to registration → /register", "Contact Form → /contact?category=VERIFICATION_CODE"],
      "forgot-password": ["Forgot Password? → /forgot-password"],
      "reset-email": ["Forgot Password? → /forgot-password", "Contact Form → /contact?category=RESET_EMAIL"],
      "invalid-email-or-password": ["Forgot Password? → /forgot-password"],
      "no-sites": ["Contact Form → /contact?category=NO_SITES"],
      "account-locked": ["Forgot Password? → /forgot-password"],
      "still-stuck": ["Contact Form → /contact?category=OTHER", "Request a call back → /contact/callback"],
    });
  });
});

describe("richRuns", () => {
  it("splits **bold** control names from plain text", () => {
    expect(richRuns("Press **Resend Now** or **Cancel**.")).toEqual(["Press ", "Resend Now", " or ", "Cancel", "."]);
    expect(richRuns("plain")).toEqual(["plain"]);
  });
});
