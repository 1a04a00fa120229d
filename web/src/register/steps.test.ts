// Tests of registration step detection: statuses, default step, URLs, next step.
import { describe, expect, it } from "vitest";
import { RegistrationStep as S } from "../gen/portal/auth/v1/auth_pb";
import { defaultView, nextView, resolveView, slugOf, stepStatuses } from "./steps";

const ALL = [S.PROFILE, S.SECURITY_QUESTIONS, S.PASSWORD, S.EMAIL_VERIFICATION, S.TERMS];

describe("stepStatuses", () => {
  it("marks steps that are not pending as done, in list order", () => {
    const statuses = stepStatuses([S.PASSWORD, S.TERMS]);
    expect(statuses.map((s) => [s.slug, s.done])).toEqual([
      ["profile", true],
      ["security-questions", true],
      ["password", false],
      ["verify-email", true],
      ["terms", false],
    ]);
  });
});

describe("defaultView", () => {
  it("is the first pending step in list order, whatever the server's order", () => {
    expect(defaultView(ALL)).toBe("profile");
    expect(defaultView([S.TERMS, S.EMAIL_VERIFICATION])).toBe("verify-email");
    expect(defaultView([])).toBe("finish");
  });
});

describe("resolveView", () => {
  it("redirects /register to the default view", () => {
    expect(resolveView("/register", [S.TERMS])).toEqual({ view: "terms", redirect: true });
    expect(resolveView("/register", [])).toEqual({ view: "finish", redirect: true });
  });

  it("opens any step, done or pending", () => {
    expect(resolveView("/register/profile", [S.TERMS])).toEqual({ view: "profile", redirect: false });
    expect(resolveView("/register/verify-email", ALL)).toEqual({ view: "verify-email", redirect: false });
  });

  it("opens finish only when nothing is pending", () => {
    expect(resolveView("/register/finish", [])).toEqual({ view: "finish", redirect: false });
    expect(resolveView("/register/finish", [S.PASSWORD])).toEqual({ view: "password", redirect: true });
  });

  it("redirects unknown steps", () => {
    expect(resolveView("/register/nope", [S.PASSWORD])).toEqual({ view: "password", redirect: true });
    expect(slugOf("/register/terms")).toBe("terms");
    expect(slugOf("/register")).toBeUndefined();
  });
});

describe("nextView", () => {
  it("goes to the next pending step after the current one, wrapping round", () => {
    expect(nextView("profile", [S.SECURITY_QUESTIONS, S.PASSWORD])).toBe("security-questions");
    expect(nextView("password", [S.PROFILE, S.TERMS])).toBe("terms");
    expect(nextView("terms", [S.PROFILE])).toBe("profile");
  });

  it("is finish when nothing is pending", () => {
    expect(nextView("terms", [])).toBe("finish");
  });
});
