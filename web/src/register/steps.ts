/**
 * Which registration step to show, and which are done, from the server's
 * pending steps (GetRegistration is the only source of truth, so a reload
 * lands in the same place). Steps may be done in any order; the default is
 * the first pending one, and "finish" once nothing is pending.
 * URLs: /register/<slug>, e.g. /register/verify-email.
 */
import { RegistrationStep } from "../gen/portal/auth/v1/auth_pb";
import type { MessageId } from "../messages";

export type StepSlug = "profile" | "security-questions" | "password" | "verify-email" | "terms";
export type ViewSlug = StepSlug | "finish";

export interface StepInfo {
  step: RegistrationStep;
  slug: StepSlug;
  label: MessageId;
}

/** The five steps, in the order the progress list shows them. */
export const STEPS: readonly StepInfo[] = [
  { step: RegistrationStep.PROFILE, slug: "profile", label: "register.step.profile" },
  { step: RegistrationStep.SECURITY_QUESTIONS, slug: "security-questions", label: "register.step.securityQuestions" },
  { step: RegistrationStep.PASSWORD, slug: "password", label: "register.step.password" },
  { step: RegistrationStep.EMAIL_VERIFICATION, slug: "verify-email", label: "register.step.emailVerification" },
  { step: RegistrationStep.TERMS, slug: "terms", label: "register.step.terms" },
];

export interface StepStatus extends StepInfo {
  done: boolean;
}

export function stepStatuses(pending: readonly RegistrationStep[]): StepStatus[] {
  return STEPS.map((s) => ({ ...s, done: !pending.includes(s.step) }));
}

/** The first pending step in list order, or "finish". */
export function defaultView(pending: readonly RegistrationStep[]): ViewSlug {
  return STEPS.find((s) => pending.includes(s.step))?.slug ?? "finish";
}

/** "/register/terms" → "terms"; "/register" → undefined. */
export function slugOf(path: string): string | undefined {
  const rest = path.replace(/^\/register\/?/, "");
  return rest === "" ? undefined : rest;
}

function isViewSlug(slug: string | undefined): slug is ViewSlug {
  return slug === "finish" || STEPS.some((s) => s.slug === slug);
}

export interface Resolved {
  view: ViewSlug;
  /** True when the address should be replaced by /register/<view>. */
  redirect: boolean;
}

/**
 * The view for `path`: any step (done or not) may be opened; "finish" only
 * when nothing is pending. Anything else redirects to the default view.
 */
export function resolveView(path: string, pending: readonly RegistrationStep[]): Resolved {
  const slug = slugOf(path);
  if (isViewSlug(slug) && !(slug === "finish" && pending.length > 0)) return { view: slug, redirect: false };
  return { view: defaultView(pending), redirect: true };
}

/** Where to go after finishing `current`: the next pending step after it (wrapping round), or "finish". */
export function nextView(current: ViewSlug, pending: readonly RegistrationStep[]): ViewSlug {
  const start = STEPS.findIndex((s) => s.slug === current);
  for (let i = 1; i <= STEPS.length; i++) {
    const candidate = STEPS[(start + i) % STEPS.length];
    if (candidate && pending.includes(candidate.step)) return candidate.slug;
  }
  return "finish";
}

export function stepInfo(slug: StepSlug): StepInfo {
  const info = STEPS.find((s) => s.slug === slug);
  if (!info) throw new Error(`unknown registration step ${slug}`);
  return info;
}
