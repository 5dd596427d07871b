/**
 * Survey statistics of metrics.md → "Survey statistics": pure functions over counts and values,
 * no database. Shares are 0–1; scores (eNPS, DevEx) are on their documented scales.
 */

/** A two-sided interval [lower, upper]. */
export type Interval = [number, number];

/** z for a two-sided 95 % interval. */
export const Z95 = 1.96;

/** Likert categories of metrics.md: favorable = 4 or 5, neutral = 3, unfavorable = 1 or 2. */
const FAVORABLE_MIN = 4;
const NEUTRAL_VALUE = 3;

/** Hours-lost buckets and the midpoint each counts at (8+ counts as 10). */
export const HOURS_BUCKETS: ReadonlyArray<{ label: string; midpoint: number }> = [
  { label: '0', midpoint: 0 },
  { label: '<1', midpoint: 0.5 },
  { label: '1-2', midpoint: 1.5 },
  { label: '2-4', midpoint: 3 },
  { label: '4-8', midpoint: 6 },
  { label: '8+', midpoint: 10 },
];

/** The midpoint of an hours-lost bucket label, or undefined for an unknown label. */
export const hoursMidpoint = (label: string): number | undefined =>
  HOURS_BUCKETS.find((b) => b.label === label)?.midpoint;

/** The bucket label whose midpoint is `value`, or undefined. */
export const hoursLabel = (value: number): string | undefined => HOURS_BUCKETS.find((b) => b.midpoint === value)?.label;

/**
 * Wilson score interval for k successes out of n: (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) ÷ (1 + z²/n).
 * null when n = 0 (no answers, no interval).
 */
export function wilsonInterval(k: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denom = 1 + z2 / n;
  return [Math.max(0, (centre - half) / denom), Math.min(1, (centre + half) / denom)];
}

/** Value → number of answers with that value. */
export type Counts = ReadonlyMap<number, number>;

/** Favorable / neutral / unfavorable counts and shares of a Likert distribution (NA already excluded). */
export interface Favorability {
  n: number;
  favorableCount: number;
  neutralCount: number;
  unfavorableCount: number;
  /** favorable ÷ n; null when n = 0 */
  favorable: number | null;
  neutral: number | null;
  unfavorable: number | null;
  ci95: Interval | null;
}

/** Favorability of Likert counts (values 1–5) with its 95 % Wilson interval. */
export function favorability(counts: Counts, z = Z95): Favorability {
  let n = 0,
    fav = 0,
    neu = 0;
  for (const [value, count] of counts) {
    n += count;
    if (value >= FAVORABLE_MIN) fav += count;
    else if (value === NEUTRAL_VALUE) neu += count;
  }
  const unf = n - fav - neu;
  const share = (c: number) => (n > 0 ? c / n : null);
  return {
    n,
    favorableCount: fav,
    neutralCount: neu,
    unfavorableCount: unf,
    favorable: share(fav),
    neutral: share(neu),
    unfavorable: share(unf),
    ci95: wilsonInterval(fav, n, z),
  };
}

/** Number of observations in a counts map. */
const countTotal = (counts: Counts): number => [...counts.values()].reduce((a, b) => a + b, 0);

/** Arithmetic mean of values; null for none. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1 denominator); null for fewer than two values. */
export function sampleSd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** Mean and sample standard deviation from value counts (same results as on the expanded values). */
export function meanSdFromCounts(counts: Counts): { n: number; mean: number | null; sd: number | null } {
  const n = countTotal(counts);
  if (n === 0) return { n, mean: null, sd: null };
  let sum = 0;
  for (const [v, c] of counts) sum += v * c;
  const m = sum / n;
  if (n < 2) return { n, mean: m, sd: null };
  let ss = 0;
  for (const [v, c] of counts) ss += c * (v - m) ** 2;
  return { n, mean: m, sd: Math.sqrt(ss / (n - 1)) };
}

/** Type-7 quantile of ascending-sorted values: h = (n−1)q, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Type-7 quantile of unsorted values. */
export const quantile = (values: readonly number[], q: number): number | null =>
  quantileSorted(
    [...values].sort((a, b) => a - b),
    q,
  );

/** Type-7 quantile from value counts without expanding them (for millions of bucketed answers). */
export function quantileFromCounts(counts: Counts, q: number): number | null {
  const entries = [...counts].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const at = (index: number): number => {
    let seen = 0;
    for (const [v, c] of entries) {
      seen += c;
      if (index < seen) return v;
    }
    return entries[entries.length - 1][0];
  };
  const xLo = at(lo);
  const xHi = at(Math.min(lo + 1, n - 1));
  return xLo + (h - lo) * (xHi - xLo);
}

/** 0–10 recommend score: 100 × (promoters 9–10 − detractors 0–6) ÷ n; null when n = 0. */
export function enps(counts: Counts): {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  score: number | null;
} {
  let n = 0,
    pro = 0,
    det = 0;
  for (const [v, c] of counts) {
    n += c;
    if (v >= 9) pro += c;
    else if (v <= 6) det += c;
  }
  return { n, promoters: pro, passives: n - pro - det, detractors: det, score: n > 0 ? (100 * (pro - det)) / n : null };
}

/** The DevEx core dimensions of metrics.md. */
export const CORE_DIMENSIONS = ['feedback_loops', 'cognitive_load', 'flow_state', 'ease_of_delivery'] as const;

/** True for a dimension that counts towards the DevEx score. */
export const isCoreDimension = (d: string | null | undefined): boolean =>
  !!d && (CORE_DIMENSIONS as readonly string[]).includes(d);

/** DevEx score: mean favorability × 100 over core-dimension Likert items with answers; null when none. */
export function devexScore(favorabilities: ReadonlyArray<number | null>): number | null {
  const present = favorabilities.filter((f): f is number => f !== null);
  return present.length ? (100 * present.reduce((a, b) => a + b, 0)) / present.length : null;
}

/** Difference of two favorabilities with its 95 % Newcombe (hybrid Wilson) interval. */
export interface Difference {
  /** p₂ − p₁ (later minus earlier) */
  delta: number;
  ci95: Interval;
}

/**
 * Newcombe hybrid-Wilson interval for p₂ − p₁ (period 1 = earlier):
 * L = Δ − √((p₂−l₂)² + (u₁−p₁)²), U = Δ + √((u₂−p₂)² + (p₁−l₁)²). null when either n is 0.
 */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, z = Z95): Difference | null {
  const w1 = wilsonInterval(k1, n1, z);
  const w2 = wilsonInterval(k2, n2, z);
  if (!w1 || !w2) return null;
  const p1 = k1 / n1,
    p2 = k2 / n2;
  const [l1, u1] = w1,
    [l2, u2] = w2;
  const delta = p2 - p1;
  return {
    delta,
    ci95: [delta - Math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), delta + Math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)],
  };
}

/** Smallest difference (as a share) that can be flagged: 5 points. */
const MIN_SIGNIFICANT_DELTA = 0.05;

/**
 * The change rule of metrics.md: significant only when the interval excludes 0, |Δ| ≥ 5 points
 * and both periods meet the anonymity threshold.
 */
export function isSignificantChange(diff: Difference | null, bothMeetThreshold: boolean): boolean {
  if (!diff || !bothMeetThreshold) return false;
  const [lo, hi] = diff.ci95;
  const excludesZero = lo > 0 || hi < 0;
  // 1e-12 absorbs binary rounding: 0.60 − 0.55 must count as 5 points.
  return excludesZero && Math.abs(diff.delta) >= MIN_SIGNIFICANT_DELTA - 1e-12;
}

/** Ranks 1..n with ties given their average rank. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) ranks[order[t][1]] = rank;
    i = j + 1;
  }
  return ranks;
}

function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/** Fewest teams with both values before a survey × delivery association is shown. */
export const SPEARMAN_MIN_TEAMS = 10;

/**
 * Spearman ρ (Pearson on average ranks) with the 95 % interval tanh(atanh ρ ± 1.96·√(1.06/(n−3))).
 * rho is null when either side is constant; ci95 is null for n ≤ 3.
 */
export function spearman(
  xs: readonly number[],
  ys: readonly number[],
  z = Z95,
): { n: number; rho: number | null; ci95: Interval | null } {
  if (xs.length !== ys.length) throw new Error('spearman: xs and ys differ in length');
  const n = xs.length;
  const rho = n >= 2 ? pearson(averageRanks(xs), averageRanks(ys)) : null;
  if (rho === null || n <= 3) return { n, rho, ci95: null };
  const centre = Math.atanh(Math.max(-1, Math.min(1, rho)));
  const half = z * Math.sqrt(1.06 / (n - 3));
  return { n, rho, ci95: [Math.tanh(centre - half), Math.tanh(centre + half)] };
}

/** Percentile rank (0–100) of x among values: (below + ½·equal) ÷ n × 100; null for no values. */
export function percentileRank(values: readonly number[], x: number): number | null {
  if (values.length === 0) return null;
  let below = 0,
    equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return (100 * (below + equal / 2)) / values.length;
}
