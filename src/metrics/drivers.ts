import { averageRanks } from './survey-stats.js';

/**
 * Key drivers (metrics.md → "Key drivers"): how strongly each survey item goes together with an
 * outcome item within the same response. Pure: paired answers in, figures out.
 */

/** Fewest paired answers (responses that answered both items) before a driver's ρ is shown. */
export const DRIVER_MIN_PAIRS = 30;
const Z95 = 1.96;

/** Pearson correlation of two equally long series; null when either is constant (or n < 2). */
function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx,
      dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0 || syy <= 0) return null;
  // Rounding can push |r| a hair past 1 for perfectly monotone data.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Spearman's ρ: Pearson's r of the average ranks (ties share their mean rank). */
export function spearmanRho(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length) throw new Error('spearmanRho: xs and ys differ in length');
  return pearson(averageRanks(xs), averageRanks(ys));
}

/** Fisher-z 95 % interval tanh(atanh ρ ± 1.96/√(n−3)); null for n ≤ 3 or no ρ. */
export function fisherInterval(rho: number | null, n: number, z = Z95): [number, number] | null {
  if (rho === null || n <= 3) return null;
  const centre = Math.atanh(rho);
  const half = z / Math.sqrt(n - 3);
  return [Math.tanh(centre - half), Math.tanh(centre + half)];
}

/** The item types drivers are computed for. */
export type DriverItemType = 'likert5' | 'scale0_10';

/**
 * Favorability of an item: Likert answers 4 or 5, 0–10 answers 9 or 10 (promoters), each as a
 * share of the answers given ("not applicable" is no answer); null without answers.
 */
export function itemFavorability(type: DriverItemType, values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const cut = type === 'likert5' ? 4 : 9;
  let favorable = 0;
  for (const v of values) if (v >= cut) favorable++;
  return favorable / values.length;
}

/** Median of a list (mean of the middle two for an even count); null when empty. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** One candidate driver: its paired answers with the outcome, and its favorability in scope. */
export interface DriverInput {
  question: string;
  /** The item's answers, one per response that answered both it and the outcome. */
  item: readonly number[];
  /** The outcome's answers in the same responses, in the same order. */
  outcome: readonly number[];
  favorable: number | null;
}

/** One driver as reports show it. */
export interface Driver {
  question: string;
  rho: number | null;
  ci95: [number, number] | null;
  /** Paired answers. */
  n: number;
  favorable: number | null;
  /** Below-median favorability and above-median ρ: the "fix these first" quadrant. */
  focus: boolean;
  suppressed: boolean;
  reason?: string;
}

/**
 * Spearman ρ and its Fisher-z interval per driver; drivers with fewer than `minPairs` paired
 * answers are suppressed (no ρ). `focus` marks the shown drivers whose favorability is below the
 * median favorability and whose ρ is above the median ρ, both medians over the shown drivers with
 * a ρ and a favorability. Ordered by ρ, highest first (suppressed ones last).
 */
export function keyDrivers(inputs: readonly DriverInput[], minPairs = DRIVER_MIN_PAIRS): Driver[] {
  const rows: Driver[] = inputs.map((d) => {
    const n = d.item.length;
    if (n < minPairs)
      return {
        question: d.question,
        rho: null,
        ci95: null,
        n,
        favorable: d.favorable,
        focus: false,
        suppressed: true,
        reason: `fewer than ${minPairs} paired answers`,
      };
    const rho = spearmanRho(d.item, d.outcome);
    return {
      question: d.question,
      rho,
      ci95: fisherInterval(rho, n),
      n,
      favorable: d.favorable,
      focus: false,
      suppressed: false,
      ...(rho === null ? { reason: 'no variation in one of the two items' } : {}),
    };
  });
  const ranked = rows.filter((r) => !r.suppressed && r.rho !== null && r.favorable !== null);
  const favMedian = medianOf(ranked.map((r) => r.favorable!));
  const rhoMedian = medianOf(ranked.map((r) => r.rho!));
  for (const r of ranked) r.focus = r.favorable! < favMedian! && r.rho! > rhoMedian!;
  return rows.sort(
    (a, b) =>
      Number(a.suppressed) - Number(b.suppressed) ||
      (b.rho ?? -Infinity) - (a.rho ?? -Infinity) ||
      a.question.localeCompare(b.question),
  );
}

/** The medians the focus rule used (for the chart's quadrant lines). */
export function driverMedians(drivers: readonly Driver[]): { favorable: number | null; rho: number | null } {
  const ranked = drivers.filter((r) => !r.suppressed && r.rho !== null && r.favorable !== null);
  return { favorable: medianOf(ranked.map((r) => r.favorable!)), rho: medianOf(ranked.map((r) => r.rho!)) };
}
