import { describe, expect, it } from 'vitest';
import {
  DRIVER_MIN_PAIRS,
  fisherInterval,
  itemFavorability,
  keyDrivers,
  medianOf,
  spearmanRho,
} from '../../src/metrics/drivers.js';
import { referenceInterval, referenceSpearman, seeded } from '../surveys/drivers-reference.js';

describe('spearmanRho', () => {
  it('equals the tie-corrected rank-difference formula on heavily tied Likert data (1e-9)', () => {
    const rand = seeded(7);
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + Math.floor(rand() * 200);
      const xs: number[] = [],
        ys: number[] = [];
      for (let i = 0; i < n; i++) {
        const x = 1 + Math.floor(rand() * 5);
        xs.push(x);
        ys.push(Math.max(0, Math.min(10, Math.round(x * 2 + (rand() - 0.5) * 6))));
      }
      const expected = referenceSpearman(xs, ys);
      const got = spearmanRho(xs, ys);
      if (expected === null) expect(got).toBeNull();
      else expect(got!).toBeCloseTo(expected, 9);
    }
  });

  it('is 1 / −1 for monotone data and null when a side is constant', () => {
    expect(spearmanRho([1, 2, 2, 3], [10, 20, 20, 30])).toBeCloseTo(1, 12);
    expect(spearmanRho([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(spearmanRho([3, 3, 3], [1, 2, 3])).toBeNull();
  });

  it('matches a hand computation with ties', () => {
    // x ranks: 1→1.5,1→1.5,2→3,3→4.5,3→4.5 ; y ranks: 5→5,3→2.5,4→4,3→2.5,1→1
    // Pearson on those ranks: Σ(dx·dy) = −0.75·... computed by hand = −0.4104…
    const rho = spearmanRho([1, 1, 2, 3, 3], [5, 3, 4, 3, 1])!;
    const rx = [1.5, 1.5, 3, 4.5, 4.5],
      ry = [5, 2.5, 4, 2.5, 1];
    const mean = 3;
    const sxy = rx.reduce((s, v, i) => s + (v - mean) * (ry[i] - mean), 0);
    const sxx = rx.reduce((s, v) => s + (v - mean) ** 2, 0);
    const syy = ry.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(rho).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
    expect(rho).toBeLessThan(0);
  });
});

describe('fisherInterval', () => {
  it('is tanh(atanh ρ ± 1.96/√(n−3)), null for n ≤ 3', () => {
    const [lo, hi] = fisherInterval(0.42, 800)!;
    const [elo, ehi] = referenceInterval(0.42, 800);
    expect(lo).toBeCloseTo(elo, 12);
    expect(hi).toBeCloseTo(ehi, 12);
    expect(lo).toBeLessThan(0.42);
    expect(hi).toBeGreaterThan(0.42);
    expect(fisherInterval(0.5, 3)).toBeNull();
    expect(fisherInterval(null, 100)).toBeNull();
    expect(fisherInterval(1, 40)).toEqual([1, 1]);
  });
});

describe('itemFavorability and medianOf', () => {
  it('counts Likert 4–5 and 0–10 promoters (9–10) as favorable', () => {
    expect(itemFavorability('likert5', [1, 2, 3, 4, 5])).toBeCloseTo(0.4, 12);
    expect(itemFavorability('scale0_10', [0, 6, 7, 8, 9, 10])).toBeCloseTo(2 / 6, 12);
    expect(itemFavorability('likert5', [])).toBeNull();
  });
  it('medians odd and even lists', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 2, 3])).toBe(2.5);
    expect(medianOf([])).toBeNull();
  });
});

describe('keyDrivers', () => {
  const series = (n: number, f: (i: number) => [number, number]) => {
    const item: number[] = [],
      outcome: number[] = [];
    for (let i = 0; i < n; i++) {
      const [a, b] = f(i);
      item.push(a);
      outcome.push(b);
    }
    return { item, outcome };
  };

  it('suppresses a driver under 30 pairs and marks the low-favorability, high-ρ quadrant', () => {
    const rand = seeded(11);
    const strong = series(60, (i) => [1 + (i % 5), 1 + (i % 5)]);
    const medium = series(60, (i) => [1 + (i % 5), rand() < 0.5 ? 1 + (i % 5) : 1 + Math.floor(rand() * 5)]);
    const weak = series(60, () => [1 + Math.floor(rand() * 5), 1 + Math.floor(rand() * 5)]);
    const few = series(DRIVER_MIN_PAIRS - 1, (i) => [1 + (i % 5), 1 + (i % 5)]);
    const rows = keyDrivers([
      { question: 'strong_low', ...strong, favorable: 0.1 },
      { question: 'medium_mid', ...medium, favorable: 0.5 },
      { question: 'weak_high', ...weak, favorable: 0.9 },
      { question: 'few', ...few, favorable: 0.05 },
    ]);
    const by = new Map(rows.map((r) => [r.question, r]));
    expect(by.get('few')).toMatchObject({ suppressed: true, rho: null, ci95: null, focus: false, n: 29 });
    expect(by.get('few')!.reason).toMatch(/fewer than 30 paired answers/);
    expect(by.get('strong_low')).toMatchObject({ suppressed: false, focus: true, n: 60 });
    expect(by.get('strong_low')!.rho).toBeCloseTo(1, 12);
    // The median favorability (0.5) is not below itself: not focus; high favorability never is.
    expect(by.get('medium_mid')!.focus).toBe(false);
    expect(by.get('weak_high')!.focus).toBe(false);
    // Highest ρ first, suppressed last.
    expect(rows[0].question).toBe('strong_low');
    expect(rows[rows.length - 1].question).toBe('few');
    for (const r of rows.filter((x) => !x.suppressed)) {
      expect(r.rho!).toBeCloseTo(
        referenceSpearman(
          r.question === 'strong_low' ? strong.item : r.question === 'medium_mid' ? medium.item : weak.item,
          r.question === 'strong_low' ? strong.outcome : r.question === 'medium_mid' ? medium.outcome : weak.outcome,
        )!,
        9,
      );
    }
  });

  it('exactly 30 pairs is enough', () => {
    const s = series(DRIVER_MIN_PAIRS, (i) => [1 + (i % 5), 1 + ((i * 3) % 5)]);
    const [row] = keyDrivers([{ question: 'q', ...s, favorable: 0.4 }]);
    expect(row.suppressed).toBe(false);
    expect(row.rho).not.toBeNull();
    expect(row.ci95).not.toBeNull();
  });
});
