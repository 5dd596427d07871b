/**
 * Units every module shares: milliseconds in an hour, a day and a week, and rounding for
 * presentation. One definition each, so a report and its CSV never round differently.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** `v` rounded to `digits` decimals. */
export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** round() for values that may be missing: null, undefined and non-finite numbers become null. */
export function roundOrNull(v: number | null | undefined, digits: number): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : round(v, digits);
}
