/**
 * An independent key-drivers reference for tests: Spearman's ρ by the tie-corrected rank-difference
 * formula (explicit tie groups from sorting), not Pearson on ranks as src/metrics/drivers.ts does.
 *   ρ = (Sx + Sy − Σd²) ÷ (2·√(Sx·Sy)),  Sx = (n³ − n)/12 − Σ(t³ − t)/12 over x's tie groups of size t
 */

/** Average ranks via explicit tie groups: sort distinct values, each group gets the mean of its positions. */
function tieGroups(values: readonly number[]): { ranks: number[]; groupSizes: number[] } {
  const sortedDistinct = [...new Set(values)].sort((a, b) => a - b);
  const sizes = sortedDistinct.map((v) => values.filter((x) => x === v).length);
  const rankOf = new Map<number, number>();
  let below = 0;
  sortedDistinct.forEach((v, i) => {
    // positions below+1 … below+t: their mean is below + (t + 1) / 2
    rankOf.set(v, below + (sizes[i] + 1) / 2);
    below += sizes[i];
  });
  return { ranks: values.map((v) => rankOf.get(v)!), groupSizes: sizes };
}

/** Spearman's ρ by the tie-corrected formula; null when a side is constant. */
export function referenceSpearman(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  const x = tieGroups(xs),
    y = tieGroups(ys);
  const base = (n ** 3 - n) / 12;
  const sx = base - x.groupSizes.reduce((s, t) => s + (t ** 3 - t) / 12, 0);
  const sy = base - y.groupSizes.reduce((s, t) => s + (t ** 3 - t) / 12, 0);
  if (sx <= 0 || sy <= 0) return null;
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (x.ranks[i] - y.ranks[i]) ** 2;
  return (sx + sy - d2) / (2 * Math.sqrt(sx * sy));
}

/** Fisher-z interval, written out: z = ½·ln((1+ρ)/(1−ρ)), limits back through (e^{2z}−1)/(e^{2z}+1). */
export function referenceInterval(rho: number, n: number): [number, number] {
  const z = 0.5 * Math.log((1 + rho) / (1 - rho));
  const se = 1 / Math.sqrt(n - 3);
  const back = (v: number) => (Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1);
  return [back(z - 1.96 * se), back(z + 1.96 * se)];
}

/** A small seeded PRNG (mulberry32), so generated surveys are the same on every run. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
