// Tests of the call-back window: local times in a zone → UTC instants (across DST), checks, words.
import { describe, expect, it } from "vitest";
import { t } from "../messages";
import { checkWindow, describeWindow, parseDate, parseTime, timeZoneOptions, todayIn, zonedInstant, zoneLabel } from "./callbackWindow";

const iso = (d: Date | "missing" | undefined) => (d instanceof Date ? d.toISOString() : d);
const NOW = new Date("2025-03-01T09:00:00Z");

describe("zonedInstant", () => {
  it("turns 14:00–16:00 in Paris into UTC, winter and summer", () => {
    expect(iso(zonedInstant("2025-12-02", "14:00", "Europe/Paris"))).toBe("2025-12-02T13:00:00.000Z");
    expect(iso(zonedInstant("2025-12-02", "16:00", "Europe/Paris"))).toBe("2025-12-02T15:00:00.000Z");
    expect(iso(zonedInstant("2025-07-01", "14:00", "Europe/Paris"))).toBe("2025-07-01T12:00:00.000Z");
    expect(iso(zonedInstant("2025-07-01", "09:30", "America/New_York"))).toBe("2025-07-01T13:30:00.000Z");
    expect(iso(zonedInstant("2025-07-01", "09:30", "Asia/Kolkata"))).toBe("2025-07-01T04:00:00.000Z");
  });

  it("follows the clocks on the days they change", () => {
    // Paris springs forward at 02:00 on 30 March 2025: 01:00 is +01:00, 04:00 is +02:00.
    expect(iso(zonedInstant("2025-03-30", "01:00", "Europe/Paris"))).toBe("2025-03-30T00:00:00.000Z");
    expect(iso(zonedInstant("2025-03-30", "04:00", "Europe/Paris"))).toBe("2025-03-30T02:00:00.000Z");
    // …and falls back at 03:00 on 26 October 2025.
    expect(iso(zonedInstant("2025-10-26", "01:00", "Europe/Paris"))).toBe("2025-10-25T23:00:00.000Z");
    expect(iso(zonedInstant("2025-10-26", "04:00", "Europe/Paris"))).toBe("2025-10-26T03:00:00.000Z");
  });

  it("says when a time of day does not exist (skipped by the change)", () => {
    expect(zonedInstant("2025-03-30", "02:30", "Europe/Paris")).toBe("missing");
    expect(zonedInstant("2025-03-09", "02:15", "America/New_York")).toBe("missing");
  });

  it("rejects unreadable input", () => {
    expect(zonedInstant("2025-02-30", "10:00", "Europe/Paris")).toBeUndefined();
    expect(zonedInstant("2025-02-10", "25:00", "Europe/Paris")).toBeUndefined();
    expect(zonedInstant("2025-02-10", "10:00", "Mars/Olympus")).toBeUndefined();
    expect(parseDate("10/02/2025")).toBeUndefined();
    expect(parseTime("14:05:00")).toEqual({ hour: 14, minute: 5 });
  });
});

describe("checkWindow", () => {
  const base = { date: "2025-03-04", from: "14:00", to: "16:00", zone: "Europe/Paris" };

  it("gives the instants of a good window", () => {
    const result = checkWindow(base, NOW);
    expect(result.ok && [iso(result.start), iso(result.end)]).toEqual([
      "2025-03-04T13:00:00.000Z",
      "2025-03-04T15:00:00.000Z",
    ]);
  });

  it("asks for every part", () => {
    expect(checkWindow({ date: "", from: "", to: "", zone: "" }, NOW)).toEqual({
      ok: false,
      errors: {
        zone: t("contact.callback.zone.required"),
        date: t("contact.callback.date.required"),
        from: t("contact.callback.from.required"),
        to: t("contact.callback.to.required"),
      },
    });
  });

  it("wants the end after the start", () => {
    expect(checkWindow({ ...base, to: "13:00" }, NOW)).toEqual({
      ok: false,
      errors: { to: t("contact.callback.to.beforeFrom") },
    });
    expect(checkWindow({ ...base, to: "14:00" }, NOW).ok).toBe(false);
  });

  it("refuses a window in the past", () => {
    expect(checkWindow({ ...base, date: "2025-02-28" }, NOW)).toEqual({
      ok: false,
      errors: { date: t("contact.callback.date.past") },
    });
    // Today, but 09:00 UTC is 10:00 in Paris: 09:30 has passed, 10:30 has not.
    expect(checkWindow({ ...base, date: "2025-03-01", from: "09:30" }, NOW)).toEqual({
      ok: false,
      errors: { from: t("contact.callback.from.past") },
    });
    expect(checkWindow({ ...base, date: "2025-03-01", from: "10:30" }, NOW).ok).toBe(true);
  });

  it("judges today by the chosen zone, not the device's", () => {
    // 12:00 UTC on 1 March is already 01:00 on 2 March in Auckland (+13:00).
    const noon = new Date("2025-03-01T12:00:00Z");
    expect(todayIn("Pacific/Auckland", noon)).toBe("2025-03-02");
    expect(todayIn("America/Los_Angeles", noon)).toBe("2025-03-01");
    expect(checkWindow({ ...base, date: "2025-03-01", zone: "Pacific/Auckland" }, noon)).toEqual({
      ok: false,
      errors: { date: t("contact.callback.date.past") },
    });
  });

  it("names a skipped time beside its field", () => {
    expect(checkWindow({ date: "2025-03-30", from: "02:30", to: "05:00", zone: "Europe/Paris" }, NOW)).toEqual({
      ok: false,
      errors: { from: t("contact.callback.timeMissing") },
    });
  });
});

describe("describeWindow", () => {
  it("says the window back in the chosen zone", () => {
    const start = new Date("2025-12-02T13:00:00Z");
    const end = new Date("2025-12-02T15:00:00Z");
    expect(describeWindow(start, end, "Europe/Paris", "en-GB")).toBe("Tuesday 2 December, 14:00–16:00 Europe/Paris");
    expect(describeWindow(start, end, "Asia/Tokyo", "en-GB")).toBe(
      "Tuesday 2 December, 22:00 – Wednesday 3 December, 00:00 Asia/Tokyo",
    );
  });
});

describe("timeZoneOptions", () => {
  it("lists IANA zones with the detected one and UTC", () => {
    const zones = timeZoneOptions("Europe/Paris");
    expect(zones).toContain("Europe/Paris");
    expect(zones).toContain("UTC");
    expect(zones).toContain("America/New_York");
    expect(timeZoneOptions("Not/A_Zone")).not.toContain("Not/A_Zone");
  });
});

describe("zoneLabel", () => {
  it("names a zone with its offset at the given moment, daylight saving included", () => {
    const winter = new Date("2026-01-15T12:00:00Z");
    const summer = new Date("2026-07-15T12:00:00Z");
    expect(zoneLabel("Asia/Tokyo", winter)).toBe("Asia/Tokyo (UTC+09:00)");
    expect(zoneLabel("Europe/Paris", winter)).toBe("Europe/Paris (UTC+01:00)");
    expect(zoneLabel("Europe/Paris", summer)).toBe("Europe/Paris (UTC+02:00)");
    expect(zoneLabel("America/Argentina/La_Rioja", winter)).toBe("America/Argentina/La Rioja (UTC-03:00)");
    expect(zoneLabel("UTC", winter)).toBe("UTC (UTC+00:00)");
  });
});
