/**
 * The help page's topics (README, "The web front end") as data: anchor, heading, text
 * blocks and the actions that lead into the flows. The running numbers
 * (lock, lifetimes, resend wait, sender domain) come in as `HelpNumbers`
 * from the access policy; every sentence that needs one has a wording
 * without it, used when the policy could not be loaded.
 */
import type { AccessPolicy } from "../gen/portal/auth/v1/auth_pb";
import { t } from "../messages";

/** The numbers the help text quotes; a field is undefined when unknown. */
export interface HelpNumbers {
  temporaryPasswordMinutes?: number | undefined;
  lockMinutes?: number | undefined;
  maxFailedLogins?: number | undefined;
  verificationCodeMinutes?: number | undefined;
  verificationResendSeconds?: number | undefined;
  verificationSendsPerHour?: number | undefined;
  resetLinkMinutes?: number | undefined;
  mailFromDomain?: string | undefined;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The policy's numbers, zero and empty values counted as unknown. */
export function helpNumbers(policy: AccessPolicy | undefined): HelpNumbers {
  if (!policy) return {};
  return {
    temporaryPasswordMinutes: positive(policy.temporaryPasswordMinutes),
    lockMinutes: positive(policy.lockMinutes),
    maxFailedLogins: positive(policy.maxFailedLogins),
    verificationCodeMinutes: positive(policy.verificationCodeMinutes),
    verificationResendSeconds: positive(policy.verificationResendSeconds),
    verificationSendsPerHour: positive(policy.verificationSendsPerHour),
    resetLinkMinutes: positive(policy.resetLinkMinutes),
    mailFromDomain: policy.mailFromDomain.trim() || undefined,
  };
}

/** "1 minute", "15 minutes", "2 hours". */
export function minutesText(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) {
    const hours = minutes / 60;
    return hours === 1 ? t("help.unit.hour") : t("help.unit.hours", { n: hours });
  }
  return minutes === 1 ? t("help.unit.minute") : t("help.unit.minutes", { n: minutes });
}

/** "45 seconds", "1 minute", "2 minutes". */
export function secondsText(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return minutesText(seconds / 60);
  return seconds === 1 ? t("help.unit.second") : t("help.unit.seconds", { n: seconds });
}

/**
 * A piece of a topic. Text may mark control names as **bold**.
 * `usesNumbers`: the wording depends on the policy (a skeleton stands in
 * for it while the policy loads).
 */
export type HelpBlock =
  | { kind: "text"; text: string; usesNumbers?: boolean }
  | { kind: "list"; items: string[] }
  | { kind: "quote"; intro: string; text: string };

export interface HelpAction {
  label: string;
  /** A same-origin path into the flow that fixes the problem. */
  to: string;
}

export interface HelpTopic {
  /** The section's anchor: /help#<id>. */
  id: string;
  heading: string;
  blocks: HelpBlock[];
  actions: HelpAction[];
}

/** The topics' anchors, in page order (other pages may link to /help#<id>). */
export const HELP_TOPIC_IDS = [
  "first-time-sign-in",
  "verification-code",
  "forgot-password",
  "reset-email",
  "invalid-email-or-password",
  "no-sites",
  "account-locked",
  "still-stuck",
] as const;

export type HelpTopicId = (typeof HELP_TOPIC_IDS)[number];

const signIn = (): HelpAction => ({ label: t("help.action.signIn"), to: "/login" });
const forgotPassword = (): HelpAction => ({ label: t("help.action.forgotPassword"), to: "/forgot-password" });
const backToRegistration = (): HelpAction => ({ label: t("help.action.register"), to: "/register" });
const contactForm = (category: string): HelpAction => ({
  label: t("help.action.contactForm"),
  to: `/contact?category=${category}`,
});
const callback = (): HelpAction => ({ label: t("help.action.callback"), to: "/contact/callback" });

function text(value: string, usesNumbers = false): HelpBlock {
  return usesNumbers ? { kind: "text", text: value, usesNumbers } : { kind: "text", text: value };
}

function codeLimits(n: HelpNumbers): string {
  const wait = n.verificationResendSeconds;
  const perHour = n.verificationSendsPerHour;
  if (wait === undefined || perHour === undefined) return t("help.code.limitsNoNumbers");
  const params = { wait: secondsText(wait), perHour };
  return n.verificationCodeMinutes === undefined
    ? t("help.code.limitsNoLife", params)
    : t("help.code.limits", { ...params, codeLife: minutesText(n.verificationCodeMinutes) });
}

/** Every topic of the help page, worded with the numbers known. */
export function helpTopics(n: HelpNumbers): HelpTopic[] {
  const domain = n.mailFromDomain;
  const lockKnown = n.lockMinutes !== undefined && n.maxFailedLogins !== undefined;
  const lockParams = { attempts: n.maxFailedLogins ?? "", minutes: minutesText(n.lockMinutes ?? 0) };
  const byId: Record<HelpTopicId, Omit<HelpTopic, "id">> = {
    "first-time-sign-in": {
      heading: t("help.firstTime.heading"),
      blocks: [
        text(t("help.firstTime.who")),
        text(
          n.temporaryPasswordMinutes === undefined
            ? t("help.firstTime.emailNoNumbers")
            : t("help.firstTime.email", { minutes: minutesText(n.temporaryPasswordMinutes) }),
          true,
        ),
        text(t("help.firstTime.steps")),
        text(t("help.firstTime.expired")),
        text(t("help.firstTime.noEmail")),
      ],
      actions: [signIn(), forgotPassword()],
    },
    "verification-code": {
      heading: t("help.code.heading"),
      blocks: [
        text(t("help.code.send")),
        text(codeLimits(n), true),
        text(t("help.code.wait")),
        text(domain ? t("help.code.filter", { domain }) : t("help.code.filterNoDomain"), true),
      ],
      actions: [backToRegistration(), contactForm("VERIFICATION_CODE")],
    },
    "forgot-password": {
      heading: t("help.forgot.heading"),
      blocks: [
        text(t("help.forgot.start")),
        { kind: "list", items: [t("help.forgot.questions"), t("help.forgot.email")] },
        text(t("help.forgot.continue")),
        text(t("help.forgot.cantAnswer")),
      ],
      actions: [forgotPassword()],
    },
    "reset-email": {
      heading: t("help.resetEmail.heading"),
      blocks: [
        text(
          n.resetLinkMinutes === undefined
            ? t("help.resetEmail.lifeNoNumbers")
            : t("help.resetEmail.life", { minutes: minutesText(n.resetLinkMinutes) }),
          true,
        ),
        text(t("help.resetEmail.wait")),
        text(domain ? t("help.resetEmail.filter", { domain }) : t("help.resetEmail.filterNoDomain"), true),
        text(t("help.resetEmail.other")),
      ],
      actions: [forgotPassword(), contactForm("RESET_EMAIL")],
    },
    "invalid-email-or-password": {
      heading: t("help.invalid.heading"),
      blocks: [
        text(t("help.invalid.meaning")),
        text(t("help.invalid.check")),
        ...(lockKnown ? [text(t("help.invalid.attempts", lockParams), true)] : []),
        text(t("help.invalid.reset")),
      ],
      actions: [forgotPassword()],
    },
    "no-sites": {
      heading: t("help.noSites.heading"),
      blocks: [
        { kind: "quote", intro: t("help.noSites.quoteIntro"), text: t("login.message.noSites") },
        text(t("help.noSites.meaning")),
        text(t("help.noSites.contact")),
      ],
      actions: [contactForm("NO_SITES")],
    },
    "account-locked": {
      heading: t("help.locked.heading"),
      blocks: [
        { kind: "quote", intro: t("help.locked.quoteIntro"), text: t("help.locked.quote") },
        text(lockKnown ? t("help.locked.why", lockParams) : t("help.locked.whyNoNumbers"), true),
        text(t("help.locked.what")),
        text(t("help.locked.mail")),
      ],
      actions: [forgotPassword()],
    },
    "still-stuck": {
      heading: t("help.stuck.heading"),
      blocks: [text(t("help.stuck.body"))],
      actions: [contactForm("OTHER"), callback()],
    },
  };
  return HELP_TOPIC_IDS.map((id) => ({ id, ...byId[id] }));
}
