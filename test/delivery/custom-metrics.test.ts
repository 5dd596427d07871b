/**
 * The org's own metrics: a duration metric from platform events equals an independent computation
 * (start → the next end with the same metadata value), count and ratio rates, hidden teams below
 * k, and 422s naming the field of a bad definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const TEAMS: Record<string, number> = { payments: 7, search: 5, infra: 2 };
const FROM = '2026-03-01T00:00:00.000Z';
const TO = '2026-03-15T00:00:00.000Z';
const H = 3_600_000;

interface Ev {
  name: string;
  email: string;
  timestamp: string;
  metadata?: Record<string, unknown>;
}
const at = (day: number, hour: number) =>
  new Date(Date.UTC(2026, 2, day, hour, 0, 0) + (hour % 7) * 60_000).toISOString();

/** Every person asks for an environment; the platform answers most of them, some twice. */
function buildEvents(): Ev[] {
  const out: Ev[] = [];
  let r = 0;
  for (const [team, size] of Object.entries(TEAMS)) {
    for (let i = 0; i < size; i++) {
      const email = `${team}${i}@example.com`;
      r++;
      const id = `req-${r}`;
      const start = at(2 + (r % 10), 8 + (r % 5));
      // (The platform bot answers at distinct instants: the same name, identity and time is one event.)
      out.push({ name: 'env.requested', email, timestamp: start, metadata: { request_id: id } });
      if (r !== 6) {
        const hours = 0.5 + ((r * 7) % 13);
        out.push({
          name: 'env.ready',
          email: 'platform-bot@example.com',
          timestamp: new Date(Date.parse(start) + hours * H + r * 1000).toISOString(),
          metadata: { request_id: id },
        });
        // A second, later "ready" of the same request: the first one after the start counts.
        if (r % 4 === 0)
          out.push({
            name: 'env.ready',
            email: 'platform-bot@example.com',
            timestamp: new Date(Date.parse(start) + (hours + 5) * H + r * 1000).toISOString(),
            metadata: { request_id: id },
          });
      }
      out.push({ name: 'deploy.requested', email, timestamp: at(3 + (r % 9), 10) });
      if (r % 3 === 0) out.push({ name: 'deploy.requested', email, timestamp: at(4 + (r % 8), 11) });
      if (r % 2 === 0) out.push({ name: 'deploy.rolled_back', email, timestamp: at(5, 9 + (r % 8)) });
    }
  }
  // A "ready" before its request is not its end; a request outside the window is left out.
  out.push({
    name: 'env.ready',
    email: 'platform-bot@example.com',
    timestamp: at(1, 1),
    metadata: { request_id: 'req-3' },
  });
  out.push({
    name: 'env.requested',
    email: 'payments0@example.com',
    timestamp: '2026-02-20T10:00:00.000Z',
    metadata: { request_id: 'old' },
  });
  out.push({
    name: 'env.ready',
    email: 'platform-bot@example.com',
    timestamp: '2026-03-02T10:00:00.000Z',
    metadata: { request_id: 'old' },
  });
  return out;
}
const EVENTS = buildEvents();
const teamOf = (email: string) => Object.keys(TEAMS).find((t) => email.startsWith(t)) ?? null;

/** Independent: type-7 quantile over sorted hours. */
function q7(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}
const r2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);

function expectedDuration(teams: string[] | null) {
  const hours: number[] = [];
  for (const s of EVENTS) {
    if (s.name !== 'env.requested' || s.timestamp < FROM || s.timestamp >= TO) continue;
    const team = teamOf(s.email);
    if (!team || (teams && !teams.includes(team))) continue;
    const ends = EVENTS.filter(
      (e) => e.name === 'env.ready' && e.metadata?.request_id === s.metadata?.request_id && e.timestamp >= s.timestamp,
    ).map((e) => Date.parse(e.timestamp));
    if (!ends.length) continue;
    hours.push((Math.min(...ends) - Date.parse(s.timestamp)) / H);
  }
  hours.sort((a, b) => a - b);
  return { median: r2(q7(hours, 0.5)), p75: r2(q7(hours, 0.75)), n: hours.length };
}

const METRICS = [
  {
    key: 'env_ready',
    label: 'Environment provisioned',
    unit: 'hours',
    better: 'lower',
    kind: 'duration',
    start_event: 'env.requested',
    end_event: 'env.ready',
    match: 'request_id',
  },
  {
    key: 'deploy_asks',
    label: 'Deploy requests',
    unit: 'per developer-week',
    better: 'higher',
    kind: 'count',
    start_event: 'deploy.requested',
  },
  {
    key: 'rollback_share',
    label: 'Rollbacks per deploy request',
    unit: '',
    better: 'lower',
    kind: 'ratio',
    start_event: 'deploy.rolled_back',
    end_event: 'deploy.requested',
  },
];

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-20T00:00:00Z') });
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  const teams = [
    { key: 'eng', name: 'Engineering' },
    ...Object.keys(TEAMS).map((t) => ({ key: t, name: t, parent: 'eng' })),
  ];
  expect((await admin.post('/api/v1/teams', { teams })).status).toBe(200);
  const people = Object.entries(TEAMS).flatMap(([team, size]) =>
    Array.from({ length: size }, (_, i) => ({ email: `${team}${i}@example.com`, name: `${team} ${i}`, team })),
  );
  const p = await admin.post('/api/v1/people', { people });
  expect(p.status, p.text).toBe(200);
  const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  const e = await ingest.post('/api/v1/events', { events: EVENTS });
  expect(e.status, e.text).toBe(200);
  const put = await admin.put('/api/v1/definitions', { custom_metrics: METRICS });
  expect(put.status, put.text).toBe(200);
});
afterAll(() => srv.close());

const metric = async (key: string, query = '') => {
  const res = await viewer.get(`/api/v1/metrics/${key}?from=${FROM}&to=${TO}${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json;
};

describe('GET /api/v1/metrics/:key', () => {
  it('a duration metric equals an independent computation, for the org and a team', async () => {
    const org = await metric('env_ready');
    expect(org).toMatchObject({
      key: 'env_ready',
      label: 'Environment provisioned',
      kind: 'duration',
      suppressed: false,
    });
    const want = expectedDuration(null);
    expect(want.n).toBeGreaterThan(8);
    expect({ median: org.median, p75: org.p75, n: org.n }).toEqual(want);
    const payments = await metric('env_ready', '&team=payments');
    expect({ median: payments.median, p75: payments.p75, n: payments.n }).toEqual(expectedDuration(['payments']));
    const row = org.by_team.find((t: any) => t.team === 'payments');
    expect({ median: row.median, n: row.n }).toEqual({ median: payments.median, n: payments.n });
  });

  it('hides teams below k (and a sibling that would give them away) through the privacy engine', async () => {
    const org = await metric('env_ready');
    const infra = org.by_team.find((t: any) => t.team === 'infra');
    expect(infra).toMatchObject({
      suppressed: true,
      median: null,
      n: null,
      suppressed_reason: 'fewer than 5 respondents',
    });
    // infra (2) + the next smallest (search) together hold at least k, so neither is org − payments.
    expect(org.by_team.find((t: any) => t.team === 'search')).toMatchObject({ suppressed: true, median: null });
    expect((await metric('env_ready', '&team=infra')).median).toBeNull();
  });

  it('count is events per developer-week and ratio events over events', async () => {
    const weeks = 2;
    const inWindow = (name: string) => EVENTS.filter((e) => e.name === name && e.timestamp >= FROM && e.timestamp < TO);
    const people = Object.values(TEAMS).reduce((a, b) => a + b, 0);
    const count = await metric('deploy_asks');
    expect(count.rate).toBe(Math.round((inWindow('deploy.requested').length / (people * weeks)) * 1000) / 1000);
    expect(count.n).toBe(inWindow('deploy.requested').length);
    const ratio = await metric('rollback_share');
    expect(ratio.rate).toBe(
      Math.round((inWindow('deploy.rolled_back').length / inWindow('deploy.requested').length) * 1000) / 1000,
    );
  });

  it('answers CSV and 404 for an unknown key', async () => {
    const csv = await viewer.get(`/api/v1/metrics/env_ready?from=${FROM}&to=${TO}&format=csv`);
    expect(csv.status).toBe(200);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('key,label,unit,kind,team,from,to,median,p75,n,rate,suppressed');
    expect(lines[1].startsWith('env_ready,Environment provisioned,hours,duration,all,')).toBe(true);
    expect(lines).toHaveLength(2 + 4);
    const missing = await viewer.get('/api/v1/metrics/nope');
    expect(missing.status).toBe(404);
  });
});

describe('custom_metrics definitions', () => {
  const bad = async (custom_metrics: unknown, field: string) => {
    const r = await admin.put('/api/v1/definitions', { custom_metrics });
    expect(r.status, r.text).toBe(422);
    expect(r.json.error.details.map((d: any) => d.field)).toContain(field);
  };
  it('a bad definition is a 422 naming the field, and nothing changes', async () => {
    const duration = METRICS[0];
    await bad([{ ...duration, end_event: undefined }], 'custom_metrics.0.end_event');
    await bad([{ ...duration, match: null }], 'custom_metrics.0.match');
    await bad([METRICS[1], { ...duration, kind: 'median' }], 'custom_metrics.1.kind');
    await bad([{ ...duration, key: 'Env Ready' }], 'custom_metrics.0.key');
    await bad([duration, { ...METRICS[1], key: 'env_ready' }], 'custom_metrics.1.key');
    await bad([{ ...duration, better: 'more' }], 'custom_metrics.0.better');
    await bad([{ ...METRICS[2], end_event: '' }], 'custom_metrics.0.end_event');
    const defs = (await viewer.get('/api/v1/definitions')).json;
    expect(defs.custom_metrics.map((m: any) => m.key)).toEqual(['env_ready', 'deploy_asks', 'rollback_share']);
  });
});
