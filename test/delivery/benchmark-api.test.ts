import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

/**
 * Every benchmark figure of GET /api/v1/dora recomputed here from the shipped files and the bucket
 * rules of docs/metrics.md, for generated teams that sit on each bucket boundary and for random ones.
 */
const DIR = join(process.cwd(), 'data', 'dora-quick-check');
type Raw = Record<string, Record<string, { mean: number; std: number }> & { name: string }>;
const rawFile = (edition: string, file: string): Raw =>
  JSON.parse(readFileSync(join(DIR, 'editions', edition, `${file}.json`), 'utf8')) as Raw;
const answers = JSON.parse(readFileSync(join(DIR, 'metrics_question_responses.json'), 'utf8')) as Record<
  string,
  Record<string, string>
>;

const H = 3_600_000;
const FROM = Date.parse('2026-01-05T00:00:00Z');
const DAYS = 28;
const TO = FROM + DAYS * 24 * H;
const WINDOW = `from=${new Date(FROM).toISOString()}&to=${new Date(TO).toISOString()}`;

/** Φ by Simpson's rule (independent of the code under test). */
function phi(z: number): number {
  const n = 20_000;
  const h = z / n;
  const f = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  let s = f(0) + f(z);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(i * h);
  return 0.5 + (s * h) / 3;
}
const pct = (score: number, mean: number, std: number) => Math.round(phi((score - mean) / std) * 100);

/** docs/metrics.md bucket tables, written out again. */
function durationAnswer(hours: number): number {
  for (const [bound, b] of [
    [1, 6],
    [24, 5],
    [168, 4],
    [720, 3],
    [4320, 2],
  ])
    if (hours < bound) return b;
  return 1;
}
function frequencyAnswer(perDay: number): number {
  for (const [bound, b] of [
    [2, 6],
    [1, 5],
    [1 / 7, 4],
    [1 / 30, 3],
    [1 / 180, 2],
  ])
    if (perDay >= bound) return b;
  return 1;
}

const LOW_IS_BETTER = new Set(['changefailure', 'rework']);
const QC = {
  lead_time: 'leadtime',
  deployment_frequency: 'deployfreq',
  change_failure_rate: 'changefailure',
  failed_deployment_recovery: 'failurerecovery',
  rework_rate: 'rework',
} as const;

interface Dora {
  deployment_frequency: { deployments: number };
  lead_time_hours: { median: number | null; n: number };
  change_failure_rate: { failed: number; total: number };
  failed_deployment_recovery_hours: { median: number | null; n: number };
  rework: { deployments: number; total: number };
  benchmark: {
    edition: string;
    industry: string;
    metrics: Record<string, Record<string, unknown>>;
    performance_average: Record<string, unknown>;
    org_size: null | { key: string; metrics: Record<string, Record<string, unknown>>; performance_average: unknown };
  };
}

/** The expected benchmark of a report, from the raw files (sizes: 2025 stores recovery reversed). */
function expected(d: Dora, days: number, edition: string, industry: string, size: string | null) {
  const statOf = (file: 'industry_metrics' | 'organization_size_metrics', group: string, key: string) => {
    const s = rawFile(edition, file)[group][key];
    if (!s) return undefined;
    const turned = file === 'organization_size_metrics' && edition === '2025' && key === 'failurerecovery';
    return { mean: LOW_IS_BETTER.has(key) !== turned ? 10 - s.mean : s.mean, std: s.std };
  };
  const answer: Record<string, { bucket: number | null; percent: number | null; score: number; label: string } | null> =
    {};
  const minOk = (n: number) => n >= 5;
  const f = d.deployment_frequency.deployments;
  const fb = f > 0 ? frequencyAnswer(f / days) : null;
  answer.deployment_frequency = fb
    ? { bucket: fb, percent: null, score: ((fb - 1) * 10) / 5, label: answers.deployfreq[fb] }
    : null;
  const lb =
    d.lead_time_hours.median !== null && minOk(d.lead_time_hours.n) ? durationAnswer(d.lead_time_hours.median) : null;
  answer.lead_time = lb ? { bucket: lb, percent: null, score: ((lb - 1) * 10) / 5, label: answers.leadtime[lb] } : null;
  const rec = d.failed_deployment_recovery_hours;
  const rb = rec.median !== null && minOk(rec.n) ? durationAnswer(rec.median) : null;
  answer.failed_deployment_recovery = rb
    ? { bucket: rb, percent: null, score: ((rb - 1) * 10) / 5, label: answers.failurerecovery[rb] }
    : null;
  const cfr = d.change_failure_rate;
  const cp = minOk(cfr.total) ? Math.round((100 * cfr.failed) / cfr.total) : null;
  answer.change_failure_rate =
    cp === null ? null : { bucket: null, percent: cp, score: 10 - cp / 10, label: `${cp} % of changes fail` };
  const rp = minOk(d.rework.total) ? Math.round((100 * d.rework.deployments) / d.rework.total) : null;
  answer.rework_rate =
    rp === null
      ? null
      : { bucket: null, percent: rp, score: 10 - rp / 10, label: `${rp} % of deployments were unplanned` };

  const place = (file: 'industry_metrics' | 'organization_size_metrics', group: string) => {
    const metrics: Record<string, { score: number | null; mean: number; std: number; percentile: number | null }> = {};
    const means: number[] = [];
    const scores: number[] = [];
    for (const [m, key] of Object.entries(QC)) {
      const s = statOf(file, group, key);
      if (!s) continue;
      means.push(s.mean);
      const a = answer[m];
      if (a) scores.push(a.score);
      metrics[m] = {
        score: a ? a.score : null,
        mean: s.mean,
        std: s.std,
        percentile: a ? pct(a.score, s.mean, s.std) : null,
      };
    }
    const paStd = rawFile(edition, file)[group].performance_average.std;
    const paMean = means.reduce((a, b) => a + b, 0) / means.length;
    const avg = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
    return {
      metrics,
      pa: { score: avg, mean: paMean, std: paStd, percentile: avg === null ? null : pct(avg, paMean, paStd) },
    };
  };
  return {
    answer,
    industry: place('industry_metrics', industry),
    size: size ? place('organization_size_metrics', size) : null,
  };
}

function check(d: Dora, days: number, edition: string, industry: string, size: string | null, who: string) {
  const want = expected(d, days, edition, industry, size);
  const b = d.benchmark;
  expect(b.edition).toBe(edition);
  expect(b.industry).toBe(industry);
  expect(Object.keys(b.metrics).sort(), who).toEqual(Object.keys(want.industry.metrics).sort());
  for (const [m, w] of Object.entries(want.industry.metrics)) {
    const got = b.metrics[m];
    const a = want.answer[m];
    expect(got.bucket, `${who} ${m} bucket`).toBe(a?.bucket ?? null);
    expect(got.percent, `${who} ${m} percent`).toBe(a?.percent ?? null);
    expect(got.label, `${who} ${m} label`).toBe(a?.label ?? null);
    if (w.score === null) {
      expect(got.score, `${who} ${m}`).toBeNull();
      expect(typeof got.reason, `${who} ${m} reason`).toBe('string');
    } else expect(got.score as number, `${who} ${m} score`).toBeCloseTo(w.score, 9);
    expect(got.industry_mean as number, `${who} ${m} mean`).toBeCloseTo(w.mean, 2);
    expect(got.industry_std, `${who} ${m} std`).toBe(w.std);
    expect(got.percentile, `${who} ${m} percentile`).toBe(w.percentile);
  }
  const pa = b.performance_average;
  if (want.industry.pa.score === null) expect(pa.score).toBeNull();
  // Reported to two decimals.
  else
    expect(Math.abs((pa.score as number) - want.industry.pa.score), `${who} average`).toBeLessThanOrEqual(0.005 + 1e-9);
  expect(pa.industry_mean as number).toBeCloseTo(want.industry.pa.mean, 2);
  expect(pa.industry_std).toBe(want.industry.pa.std);
  expect(pa.percentile, `${who} average percentile`).toBe(want.industry.pa.percentile);
  if (!want.size) expect(b.org_size).toBeNull();
  else
    for (const [m, w] of Object.entries(want.size.metrics)) {
      const got = b.org_size!.metrics[m];
      expect(got.mean as number, `${who} size ${m}`).toBeCloseTo(w.mean, 2);
      expect(got.percentile, `${who} size ${m} percentile`).toBe(w.percentile);
    }
}

/** A team on the boundaries: successes, median lead, extra failures, recovery median (null = none). */
const BOUNDARY: Array<[number, number, number, number | null]> = [
  [56, 0.5, 0, 0.5],
  [55, 1, 1, 1],
  [28, 23.5, 2, 23.5],
  [27, 24, 3, 24],
  [12, 167.5, 0, 167.5],
  [10, 168, 1, 168],
  [9, 719.5, 5, 719.5],
  [8, 720, 0, 720],
  [7, 4319.5, 2, 4319.5],
  [6, 4320, 1, 4320],
  [4, 3, 0, null],
  [3, 50, 3, 2],
];
const BOUNDARY_BUCKETS = [6, 5, 5, 4, 4, 3, 3, 2, 2, 1];
const FREQUENCY_BUCKETS = [6, 5, 5, 4, 4, 4, 4, 4, 4, 4, 4, 3];

let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

function teamData(key: string, successes: number, lead: number, failures: number, recovery: number | null) {
  const total = successes + failures;
  const deployments = Array.from({ length: total }, (_, j) => {
    const at = FROM + Math.floor(((j + 0.5) * (TO - FROM)) / total);
    const ok = j < successes;
    // Leads: one below, one above, the rest on the target, so the median is the target exactly.
    const l = j === 0 ? lead / 2 : j === successes - 1 ? lead * 3 : lead;
    return {
      id: `${key}-d${j}`,
      service: `${key}-svc`,
      team: key,
      finished_at: new Date(at).toISOString(),
      status: ok ? 'success' : 'failure',
      ...(ok
        ? { commits: [{ sha: `${key}-c${j}`, committed_at: new Date(at - Math.round(l * H)).toISOString() }] }
        : {}),
      ...(rand() < 0.15 ? { unplanned: true } : {}),
    };
  });
  const incidents =
    recovery === null
      ? []
      : Array.from({ length: successes >= 5 ? 5 : 3 }, (_, j) => {
          const at = FROM + (j + 1) * 24 * H;
          const hours = j === 0 ? recovery / 2 : j === 4 ? recovery * 3 : recovery;
          return {
            id: `${key}-i${j}`,
            service: `${key}-svc`,
            opened_at: new Date(at).toISOString(),
            resolved_at: new Date(at + Math.round(hours * H)).toISOString(),
            deployment_id: `${key}-d${j % successes}`,
          };
        });
  return { deployments, incidents };
}

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;
const boundaryKeys = BOUNDARY.map((_, i) => `b${String(i).padStart(2, '0')}`);
const randomKeys = Array.from({ length: 10 }, (_, i) => `r${String(i).padStart(2, '0')}`);

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-09-01T00:00:00Z') });
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  const teams = [...boundaryKeys, ...randomKeys, 'sparse'].map((key) => ({ key, name: key.toUpperCase() }));
  expect((await admin.post('/api/v1/teams', { teams })).status).toBe(200);
  const all = [
    ...BOUNDARY.map((b, i) => teamData(boundaryKeys[i], ...b)),
    ...randomKeys.map((key) =>
      teamData(
        key,
        1 + Math.floor(rand() * 70),
        Math.round(Math.exp(rand() * 9) * 100) / 100,
        Math.floor(rand() * 12),
        rand() < 0.2 ? null : Math.round(Math.exp(rand() * 7) * 100) / 100,
      ),
    ),
    {
      deployments: [
        { id: 'sparse-1', service: 'sparse-svc', team: 'sparse', finished_at: new Date(FROM + 12 * H).toISOString() },
      ],
      incidents: [],
    },
  ];
  const deployments = all.flatMap((t) => t.deployments);
  const incidents = all.flatMap((t) => t.incidents);
  expect((await ingest.post('/api/v1/deployments', { deployments })).status).toBe(200);
  expect((await ingest.post('/api/v1/incidents', { incidents })).status).toBe(200);
});
afterAll(() => srv.close());

const dora = async (query: string): Promise<Dora> => {
  const res = await viewer.get(`/api/v1/dora?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json as Dora;
};

describe('GET /api/v1/dora benchmark', () => {
  it('puts each boundary team in the bucket docs/metrics.md gives (lower bounds inclusive)', async () => {
    for (const [i, key] of boundaryKeys.entries()) {
      const d = await dora(`team=${key}&${WINDOW}`);
      const m = d.benchmark.metrics;
      expect(m.deployment_frequency.bucket, `${key} frequency`).toBe(FREQUENCY_BUCKETS[i]);
      if (i < BOUNDARY_BUCKETS.length) {
        expect(d.lead_time_hours.median, key).toBe(BOUNDARY[i][1]);
        expect(m.lead_time.bucket, `${key} lead`).toBe(BOUNDARY_BUCKETS[i]);
        expect(m.failed_deployment_recovery.bucket, `${key} recovery`).toBe(BOUNDARY_BUCKETS[i]);
      }
    }
    // Too few commits (4) and no deployment-caused incident: null with a reason, never a bucket.
    const few = (await dora(`team=b10&${WINDOW}`)).benchmark.metrics;
    expect(few.lead_time).toMatchObject({ bucket: null, score: null, percentile: null, n: 4 });
    expect(few.lead_time.reason).toMatch(/Too few commits/);
    expect(few.failed_deployment_recovery.reason).toMatch(/No resolved incident/);
    expect((await dora(`team=b11&${WINDOW}`)).benchmark.metrics.failed_deployment_recovery).toMatchObject({
      score: null,
      n: 3,
    });
  });

  it('places the 1/30 and 1/180 days frequency boundaries, and no deployment is null, not bucket 1', async () => {
    const at = (days: number) =>
      dora(`team=sparse&from=${new Date(FROM).toISOString()}&to=${new Date(FROM + days * 24 * H).toISOString()}`);
    expect((await at(30)).benchmark.metrics.deployment_frequency.bucket).toBe(3);
    expect((await at(31)).benchmark.metrics.deployment_frequency.bucket).toBe(2);
    expect((await at(180)).benchmark.metrics.deployment_frequency.bucket).toBe(2);
    expect((await at(181)).benchmark.metrics.deployment_frequency.bucket).toBe(1);
    const none = await dora(`team=sparse&from=2026-03-01&to=2026-04-01`);
    expect(none.benchmark.metrics.deployment_frequency).toMatchObject({ bucket: null, score: null, percentile: null });
    expect(none.benchmark.metrics.deployment_frequency.reason).toMatch(/No successful production deployments/);
    expect(none.benchmark.performance_average).toMatchObject({ score: null, percentile: null, metrics_used: [] });
  });

  it('scores every generated team exactly as the shipped data and the rules give, for each edition, industry and size', async () => {
    const settings: Array<[string, string, string | null]> = [
      ['2025', 'all', null],
      ['2025', 'technology', 'fewer_than_500'],
      ['2024', 'financial_services', 'fewer_than_020'],
      ['2025', 'government', 'more_than_9999'],
    ];
    for (const [edition, industry, size] of settings) {
      const put = await admin.put('/api/v1/definitions', {
        benchmark_edition: edition,
        benchmark_industry: industry,
        benchmark_org_size: size,
      });
      expect(put.status, put.text).toBe(200);
      for (const key of [...boundaryKeys, ...randomKeys, null]) {
        const d = await dora(`${key ? `team=${key}&` : ''}${WINDOW}`);
        check(d, DAYS, edition, industry, size, `${edition}/${industry}/${size} ${key ?? 'org'}`);
      }
    }
    expect((await dora(WINDOW)).benchmark.metrics.rework_rate).toBeDefined();
    await admin.put('/api/v1/definitions', {
      benchmark_edition: '2024',
      benchmark_industry: 'all',
      benchmark_org_size: null,
    });
    expect((await dora(WINDOW)).benchmark.metrics.rework_rate).toBeUndefined();
    await admin.put('/api/v1/definitions', {
      benchmark_edition: '2025',
      benchmark_industry: 'all',
      benchmark_org_size: null,
    });
  });

  it('answers CSV with the DORA row and one row per benchmark figure', async () => {
    const res = await viewer.get(`/api/v1/dora?team=b03&${WINDOW}&format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toContain('benchmark_percentile_approx');
    expect(lines.filter((l) => l.includes('DORA Quick Check'))).toHaveLength(6);
    expect(res.text).toContain('lead_time,4,,One day to one week,6,');
  });
});

describe('benchmark definitions', () => {
  it('default to 2025 / all / no size, and refuse what the data does not hold with a 422 naming the field', async () => {
    const defs = (await viewer.get('/api/v1/definitions')).json;
    expect(defs).toMatchObject({ benchmark_edition: '2025', benchmark_industry: 'all', benchmark_org_size: null });
    for (const [body, field] of [
      [{ benchmark_edition: '2023' }, 'benchmark_edition'],
      [{ benchmark_industry: 'space' }, 'benchmark_industry'],
      [{ benchmark_org_size: 'tiny' }, 'benchmark_org_size'],
      [{ benchmark_edition: '2024', benchmark_org_size: 'solo' }, 'benchmark_org_size'],
      [{ benchmark_industry: '' }, 'benchmark_industry'],
    ] as const) {
      const res = await admin.put('/api/v1/definitions', { ...body, tier_year: 2023 });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    // Nothing was stored half-written: the tier year sent beside a bad field did not change.
    expect((await viewer.get('/api/v1/definitions')).json).toMatchObject({
      tier_year: 2024,
      benchmark_edition: '2025',
    });
    const ok = await admin.put('/api/v1/definitions', { benchmark_edition: 2024, benchmark_org_size: '' });
    expect(ok.json).toMatchObject({ benchmark_edition: '2024', benchmark_org_size: null });
    await admin.put('/api/v1/definitions', { benchmark_edition: '2025' });
  });
});
