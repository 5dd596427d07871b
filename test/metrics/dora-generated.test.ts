/**
 * Done-when check: on a generated six-month data set (~2,500 deployments, ~75 incidents) the
 * pinned DORA JSON of every team equals a straightforward computation of metrics.md written here
 * from the text, sharing no code with the service (only the data generator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SERVICES, DEMO_TEAMS } from '../../src/demo/org.js';
import { generateDeliveryDemo } from '../../src/demo/delivery.js';
import { seededRandom } from '../../src/demo/seed.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const TODAY = new Date('2026-03-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const data = generateDeliveryDemo(seededRandom(7), TODAY);
const TAXONOMY = [{ reason: 'Flaky tests', aliases: ['flaky-tests', 'Flaky test'] }];
let srv: TestServer;
let viewer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  const deps = makeDeps({ now: () => TODAY });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  await admin.post('/api/v1/teams', { teams: DEMO_TEAMS });
  await admin.post('/api/v1/services', { services: DEMO_SERVICES });
  await admin.put('/api/v1/definitions', { failure_reasons: TAXONOMY });
  const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  // Incidents first: links to deployments that arrive later must still count.
  expect((await ingest.post('/api/v1/incidents', { incidents: data.incidents })).status).toBe(200);
  expect((await ingest.post('/api/v1/deployments', { deployments: data.deployments })).status).toBe(200);
});
afterAll(() => srv.close());

// ---- The independent computation --------------------------------------------------------------
type Dep = {
  id: string;
  service: string;
  team: string;
  environment: string;
  status: string;
  version?: string;
  finished: number;
  failure_reason?: string;
  unplanned?: boolean;
  commits: Array<{ sha: string; committed_at: string }>;
};
const deployments: Dep[] = data.deployments.map((d: any) => ({
  ...d,
  environment: d.environment ?? 'production',
  status: d.status ?? 'success',
  finished: Date.parse(d.finished_at),
  commits: d.commits ?? [],
}));
const serviceTeam = new Map(DEMO_SERVICES.map((s) => [s.name, s.team]));
const incidents = data.incidents.map((i: any) => ({
  ...i,
  team: i.team ?? serviceTeam.get(i.service),
  opened: Date.parse(i.opened_at),
  resolved: i.resolved_at ? Date.parse(i.resolved_at) : null,
}));

function type7(values: number[], q: number): number | null {
  const x = [...values].sort((a, b) => a - b);
  if (!x.length) return null;
  const h = (x.length - 1) * q;
  const f = Math.floor(h);
  return f + 1 < x.length ? x[f] + (h - f) * (x[f + 1] - x[f]) : x[f];
}
const r2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const r3 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
const canonical = (reason: string | undefined) => {
  const r = (reason ?? '').trim().toLowerCase();
  if (!r) return 'unspecified';
  const entry = TAXONOMY.find((t) => [t.reason, ...t.aliases].some((a) => a.trim().toLowerCase() === r));
  return entry ? entry.reason.toLowerCase() : r;
};

function expected(teams: Set<string> | null, from: Date, to: Date) {
  const inScope = (team: string) => !teams || teams.has(team);
  const inWindow = (t: number) => t >= from.getTime() && t < to.getTime();
  const production = deployments.filter((d) => d.environment === 'production');
  const causing = new Map<string, any[]>();
  for (const i of incidents)
    if (i.deployment_id) causing.set(i.deployment_id, [...(causing.get(i.deployment_id) ?? []), i]);
  const isFailed = (d: Dep) => d.status !== 'success' || causing.has(d.id);
  const window = production.filter((d) => inScope(d.team) && inWindow(d.finished));
  const successes = window.filter((d) => d.status === 'success');
  const versions = new Set(successes.map((d) => (d.version ? `${d.service}|${d.version}` : `#${d.id}`)));

  // Frequency class (Four Keys): 7-day weeks / 30-day months from the UTC day of `from`, complete blocks.
  const dayCounts = new Map<string, number>();
  for (const d of successes)
    dayCounts.set(
      new Date(d.finished).toISOString().slice(0, 10),
      (dayCounts.get(new Date(d.finished).toISOString().slice(0, 10)) ?? 0) + 1,
    );
  const origin = Math.floor(from.getTime() / DAY) * DAY;
  const blocks = (size: number) => {
    const n = Math.max(1, Math.floor((to.getTime() - origin) / (size * DAY)));
    const out = new Array(n).fill(0);
    for (const day of dayCounts.keys()) {
      const b = Math.floor((Date.parse(day) - origin) / (size * DAY));
      if (b >= 0 && b < n) out[b]++;
    }
    return out;
  };
  let cls: string | null = null;
  if (dayCounts.size) {
    const week = type7(blocks(7), 0.5)!;
    const perDay = type7([...dayCounts.values()], 0.5)!;
    cls =
      week >= 5 && perDay >= 2
        ? 'on_demand'
        : week >= 3
          ? 'daily'
          : week >= 1
            ? 'weekly'
            : type7(blocks(30), 0.5)! >= 1
              ? 'monthly'
              : 'yearly';
  }

  // Lead time: each commit once, at its first successful production deployment over all history.
  const first = new Map<string, { d: Dep; committed: number }>();
  for (const d of production) {
    if (d.status !== 'success') continue;
    for (const c of d.commits) {
      const seen = first.get(c.sha);
      if (!seen || d.finished < seen.d.finished) first.set(c.sha, { d, committed: Date.parse(c.committed_at) });
    }
  }
  const leads = [...first.values()]
    .filter(({ d }) => inScope(d.team) && inWindow(d.finished))
    .map(({ d, committed }) => (d.finished - committed) / HOUR)
    .filter((h) => h > 0);

  // Change failure rate and reasons.
  const failed = window.filter(isFailed);
  const reasons = new Map<string, number>();
  for (const d of failed) {
    const own = d.failure_reason?.trim();
    const fromIncident = (causing.get(d.id) ?? [])
      .filter((i) => i.reason?.trim())
      .sort((a, b) => a.opened - b.opened)[0]?.reason;
    const r = canonical(own || fromIncident);
    reasons.set(r, (reasons.get(r) ?? 0) + 1);
  }
  const byReason = [...reasons]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([reason, count]) => ({ reason, count, share: r3(count / failed.length) }));

  // Restore: incidents opened in the window and resolved.
  const resolved = incidents.filter((i) => inScope(i.team) && inWindow(i.opened) && i.resolved !== null);
  const hours = (list: typeof resolved) => list.map((i) => (i.resolved! - i.opened) / HOUR);
  const ttr = hours(resolved);
  const fdr = hours(resolved.filter((i) => i.deployment_id));

  // Rework: unplanned, or a success ≤ 24 h after a failed production deployment of the same service.
  const failedByService = new Map<string, number[]>();
  for (const p of production)
    if (isFailed(p)) failedByService.set(p.service, [...(failedByService.get(p.service) ?? []), p.finished]);
  const rework = window.filter(
    (d) =>
      d.unplanned ||
      (d.status === 'success' &&
        (failedByService.get(d.service) ?? []).some((t) => t < d.finished && d.finished - t <= DAY)),
  );

  const leadMedian = type7(leads, 0.5);
  return {
    deployment_frequency: {
      deployments: successes.length,
      per_week: r2(successes.length / ((to.getTime() - from.getTime()) / DAY / 7)),
      versions: versions.size,
      class: cls,
    },
    lead_time_hours: {
      median: r2(leadMedian),
      p75: r2(type7(leads, 0.75)),
      p90: r2(type7(leads, 0.9)),
      n: leads.length,
    },
    change_failure_rate: {
      rate: window.length ? r3(failed.length / window.length) : null,
      failed: failed.length,
      total: window.length,
      by_reason: byReason,
    },
    time_to_restore_hours: { median: r2(type7(ttr, 0.5)), p90: r2(type7(ttr, 0.9)), n: ttr.length },
    failed_deployment_recovery_hours: { median: r2(type7(fdr, 0.5)), p90: r2(type7(fdr, 0.9)), n: fdr.length },
    rework_rate: window.length ? r3(rework.length / window.length) : null,
    // 2024 thresholds from metrics.md: lead time < 1 day elite, < 1 week high, < 1 month medium, else low.
    // No tier from fewer than five commits.
    lead_tier:
      leadMedian === null || leads.length < 5
        ? null
        : leadMedian < 24
          ? 'elite'
          : leadMedian < 168
            ? 'high'
            : leadMedian < 720
              ? 'medium'
              : 'low',
  };
}

const closeHours = (actual: any, want: any) => {
  for (const k of Object.keys(want)) {
    if (want[k] === null || k === 'n') expect(actual[k], k).toBe(want[k]);
    else expect(Math.abs(actual[k] - want[k]), k).toBeLessThanOrEqual(0.011);
  }
};

const subtree = (key: string) => {
  const out = new Set([key]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of DEMO_TEAMS)
      if (t.parent && out.has(t.parent) && !out.has(t.key)) {
        out.add(t.key);
        grew = true;
      }
  }
  return out;
};

describe('DORA on a generated six-month data set equals an independent computation of metrics.md', () => {
  it('has the size the issue asks for', () => {
    expect(data.deployments.length).toBeGreaterThan(2300);
    expect(data.deployments.length).toBeLessThan(2800);
    expect(data.incidents.length).toBeGreaterThan(55);
    expect(data.incidents.length).toBeLessThan(100);
  });

  const windows: Array<[string, Date, Date]> = [
    ['six months', new Date(TODAY.getTime() - 182 * DAY), TODAY],
    [
      'a mid-day 30-day window',
      new Date(TODAY.getTime() - 75 * DAY + 6 * HOUR),
      new Date(TODAY.getTime() - 45 * DAY + 6 * HOUR),
    ],
  ];
  const scopes = [...DEMO_TEAMS.map((t) => t.key), null];
  for (const [name, from, to] of windows) {
    it(`matches for every team, parent team and the org over ${name}`, async () => {
      for (const team of scopes) {
        const res = await viewer.get(
          `/api/v1/dora?${team ? `team=${team}&` : ''}from=${from.toISOString()}&to=${to.toISOString()}`,
        );
        expect(res.status).toBe(200);
        const got = res.json;
        const want = expected(team ? subtree(team) : null, from, to);
        expect(got.scope).toEqual({ team, service: null, from: from.toISOString(), to: to.toISOString() });
        expect({ ...got.deployment_frequency, counting: undefined }, `${team}`).toEqual({
          ...want.deployment_frequency,
          counting: undefined,
        });
        closeHours(got.lead_time_hours, want.lead_time_hours);
        expect(got.change_failure_rate, `${team}`).toEqual(want.change_failure_rate);
        closeHours(got.time_to_restore_hours, want.time_to_restore_hours);
        closeHours(got.failed_deployment_recovery_hours, want.failed_deployment_recovery_hours);
        expect(got.rework_rate, `${team}`).toBe(want.rework_rate);
        expect(got.tiers.year).toBe(2024);
        expect(got.tiers.lead_time).toBe(want.lead_tier);
        expect(got.definitions.failure_reasons).toEqual(TAXONOMY);
      }
    });
  }

  it('tells the demo story: payments and checkout have long lead times, payments fails on flaky tests', async () => {
    const q = `from=${new Date(TODAY.getTime() - 182 * DAY).toISOString()}&to=${TODAY.toISOString()}`;
    const [payments, checkout, platform] = await Promise.all(
      ['payments', 'checkout', 'platform'].map(async (t) => (await viewer.get(`/api/v1/dora?team=${t}&${q}`)).json),
    );
    expect(payments.lead_time_hours.median).toBeGreaterThan(3 * platform.lead_time_hours.median);
    expect(checkout.lead_time_hours.median).toBeGreaterThan(3 * platform.lead_time_hours.median);
    expect(payments.change_failure_rate.by_reason[0].reason).toBe('flaky tests');
    expect(platform.deployment_frequency.deployments).toBeGreaterThan(2 * payments.deployment_frequency.deployments);
  });
});
