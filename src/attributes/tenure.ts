/** The tenure bands, youngest first: the derived attribute `tenure` (docs/metrics.md). */
export const TENURE_BANDS = ['<6m', '6-12m', '1-2y', '2-5y', '5y+'] as const;
export type TenureBand = (typeof TENURE_BANDS)[number];

/** The derived attribute key; people and imports cannot set it as an ordinary attribute. */
export const TENURE_KEY = 'tenure';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * Whole calendar months from `startDate` (YYYY-MM-DD) to the UTC date of `at`: a month is complete
 * when the day of the month is reached again (2025-01-31 → 2025-02-28 is 0 months, → 2025-03-31 is 2).
 * −1 when `at` falls before the start date.
 */
export function wholeMonthsBetween(startDate: string, at: Date): number {
  const m = DATE.exec(startDate);
  if (!m) throw new Error(`not a date: ${startDate}`);
  if (at.toISOString().slice(0, 10) < startDate) return -1;
  const [y1, m1, d1] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [y2, m2, d2] = [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate()];
  return (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
}

/**
 * The tenure band of someone who started on `startDate`, at the instant `at` (a response's
 * submission): whole calendar months < 6 → `<6m`, 6–11 → `6-12m`, 12–23 → `1-2y`, 24–59 → `2-5y`,
 * ≥ 60 → `5y+`. Null without a start date, or when they had not started yet.
 */
export function tenureBand(startDate: string | null | undefined, at: Date | string): TenureBand | null {
  if (!startDate || !isCalendarDate(startDate)) return null;
  const when = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(when.getTime())) return null;
  const months = wholeMonthsBetween(startDate, when);
  if (months < 0) return null;
  if (months < 6) return '<6m';
  if (months < 12) return '6-12m';
  if (months < 24) return '1-2y';
  if (months < 60) return '2-5y';
  return '5y+';
}
