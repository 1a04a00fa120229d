// Tests of the countdown hook and the clock formatting it is shown with.
import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { formatClock, formatWait } from "./format";
import { secondsLeft, useCountdown } from "./useCountdown";

function Countdown({ until }: { until: Date | undefined }) {
  const left = useCountdown(until);
  return <p>{left > 0 ? `wait ${formatClock(left)}` : "go"}</p>;
}

describe("useCountdown", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks down each second and ends at zero", () => {
    render(<Countdown until={new Date(1_000_000 + 42_000)} />);
    expect(screen.getByText("wait 0:42")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByText("wait 0:41")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(41_000));
    expect(screen.getByText("go")).toBeInTheDocument();
    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByText("go")).toBeInTheDocument();
  });

  it("is zero without a target or with one in the past", () => {
    const { rerender } = render(<Countdown until={undefined} />);
    expect(screen.getByText("go")).toBeInTheDocument();
    rerender(<Countdown until={new Date(1_000_000 - 5_000)} />);
    expect(screen.getByText("go")).toBeInTheDocument();
  });

  it("restarts when the target moves", () => {
    const { rerender } = render(<Countdown until={new Date(1_000_000 + 3_000)} />);
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.getByText("go")).toBeInTheDocument();
    rerender(<Countdown until={new Date(Date.now() + 60_000)} />);
    expect(screen.getByText("wait 1:00")).toBeInTheDocument();
  });
});

describe("secondsLeft", () => {
  it("rounds up partial seconds", () => {
    expect(secondsLeft(new Date(1_500), 1_000)).toBe(1);
    expect(secondsLeft(new Date(1_000), 1_000)).toBe(0);
    expect(secondsLeft(undefined, 1_000)).toBe(0);
  });
});

describe("formatClock", () => {
  it("writes m:ss, and h:mm:ss past an hour", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(42)).toBe("0:42");
    expect(formatClock(1_799)).toBe("29:59");
    expect(formatClock(3_725)).toBe("1:02:05");
    expect(formatWait(1_200)).toBe("0:02");
  });
});
