/**
 * A custom metric chosen as the delivery side of a survey association (`associate_with`): the org
 * page's Spearman rule over the teams where both sides are shown (the metric's hidden teams left
 * out), equal to an independent rank correlation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from './fixture.js';

const HOUR = 3_600_000;
function ranks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) out[order[k][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}
function pearson(a: number[], b: number[]) {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let num = 0;
  let da = 0;
  let db = 0;
  a.forEach((x, i) => {
    num += (x - ma) * (b[i] - mb);
    da += (x - ma) ** 2;
    db += (b[i] - mb) ** 2;
  });
  return num / Math.sqrt(da * db);
}

// Every request of team i (t01 … t12) takes (5i mod 11) + 2 hours.
const hoursOf = (i: number) => ((5 * i) % 11) + 2;
const favorability = (i: number) => Math.floor((6 + i) / 2) / (6 + i);
const keyOf = (i: number) => `t${String(i + 1).padStart(2, '0')}`;

let deps: Deps;
let srv: TestServer;
let org: any;
let metric: any;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date(NOW) });
  buildReportOrg(deps, { leafTeams: 12, tiny: true });
  srv = await startServer(deps);
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  const people = deps.db
    .prepare('SELECT p.email, t.key AS team FROM people p JOIN teams t ON t.id = p.team_id WHERE p.active = 1')
    .all() as Array<{ email: string; team: string }>;
  const events = people.flatMap((p, n) => {
    const i = Number(p.team.slice(1)) - 1;
    const hours = p.team === 'tiny' ? 50 : hoursOf(i);
    const start = Date.parse(NOW) - (10 + (n % 20)) * 24 * HOUR;
    const id = `req-${n}`;
    return [
      { name: 'env.requested', email: p.email, timestamp: new Date(start).toISOString(), metadata: { id } },
      { name: 'env.ready', email: p.email, timestamp: new Date(start + hours * HOUR).toISOString(), metadata: { id } },
    ];
  });
  const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  expect((await ingest.post('/api/v1/events', { events })).status).toBe(200);
  const put = await admin.put('/api/v1/definitions', {
    custom_metrics: [
      {
        key: 'env_ready',
        label: 'Environment provisioned',
        unit: 'hours',
        better: 'lower',
        kind: 'duration',
        start_event: 'env.requested',
        end_event: 'env.ready',
        match: 'id',
        associate_with: 'code_review',
      },
    ],
  });
  expect(put.status, put.text).toBe(200);
  const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  org = (await viewer.get('/api/v1/org')).json;
  metric = (await viewer.get('/api/v1/metrics/env_ready')).json;
});
afterAll(() => srv.close());

describe('custom metric × survey association', () => {
  it('ranks the teams where both sides are shown, like the other pairs', () => {
    const a = org.associations.find((x: any) => x.delivery === 'metric:env_ready');
    expect(a).toBeDefined();
    expect(a.survey).toBe('code_review');
    expect(a.delivery_label).toBe('Environment provisioned (hours)');
    const teams = Array.from({ length: 12 }, (_, i) => i).filter((i) => {
      const row = org.teams.find((t: any) => t.key === keyOf(i));
      const m = metric.by_team.find((t: any) => t.team === keyOf(i));
      return !row.suppressed && !m.suppressed;
    });
    expect(teams.length).toBeGreaterThanOrEqual(10);
    for (const i of teams) expect(metric.by_team.find((t: any) => t.team === keyOf(i)).median).toBe(hoursOf(i));
    expect(a.n).toBe(teams.length);
    const rho = pearson(ranks(teams.map(favorability)), ranks(teams.map(hoursOf)));
    expect(a.rho).toBeCloseTo(rho, 3);
    expect(a.statement).toContain('associated with Environment provisioned (hours)');
  });
});
