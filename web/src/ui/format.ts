/** Formatting of waits and times of day for messages ("0:42", "14:32"),
 *  and the days of date filters as instants. */
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import type { Timestamp } from "@bufbuild/protobuf/wkt";

/** A short wait like "0:42" or "1:05:00" (m:ss, h:mm:ss past an hour). */
export function formatWait(ms: number): string {
  return formatClock(Math.max(0, Math.ceil(ms / 1000)));
}

/** Seconds as "m:ss" (or "h:mm:ss"). */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

/** A time of day in the person's locale and time zone, named, e.g. "14:32 CET". */
export function formatTimeOfDay(date: Date): string {
  return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(date);
}

/**
 * Local midnight of `day` ("YYYY-MM-DD", as a date input gives it) plus
 * `days`, as a timestamp; undefined for "" or a malformed day. A filter
 * "from D until E" is [dayStart(D, 0), dayStart(E, 1)).
 */
export function dayStart(day: string, days: number): Timestamp | undefined {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return undefined;
  return timestampFromDate(new Date(year, month - 1, date + days));
}
