/**
 * DORA Quick Check scoring (dora.dev), as metrics.md → "DORA Quick Check benchmark" defines it:
 * each measured delivery figure is mapped onto the answer the Quick Check asks for, then scored on
 * its 0–10 scale (10 = best) exactly as the Quick Check does. Pure: numbers in, numbers out.
 */

const HOUR = 1;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** A month is 30 days and six months 180 days, as in the tier tables and frequency classes. */
const MONTH = 30 * DAY;
const SIX_MONTHS = 180 * DAY;

/** A Quick Check answer bucket of the time-based questions: 1 (worst) … 6 (best). */
export type Bucket = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Bucket of a duration in hours (lead time, failed deployment recovery). Each lower bound is
 * inclusive: < 1 h → 6, [1 h, 24 h) → 5, [24 h, 168 h) → 4, [168 h, 720 h) → 3,
 * [720 h, 4320 h) → 2, ≥ 4320 h → 1.
 */
export function durationBucket(hours: number): Bucket {
  if (hours < HOUR) return 6;
  if (hours < DAY) return 5;
  if (hours < WEEK) return 4;
  if (hours < MONTH) return 3;
  if (hours < SIX_MONTHS) return 2;
  return 1;
}

/**
 * Bucket of a deployment rate (deployments per day over the window). Each lower bound is
 * inclusive: ≥ 2 / day → 6 (multiple deploys per day), [1, 2) → 5 (at least once per day),
 * [1/7, 1) → 4, [1/30, 1/7) → 3, [1/180, 1/30) → 2, < 1/180 → 1. `count` and `days` are passed
 * separately so each comparison is exact (count × d ≥ days, no division).
 */
export function frequencyBucket(count: number, days: number): Bucket {
  if (count >= 2 * days) return 6;
  if (count >= days) return 5;
  if (count * 7 >= days) return 4;
  if (count * 30 >= days) return 3;
  if (count * 180 >= days) return 2;
  return 1;
}

/** A time-based answer's score: (answer − 1) / 5 × 10, so 1 → 0 and 6 → 10. */
export const bucketScore = (bucket: Bucket): number => ((bucket - 1) / 5) * 10;

/** The whole percentage the Quick Check's slider would hold (0–100, halves round up). */
export const wholePercent = (part: number, total: number): number =>
  Math.min(100, Math.max(0, Math.round((part * 100) / total)));

/** A percentage answer's score: 0 % → 10, 100 % → 0, i.e. 10 − percentage / 10. */
export const percentScore = (percent: number): number => 10 - Math.min(100, Math.max(0, percent)) / 10;

/**
 * Standard normal cumulative distribution Φ(z), by Hart's double-precision algorithm 5666
 * (W. J. Cody's coefficients as given by G. West, 2005), absolute error below 1e-14.
 */
export function normalCdf(z: number): number {
  const x = Math.abs(z);
  let p: number;
  if (x > 37) p = 0;
  else {
    const e = Math.exp((-x * x) / 2);
    if (x < 7.07106781186547) {
      let n = 3.52624965998911e-2 * x + 0.700383064443688;
      n = n * x + 6.37396220353165;
      n = n * x + 33.912866078383;
      n = n * x + 112.079291497871;
      n = n * x + 221.213596169931;
      n = n * x + 220.206867912376;
      let d = 8.83883476483184e-2 * x + 1.75566716318264;
      d = d * x + 16.064177579207;
      d = d * x + 86.7807322029461;
      d = d * x + 296.564248779674;
      d = d * x + 637.333633378831;
      d = d * x + 793.826512519948;
      d = d * x + 440.413735824752;
      p = (e * n) / d;
    } else {
      let b = x + 0.65;
      b = x + 4 / b;
      b = x + 3 / b;
      b = x + 2 / b;
      b = x + 1 / b;
      p = e / b / 2.506628274631;
    }
  }
  return z > 0 ? 1 - p : p;
}

/**
 * Where a score stands in a published distribution, as a percentile (0–100, whole number), under
 * the assumption that the distribution is normal with that mean and standard deviation: only
 * means and standard deviations are published, so this is an approximation and is labelled so.
 */
export function normalPercentile(score: number, mean: number, std: number): number | null {
  if (!(std > 0) || !Number.isFinite(score) || !Number.isFinite(mean)) return null;
  return Math.round(normalCdf((score - mean) / std) * 100);
}

/**
 * The Quick Check's performance average: the mean of the answered metrics' scores (unanswered ones
 * are left out, as the Quick Check leaves out an unanswered question). Null when none is answered.
 */
export function performanceAverage(scores: Array<number | null>): number | null {
  const given = scores.filter((s): s is number => s !== null);
  return given.length ? given.reduce((a, b) => a + b, 0) / given.length : null;
}
