// Tests of the reset-token fragment handling: read, then gone from the address bar.
import { afterEach, describe, expect, it } from "vitest";
import { captureResetToken, forgetResetToken, heldResetToken, takeTokenFromFragment } from "./resetToken";

afterEach(() => {
  forgetResetToken();
  window.history.replaceState(null, "", "/");
});

describe("takeTokenFromFragment", () => {
  it("returns the token and removes the fragment without a new history entry", () => {
    window.history.replaceState(null, "", "/reset-password#token=abc_DEF-123");
    const entries = window.history.length;
    expect(takeTokenFromFragment(window.location, window.history)).toBe("abc_DEF-123");
    expect(window.location.href).toBe(`${window.location.origin}/reset-password`);
    expect(window.location.hash).toBe("");
    expect(window.history.length).toBe(entries);
  });

  it("keeps the query string and the history state", () => {
    window.history.replaceState({ keep: 1 }, "", "/reset-password?x=1#token=t&other=2");
    expect(takeTokenFromFragment(window.location, window.history)).toBe("t");
    expect(window.location.search).toBe("?x=1");
    expect(window.history.state).toEqual({ keep: 1 });
  });

  it("drops a fragment without a token and returns nothing", () => {
    window.history.replaceState(null, "", "/reset-password#nothing");
    expect(takeTokenFromFragment(window.location, window.history)).toBeUndefined();
    expect(window.location.hash).toBe("");
  });

  it("does nothing without a fragment", () => {
    window.history.replaceState(null, "", "/reset-password");
    expect(takeTokenFromFragment(window.location, window.history)).toBeUndefined();
  });
});

describe("captureResetToken", () => {
  it("holds the token of a reset link in memory only", () => {
    window.history.replaceState(null, "", "/reset-password#token=secret");
    captureResetToken();
    expect(heldResetToken()).toBe("secret");
    expect(window.location.href).not.toContain("secret");
    forgetResetToken();
    expect(heldResetToken()).toBeUndefined();
  });

  it("leaves other pages' fragments alone", () => {
    window.history.replaceState(null, "", "/help#first-time");
    captureResetToken();
    expect(heldResetToken()).toBeUndefined();
    expect(window.location.hash).toBe("#first-time");
  });
});
