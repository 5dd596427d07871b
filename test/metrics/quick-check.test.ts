import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchmarkProblems } from '../../src/delivery/benchmark.service.js';
import { DEFAULT_DEFINITIONS } from '../../src/delivery/definitions.schema.js';
import { loadQuickCheck, QUICK_CHECK_DIR } from '../../src/delivery/quick-check.data.js';
import {
  bucketScore,
  durationBucket,
  frequencyBucket,
  normalCdf,
  normalPercentile,
  percentScore,
  performanceAverage,
  wholePercent,
} from '../../src/metrics/quick-check.js';

/** Φ by Simpson's rule on the normal density from 0 (independent of the code under test). */
function phi(z: number): number {
  const n = 20_000;
  const h = z / n;
  const f = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  let s = f(0) + f(z);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i * h);
  return 0.5 + (s * h) / 3;
}

/** The Quick Check's recode_numeric_range (utils.ts), re-typed here. */
const recode = (v: number, inMin: number, inMax: number, outMin: number, outMax: number) => {
  const c = Math.max(Math.min(inMin, inMax), Math.min(Math.max(inMin, inMax), v));
  return ((c - inMin) / (inMax - inMin)) * (outMax - outMin) + outMin;
};

describe('Quick Check buckets (docs/metrics.md: lower bound inclusive, upper exclusive)', () => {
  it('durations: < 1 h, < 1 day, < 1 week, < 30 days, < 180 days, else', () => {
    const cases: Array<[number, number]> = [
      [0, 6],
      [0.99, 6],
      [1, 5],
      [23.99, 5],
      [24, 4],
      [167.99, 4],
      [168, 3],
      [719.99, 3],
      [720, 2],
      [4319.99, 2],
      [4320, 1],
      [100_000, 1],
    ];
    for (const [h, b] of cases) expect(durationBucket(h), `${h} h`).toBe(b);
  });

  it('deployment rate: ≥ 2/day, ≥ 1/day, ≥ 1/week, ≥ 1/30 days, ≥ 1/180 days, else', () => {
    const cases: Array<[number, number, number]> = [
      [56, 28, 6],
      [55, 28, 5],
      [28, 28, 5],
      [27, 28, 4],
      [4, 28, 4],
      [3, 28, 3],
      [1, 30, 3],
      [1, 31, 2],
      [1, 180, 2],
      [1, 181, 1],
      [2, 360, 2],
      [1, 360, 1],
    ];
    for (const [count, days, b] of cases) expect(frequencyBucket(count, days), `${count}/${days} days`).toBe(b);
  });

  it('scores as the Quick Check recodes answers: 1…6 → 0…10, 0…100 % → 10…0', () => {
    for (const b of [1, 2, 3, 4, 5, 6] as const) expect(bucketScore(b)).toBeCloseTo(recode(b, 1, 6, 0, 10), 12);
    for (let p = 0; p <= 100; p++) expect(percentScore(p)).toBeCloseTo(recode(p, 0, 100, 10, 0), 12);
    expect(wholePercent(1, 8)).toBe(13); // 12.5 % rounds up, as a slider position would
    expect(wholePercent(29, 200)).toBe(15); // 14.5 % exactly, no float drift
    expect(wholePercent(0, 7)).toBe(0);
    expect(performanceAverage([6, null, 8])).toBe(7);
    expect(performanceAverage([null, null])).toBeNull();
  });

  it('Φ matches an independent numerical integration, and percentiles round it', () => {
    for (const z of [-4, -2.5, -1.96, -1, -0.2083, 0, 0.3, 1, 1.5, 2.7, 3.9])
      expect(Math.abs(normalCdf(z) - phi(z)), `z = ${z}`).toBeLessThan(1e-9);
    expect(normalPercentile(6, 5.5, 2.4)).toBe(Math.round(phi(0.5 / 2.4) * 100));
    expect(normalPercentile(5, 5, 2)).toBe(50);
    expect(normalPercentile(5, 5, 0)).toBeNull();
  });
});

describe('the shipped Quick Check data', () => {
  const raw = (edition: string, file: string) =>
    JSON.parse(readFileSync(join(QUICK_CHECK_DIR, 'editions', edition, `${file}.json`), 'utf8')) as Record<
      string,
      Record<string, { mean: number; std: number }>
    >;
  const data = loadQuickCheck();

  it('holds the 2024 and 2025 editions with 14 industries each, and the licence', () => {
    expect(data.editions.map((e) => e.edition)).toEqual(['2024', '2025']);
    for (const e of data.editions) expect(e.industries).toHaveLength(14);
    expect(readFileSync(join(QUICK_CHECK_DIR, 'LICENSE-Apache-2.0'), 'utf8')).toContain('Apache License');
  });

  it('turns change failure and rework "higher is better" and recomputes the performance average as the Quick Check does', () => {
    for (const edition of ['2024', '2025']) {
      const file = raw(edition, 'industry_metrics');
      const e = data.editions.find((x) => x.edition === edition)!;
      for (const g of e.industries) {
        const r = file[g.key];
        expect(g.metrics.leadtime).toEqual(r.leadtime);
        expect(g.metrics.changefailure).toEqual({ mean: 10 - r.changefailure.mean, std: r.changefailure.std });
        const keys = [
          'leadtime',
          'deployfreq',
          'failurerecovery',
          'changefailure',
          ...(edition === '2025' ? ['rework'] : []),
        ];
        const high = keys.map((k) => (k === 'changefailure' || k === 'rework' ? 10 - r[k].mean : r[k].mean));
        expect(g.performance_average!.mean).toBeCloseTo(high.reduce((a, b) => a + b, 0) / high.length, 12);
        expect(g.performance_average!.std).toBe(r.performance_average.std);
        if (edition === '2024') expect(g.metrics.rework).toBeUndefined();
      }
    }
  });

  it('turns the 2025 size file’s failure recovery (stored reversed: 2.6 vs 7.4 for all) and nothing else', () => {
    const e2025 = data.editions.find((x) => x.edition === '2025')!;
    const e2024 = data.editions.find((x) => x.edition === '2024')!;
    expect(e2025.size_metrics_turned).toEqual(['failurerecovery']);
    expect(e2024.size_metrics_turned).toEqual([]);
    const sizes = raw('2025', 'organization_size_metrics');
    for (const g of e2025.sizes) {
      expect(g.metrics.failurerecovery!.mean).toBeCloseTo(10 - sizes[g.key].failurerecovery.mean, 12);
      expect(g.metrics.deployfreq).toEqual(sizes[g.key].deployfreq);
    }
    expect(e2025.sizes.find((g) => g.key === 'all')!.metrics.failurerecovery!.mean).toBeCloseTo(7.4, 12);
  });

  it('validates definitions against the data, naming the field', () => {
    expect(benchmarkProblems(DEFAULT_DEFINITIONS)).toEqual([]);
    expect(benchmarkProblems({ ...DEFAULT_DEFINITIONS, benchmark_edition: '2023' })[0].field).toBe('benchmark_edition');
    expect(benchmarkProblems({ ...DEFAULT_DEFINITIONS, benchmark_industry: 'space' })[0].field).toBe(
      'benchmark_industry',
    );
    // Sizes differ between editions: "solo" is 2025's, "fewer_than_020" 2024's.
    expect(benchmarkProblems({ ...DEFAULT_DEFINITIONS, benchmark_org_size: 'solo' })).toEqual([]);
    expect(
      benchmarkProblems({ ...DEFAULT_DEFINITIONS, benchmark_edition: '2024', benchmark_org_size: 'solo' })[0].field,
    ).toBe('benchmark_org_size');
    expect(
      benchmarkProblems({ ...DEFAULT_DEFINITIONS, benchmark_edition: '2024', benchmark_org_size: 'fewer_than_020' }),
    ).toEqual([]);
  });
});
