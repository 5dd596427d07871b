import { describe, expect, it } from 'vitest';
import {
  averageRanks,
  devexScore,
  enps,
  favorability,
  hoursLabel,
  hoursMidpoint,
  isSignificantChange,
  mean,
  meanSdFromCounts,
  newcombeDifference,
  percentileRank,
  quantile,
  quantileFromCounts,
  sampleSd,
  spearman,
  wilsonInterval,
} from '../../src/metrics/survey-stats.js';

const counts = (o: Record<number, number>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v]));
const close = (actual: number | null | undefined, expected: number, digits = 9) =>
  expect(actual).toBeCloseTo(expected, digits);

describe('wilsonInterval', () => {
  it('8 of 10', () => {
    // p = 0.8, z² = 3.8416; centre = 0.8 + 3.8416/20 = 0.99208
    // half = 1.96·√(0.8·0.2/10 + 3.8416/400) = 1.96·√(0.016 + 0.009604) = 1.96·0.1600124995 = 0.3136244990
    // denominator = 1 + 3.8416/10 = 1.38416
    // lower = (0.99208 − 0.3136244990)/1.38416 = 0.4901568467; upper = (0.99208 + 0.3136244990)/1.38416 = 0.9433190520
    const [lo, hi] = wilsonInterval(8, 10)!;
    close(lo, 0.4901568467, 9);
    close(hi, 0.943319052, 9);
  });
  it('0 of 10 starts at 0; no answers give no interval', () => {
    // centre = 3.8416/20 = 0.19208, half = 1.96·√(3.8416/400) = 1.96·0.098 = 0.19208 → lower 0
    // upper = 0.38416/1.38416 = 0.2775401688
    const [lo, hi] = wilsonInterval(0, 10)!;
    close(lo, 0, 12);
    close(hi, 0.38416 / 1.38416, 12);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('favorability, mean and sd', () => {
  // 1×1, 1×2, 2×3, 3×4, 3×5: n = 10, favorable (4–5) = 6, neutral = 2, unfavorable = 2
  const likert = counts({ 1: 1, 2: 1, 3: 2, 4: 3, 5: 3 });
  it('shares and the Wilson interval of 6/10', () => {
    const f = favorability(likert);
    expect(f).toMatchObject({ n: 10, favorableCount: 6, neutralCount: 2, unfavorableCount: 2 });
    close(f.favorable, 0.6);
    close(f.neutral, 0.2);
    close(f.unfavorable, 0.2);
    // centre = 0.6 + 0.19208 = 0.79208; half = 1.96·√(0.024 + 0.009604) = 1.96·0.1833139 = 0.3592953
    // → (0.4327847/1.38416, 1.1513753/1.38416) = (0.3126695, 0.8318224)
    close(f.ci95![0], 0.3126695474, 9);
    close(f.ci95![1], 0.8318224188, 9);
  });
  it('mean 3.6 and sample sd √(16.4/9)', () => {
    // sum = 1 + 2 + 6 + 12 + 15 = 36 → mean 3.6
    // Σc(v−m)² = 6.76 + 2.56 + 2·0.36 + 3·0.16 + 3·1.96 = 16.4 → sd = √(16.4/9) = 1.3498971154
    const m = meanSdFromCounts(likert);
    close(m.mean, 3.6);
    close(m.sd, 1.3498971154, 9);
    const expanded = [1, 2, 3, 3, 4, 4, 4, 5, 5, 5];
    close(mean(expanded), 3.6);
    close(sampleSd(expanded), 1.3498971154, 9);
    expect(meanSdFromCounts(new Map()).mean).toBeNull();
    expect(sampleSd([4])).toBeNull();
  });
});

describe('quantile (type 7)', () => {
  it('interpolates between order statistics', () => {
    // [1,2,3,4,10]: q=.25 → h = 1 → 2; q=.9 → h = 3.6 → 4 + 0.6·(10−4) = 7.6
    close(quantile([10, 3, 1, 4, 2], 0.25), 2);
    close(quantile([10, 3, 1, 4, 2], 0.9), 7.6);
    // [1,2,3,4]: median h = 1.5 → 2.5
    close(quantile([4, 1, 3, 2], 0.5), 2.5);
    expect(quantile([], 0.5)).toBeNull();
  });
  it('from counts gives the same as the expanded values', () => {
    // hours 0,0,0.5,3,10: median h=2 → 0.5; p25 h=1 → 0; p75 h=3 → 3; p90 h=3.6 → 3 + 0.6·7 = 7.2
    const c = counts({ 0: 2, 0.5: 1, 3: 1, 10: 1 });
    close(quantileFromCounts(c, 0.5), 0.5);
    close(quantileFromCounts(c, 0.25), 0);
    close(quantileFromCounts(c, 0.75), 3);
    close(quantileFromCounts(c, 0.9), 7.2);
    expect(quantileFromCounts(new Map(), 0.5)).toBeNull();
  });
});

describe('eNPS, DevEx score, hours', () => {
  it('eNPS = 100 × (promoters − detractors) ÷ n', () => {
    // 10,10,10,9,9 promoters (5); 8,8,7 passives (3); 6,3 detractors (2) → 100·(5−2)/10 = 30
    const e = enps(counts({ 10: 3, 9: 2, 8: 2, 7: 1, 6: 1, 3: 1 }));
    expect(e).toMatchObject({ n: 10, promoters: 5, passives: 3, detractors: 2 });
    close(e.score, 30);
    expect(enps(new Map()).score).toBeNull();
  });
  it('DevEx score = mean favorability × 100 over items with answers', () => {
    // (0.6 + 0.45 + 0.3)/3 = 0.45 → 45; an item without answers (null) is left out
    close(devexScore([0.6, 0.45, 0.3, null]), 45);
    expect(devexScore([null])).toBeNull();
  });
  it('hours buckets count at their midpoints, 8+ as 10', () => {
    expect(['0', '<1', '1-2', '2-4', '4-8', '8+'].map(hoursMidpoint)).toEqual([0, 0.5, 1.5, 3, 6, 10]);
    expect(hoursLabel(10)).toBe('8+');
    expect(hoursMidpoint('nine')).toBeUndefined();
  });
});

describe('newcombeDifference and the significance rule', () => {
  it('30/100 → 45/100', () => {
    // Wilson 30/100 = (0.2189475387, 0.3958503843); 45/100 = (0.3561437511, 0.5475557297)
    // Δ = 0.15; L = 0.15 − √((0.45−0.3561437511)² + (0.3958503843−0.3)²) = 0.15 − √(0.0088090 + 0.0091873) = 0.0158497423
    // U = 0.15 + √((0.5475557297−0.45)² + (0.3−0.2189475387)²) = 0.15 + √(0.0095171 + 0.0065695) = 0.2768330473
    const d = newcombeDifference(30, 100, 45, 100)!;
    close(d.delta, 0.15);
    close(d.ci95[0], 0.0158497423, 9);
    close(d.ci95[1], 0.2768330473, 9);
    expect(isSignificantChange(d, true)).toBe(true);
    expect(isSignificantChange(d, false)).toBe(false); // a period under the threshold never flags
  });
  it('5/10 → 6/10 is not significant (interval includes 0)', () => {
    // Wilson 5/10 = (0.2365931, 0.7634069), 6/10 = (0.3126695, 0.8318224)
    // L = 0.1 − √(0.2873305² + 0.2634069²) = −0.2897997321; U = 0.1 + √(0.2318224² + 0.2634069²) = 0.4508941095
    const d = newcombeDifference(5, 10, 6, 10)!;
    close(d.ci95[0], -0.2897997321, 9);
    close(d.ci95[1], 0.4508941095, 9);
    expect(isSignificantChange(d, true)).toBe(false);
  });
  it('a difference under 5 points is never significant even with a tight interval', () => {
    // 5000/10000 → 5400/10000: Δ = 0.04, the interval excludes 0, but |Δ| < 0.05
    const d = newcombeDifference(5000, 10000, 5400, 10000)!;
    expect(d.ci95[0]).toBeGreaterThan(0);
    expect(isSignificantChange(d, true)).toBe(false);
    // exactly 5 points counts: 5000 → 5500 of 10000
    expect(isSignificantChange(newcombeDifference(5000, 10000, 5500, 10000), true)).toBe(true);
    expect(newcombeDifference(0, 0, 1, 2)).toBeNull();
  });
});

describe('spearman and percentile rank', () => {
  it('ρ = 1 − 6Σd²/(n(n²−1)) without ties, with the tanh interval', () => {
    // ranks x 1..5, y 2,1,4,3,5: d² = 1,1,1,1,0 → ρ = 1 − 24/120 = 0.8
    // interval: atanh 0.8 = 1.0986123, half = 1.96·√(1.06/2) = 1.4269020 → tanh(−0.3282897), tanh(2.5255143)
    const s = spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50]);
    close(s.rho, 0.8);
    close(s.ci95![0], -0.316982755, 9);
    close(s.ci95![1], 0.9872759683, 9);
  });
  it('ties get average ranks', () => {
    // x ranks 1, 2.5, 2.5, 4; y ranks 1..4; Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5 → 4.5/√22.5 = 0.9486832981
    expect(averageRanks([1, 2, 2, 3])).toEqual([1, 2.5, 2.5, 4]);
    close(spearman([1, 2, 2, 3], [1, 2, 3, 4]).rho, 0.9486832981, 9);
    expect(spearman([1, 1, 1], [1, 2, 3]).rho).toBeNull();
  });
  it('percentile rank counts ties as half', () => {
    // below 3: two values; equal: one → (2 + 0.5)/4 = 62.5
    close(percentileRank([1, 2, 3, 4], 3), 62.5);
    close(percentileRank([5, 5], 5), 50);
    expect(percentileRank([], 1)).toBeNull();
  });
});
