import type { FrequencyClass } from './dora-tiers.js';
import { DAY_MS, roundOrNull } from '../units.js';

/** Quantile by linear interpolation between order statistics ("type 7"); `sorted` ascending. */
export function quantile7(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Rounds for presentation; null stays null (the one rounding of src/units.ts). */
export const round = roundOrNull;

/** median, p75, p90 and n of hours (unsorted in). */
export function hoursSummary(values: number[]) {
  // A typed-array sort is numeric and several times faster than a comparator on 10⁵ leads.
  const sorted = Array.from(Float64Array.from(values).sort());
  return {
    median: round(quantile7(sorted, 0.5), 2),
    p75: round(quantile7(sorted, 0.75), 2),
    p90: round(quantile7(sorted, 0.9), 2),
    n: sorted.length,
  };
}

/**
 * Splits [from, to) into blocks of `days` days starting at the UTC day of `from`; only complete
 * blocks count (a window shorter than one block is one block). Returns the block count.
 */
export function blockCount(from: Date, to: Date, days: number): number {
  const start = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  return Math.max(1, Math.floor((to.getTime() - start) / (days * DAY_MS)));
}

const blockOf = (day: string, from: Date, days: number) =>
  Math.floor((Date.parse(`${day}T00:00:00Z`) - Math.floor(from.getTime() / DAY_MS) * DAY_MS) / (days * DAY_MS));

/** Per block, the number of distinct days with a deployment (complete blocks only). */
function deploymentDaysPerBlock(days: string[], from: Date, to: Date, size: number): number[] {
  const blocks = new Array(blockCount(from, to, size)).fill(0) as number[];
  for (const day of new Set(days)) {
    const b = blockOf(day, from, size);
    if (b >= 0 && b < blocks.length) blocks[b]++;
  }
  return blocks;
}

/**
 * Four Keys frequency class from the days with successful deployments: on demand when the median
 * week has ≥ 5 deployment days and the median deployment day has ≥ 2 deployments; daily when the
 * median week has ≥ 3 deployment days; weekly when ≥ 1; monthly when the median month (30-day
 * block) has ≥ 1; else yearly. Weeks are 7-day blocks from the UTC day of `from`. Null without
 * any deployment.
 */
export function frequencyClass(
  perDay: Array<{ day: string; count: number }>,
  from: Date,
  to: Date,
): FrequencyClass | null {
  const active = perDay.filter((d) => d.count > 0);
  if (active.length === 0) return null;
  const days = active.map((d) => d.day);
  const median = (xs: number[]) =>
    quantile7(
      [...xs].sort((a, b) => a - b),
      0.5,
    ) ?? 0;
  const weekDays = median(deploymentDaysPerBlock(days, from, to, 7));
  const perDeploymentDay = median(active.map((d) => d.count));
  if (weekDays >= 5 && perDeploymentDay >= 2) return 'on_demand';
  if (weekDays >= 3) return 'daily';
  if (weekDays >= 1) return 'weekly';
  if (median(deploymentDaysPerBlock(days, from, to, 30)) >= 1) return 'monthly';
  return 'yearly';
}

/** Successful deployments per week: count ÷ (window days ÷ 7). */
export const perWeek = (count: number, from: Date, to: Date): number =>
  count / ((to.getTime() - from.getTime()) / DAY_MS / 7);

/** Failed deployments by canonical reason, largest first (ties by name), with shares. */
export function byReason(rows: Array<{ reason: string; count: number }>, failed: number) {
  const merged = new Map<string, number>();
  for (const r of rows) merged.set(r.reason, (merged.get(r.reason) ?? 0) + r.count);
  return [...merged]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, count]) => ({ reason, count, share: round(failed ? count / failed : 0, 3)! }));
}

/** Coefficient of variation (population standard deviation ÷ mean); null when the mean is 0. */
export function coefficientOfVariation(values: number[]): number | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (mean === 0) return null;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance) / mean;
}
