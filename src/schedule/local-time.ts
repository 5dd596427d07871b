import { DAY_MS } from '../units.js';
/**
 * Wall-clock time in an IANA time zone, without a library: `Intl` tells each instant's local
 * fields, and a local date and time is turned into an instant by correcting for the zone's offset.
 * Calendar dates are counted as days since 1970-01-01 ("day numbers"), which never drift with DST.
 */

/** A calendar date: year, month 1–12, day 1–31. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** The local date and time of an instant in a time zone. */
export function localParts(at: Date, timezone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(at)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour % 24,
    minute: parts.minute,
    second: parts.second,
  };
}

/** Minutes the zone is ahead of UTC at an instant (Berlin in winter: 60). */
function offsetMinutes(at: Date, timezone: string): number {
  const p = localParts(at, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a local date and time happens in a time zone. A time skipped by a spring-forward
 * change (02:30 on the last Sunday of March in Berlin) moves forward by the gap (03:30); a time
 * that happens twice in the autumn takes the first (summer-time) one.
 */
export function zonedInstant(date: LocalDate, hour: number, minute: number, timezone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const before = offsetMinutes(new Date(wall - DAY_MS / 2), timezone);
  const after = offsetMinutes(new Date(wall + DAY_MS / 2), timezone);
  // Try the offset in force before the day's change first (earliest reading of an ambiguous time).
  for (const offset of [before, after]) {
    const t = new Date(wall - offset * 60_000);
    if (offsetMinutes(t, timezone) === offset) return t;
  }
  // In a gap: neither offset reproduces the wall time; the earlier offset lands after the gap.
  return new Date(wall - before * 60_000);
}

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(date: LocalDate): number {
  return Math.round(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/** The calendar date of a day number. */
export function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Weekday of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

/** The local calendar date of an instant in a time zone. */
export function localDate(at: Date, timezone: string): LocalDate {
  const { year, month, day } = localParts(at, timezone);
  return { year, month, day };
}

/** `2026-03-24` → a LocalDate, or null when it is not a real calendar date. */
export function parseLocalDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = fromDayNumber(dayNumber(date));
  return back.year === date.year && back.month === date.month && back.day === date.day ? date : null;
}
