/**
 * The call back's preferred window: a date, a "from" and a "to" time of
 * day in an IANA time zone, turned into UTC instants (with @date-fns/tz,
 * so daylight-saving changes are right), checked, and said back in words:
 * "Tuesday 2 December, 14:00–16:00 Europe/Paris".
 */
import { TZDate } from "@date-fns/tz";
import { t } from "../messages";

export interface WindowInput {
  /** "YYYY-MM-DD", as an `<input type="date">` gives it. */
  date: string;
  /** "HH:MM" (or "HH:MM:SS"), as an `<input type="time">` gives it. */
  from: string;
  to: string;
  /** IANA name, e.g. "Europe/Paris". */
  zone: string;
}

export interface WindowErrors {
  date?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  zone?: string | undefined;
}

export type WindowCheck = { ok: true; start: Date; end: Date } | { ok: false; errors: WindowErrors };

interface DayParts {
  year: number;
  month: number;
  day: number;
}

export function parseDate(value: string): DayParts | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

export function parseTime(value: string): { hour: number; minute: number } | undefined {
  const m = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value.trim());
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

/** True for a time zone this browser knows (IANA names, "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant of `date` at `time` in `zone`; "missing" when that time of
 * day does not exist there (skipped by a daylight-saving change);
 * undefined for unreadable input.
 */
export function zonedInstant(date: string, time: string, zone: string): Date | "missing" | undefined {
  const day = parseDate(date);
  const clock = parseTime(time);
  if (!day || !clock || !isTimeZone(zone)) return undefined;
  const zoned = new TZDate(day.year, day.month - 1, day.day, clock.hour, clock.minute, zone);
  if (Number.isNaN(zoned.getTime())) return undefined;
  if (zoned.getDate() !== day.day || zoned.getHours() !== clock.hour || zoned.getMinutes() !== clock.minute) {
    return "missing";
  }
  return new Date(zoned.getTime());
}

/** Today's date in `zone`, as "YYYY-MM-DD" (for the date input's `min`). */
export function todayIn(zone: string, now: Date = new Date()): string {
  const zoned = isTimeZone(zone) ? new TZDate(now.getTime(), zone) : now;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${zoned.getFullYear()}-${pad(zoned.getMonth() + 1)}-${pad(zoned.getDate())}`;
}

/** Checks the window and, when it is fine, gives its UTC instants. */
export function checkWindow(input: WindowInput, now: Date = new Date()): WindowCheck {
  const errors: WindowErrors = {};
  const zoneOk = isTimeZone(input.zone);
  if (!zoneOk) errors.zone = t("contact.callback.zone.required");
  if (!parseDate(input.date)) errors.date = t("contact.callback.date.required");
  else if (zoneOk && input.date < todayIn(input.zone, now)) errors.date = t("contact.callback.date.past");
  if (!parseTime(input.from)) errors.from = t("contact.callback.from.required");
  if (!parseTime(input.to)) errors.to = t("contact.callback.to.required");
  if (errors.zone || errors.date || errors.from || errors.to) return { ok: false, errors };

  const start = zonedInstant(input.date, input.from, input.zone);
  const end = zonedInstant(input.date, input.to, input.zone);
  if (start === "missing") errors.from = t("contact.callback.timeMissing");
  if (end === "missing") errors.to = t("contact.callback.timeMissing");
  if (!(start instanceof Date) || !(end instanceof Date)) return { ok: false, errors };
  if (end.getTime() <= start.getTime()) errors.to = t("contact.callback.to.beforeFrom");
  if (start.getTime() <= now.getTime()) errors.from = t("contact.callback.from.past");
  return errors.from || errors.to ? { ok: false, errors } : { ok: true, start, end };
}

/** "Tuesday 2 December, 14:00–16:00 Europe/Paris" (in `locale`'s words). */
export function describeWindow(start: Date, end: Date, zone: string, locale?: string): string {
  const day = new Intl.DateTimeFormat(locale, { weekday: "long", day: "numeric", month: "long", timeZone: zone });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: zone });
  const params = { date: day.format(start), from: time.format(start), to: time.format(end), zone };
  const endDate = day.format(end);
  return endDate === params.date
    ? t("contact.callback.window.words", params)
    : t("contact.callback.window.wordsSpan", { ...params, endDate });
}

/** The device's time zone, e.g. "Europe/Paris" ("UTC" when unknown). */
export function detectedTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** The zones to choose from: the browser's list, with `detected` and UTC in it. */
export function timeZoneOptions(detected: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    zones = [];
  }
  const all = new Set(zones);
  all.add("UTC");
  if (isTimeZone(detected)) all.add(detected);
  return [...all].sort((a, b) => a.localeCompare(b));
}

/** How a zone reads in the list: its name with its offset now, e.g.
 *  "Asia/Tokyo (UTC+09:00)", "America/Argentina/La Rioja (UTC-03:00)". */
export function zoneLabel(zone: string, at: Date = new Date()): string {
  const name = zone.replaceAll("_", " ");
  try {
    const offset = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value;
    if (!offset) return name;
    return `${name} (${offset === "GMT" ? "UTC+00:00" : offset.replace("GMT", "UTC")})`;
  } catch {
    return name;
  }
}
