/**
 * Incident links you can see: explicit links, links inferred by incident_link_hours with their
 * reason, and change failure rate / failed deployment recovery over both, checked against an
 * independent computation from the raw records below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

interface Dep {
  id: string;
  service: string;
  finished_at: string;
  status?: 'success' | 'failure';
  environment?: string;
}
interface Inc {
  id: string;
  service?: string;
  team?: string;
  opened_at: string;
  resolved_at?: string;
  deployment_id?: string;
}

const DEPLOYS: Dep[] = [
  { id: 'a0', service: 'payments-api', finished_at: '2026-03-01T09:00:00.000Z' },
  { id: 'a1', service: 'payments-api', finished_at: '2026-03-02T10:00:00.000Z' },
  { id: 'a2', service: 'payments-api', finished_at: '2026-03-02T11:00:00.000Z' },
  { id: 'a3', service: 'payments-api', finished_at: '2026-03-02T13:00:00.000Z', status: 'failure' },
  { id: 'a4', service: 'payments-api', finished_at: '2026-03-02T14:00:00.000Z', environment: 'staging' },
  { id: 'b1', service: 'search-api', finished_at: '2026-03-01T00:00:00.000Z' },
];
const INCIDENTS: Inc[] = [
  // a2 is the latest successful production deployment before it (a3 failed, a4 is staging): 3.2 h.
  { id: 'i1', service: 'payments-api', opened_at: '2026-03-02T14:12:00.000Z', resolved_at: '2026-03-02T15:12:00.000Z' },
  // Also a2 (5 h before): a2 must still count once.
  { id: 'i2', service: 'payments-api', opened_at: '2026-03-02T16:00:00.000Z', resolved_at: '2026-03-02T18:00:00.000Z' },
  // b1 finished 36 h before: outside 24 h, no link.
  { id: 'i3', service: 'search-api', opened_at: '2026-03-02T12:00:00.000Z', resolved_at: '2026-03-02T12:30:00.000Z' },
  // Names a1: explicit, whatever the rule would infer.
  {
    id: 'i4',
    service: 'payments-api',
    opened_at: '2026-03-02T15:00:00.000Z',
    resolved_at: '2026-03-02T16:00:00.000Z',
    deployment_id: 'a1',
  },
  // No service: never inferred.
  { id: 'i5', team: 'payments', opened_at: '2026-03-02T15:30:00.000Z' },
];
const WINDOW = 'from=2026-03-01&to=2026-03-08';
const H = 3_600_000;

/** The rule of docs/metrics.md, computed directly from the records. */
function expected(deploys: Dep[], incidents: Inc[], hours: number | null) {
  const prod = deploys.filter((d) => (d.environment ?? 'production') === 'production');
  const links = new Map<string, { deployment: string | null; link: string | null; reason: string | null }>();
  for (const i of incidents) {
    if (i.deployment_id) {
      links.set(i.id, {
        deployment: i.deployment_id,
        link: 'explicit',
        reason: `named by the incident (deployment ${i.deployment_id})`,
      });
      continue;
    }
    const opened = Date.parse(i.opened_at);
    const candidates =
      hours === null || !i.service
        ? []
        : prod.filter(
            (d) =>
              d.service === i.service &&
              (d.status ?? 'success') === 'success' &&
              Date.parse(d.finished_at) <= opened &&
              opened - Date.parse(d.finished_at) <= hours * H,
          );
    candidates.sort((a, b) => Date.parse(b.finished_at) - Date.parse(a.finished_at));
    const d = candidates[0];
    links.set(
      i.id,
      d
        ? {
            deployment: d.id,
            link: 'inferred',
            reason: `latest production deployment of ${d.service}, ${Math.round(((opened - Date.parse(d.finished_at)) / H) * 10) / 10} h before`,
          }
        : { deployment: null, link: null, reason: null },
    );
  }
  const causing = new Set([...links.values()].map((l) => l.deployment).filter(Boolean));
  // Change failure rate of payments-api (the scope the test asks for).
  const payments = prod.filter((d) => d.service === 'payments-api');
  const failed = payments.filter((d) => (d.status ?? 'success') !== 'success' || causing.has(d.id)).length;
  const recovery = incidents
    .filter((i) => i.resolved_at && links.get(i.id)!.deployment)
    .map((i) => (Date.parse(i.resolved_at!) - Date.parse(i.opened_at)) / H)
    .sort((a, b) => a - b);
  const median = recovery.length
    ? recovery.length % 2
      ? recovery[(recovery.length - 1) / 2]
      : (recovery[recovery.length / 2 - 1] + recovery[recovery.length / 2]) / 2
    : null;
  return { links, failed, total: payments.length, recoveryMedian: median, recoveryN: recovery.length };
}

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;
let ingest: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-20T00:00:00Z') });
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  const teams = {
    teams: [
      { key: 'payments', name: 'Payments' },
      { key: 'search', name: 'Search' },
    ],
  };
  expect((await admin.post('/api/v1/teams', teams)).status).toBe(200);
  const deployments = DEPLOYS.map((d) => ({ ...d, team: d.service === 'search-api' ? 'search' : 'payments' }));
  expect((await ingest.post('/api/v1/deployments', { deployments })).status).toBe(200);
  expect((await ingest.post('/api/v1/incidents', { incidents: INCIDENTS })).status).toBe(200);
});
afterAll(() => srv.close());

async function check(deploys: Dep[], hours: number | null) {
  const want = expected(deploys, INCIDENTS, hours);
  const list = await viewer.get(`/api/v1/incidents?${WINDOW}`);
  expect(list.status, list.text).toBe(200);
  expect(list.json.incident_link_hours).toBe(hours);
  expect(list.json.incidents).toHaveLength(INCIDENTS.length);
  for (const i of list.json.incidents) {
    const w = want.links.get(i.id)!;
    expect({ id: i.id, d: i.deployment_id, link: i.link, reason: i.link_reason }).toEqual({
      id: i.id,
      d: w.deployment,
      link: w.link,
      reason: w.reason,
    });
  }
  const dora = (await viewer.get(`/api/v1/dora?service=payments-api&${WINDOW}`)).json;
  expect(dora.change_failure_rate.failed).toBe(want.failed);
  expect(dora.change_failure_rate.total).toBe(want.total);
  expect(dora.change_failure_rate.rate).toBeLessThanOrEqual(1);
  const fdr = (await viewer.get(`/api/v1/dora?${WINDOW}`)).json.failed_deployment_recovery_hours;
  expect(fdr.n).toBe(want.recoveryN);
  expect(fdr.median).toBe(want.recoveryMedian);
  return { list: list.json, want };
}

describe('incident links', () => {
  it('with incident_link_hours null (the default) only explicit links count', async () => {
    const { list, want } = await check(DEPLOYS, null);
    expect(list.incidents.find((i: any) => i.id === 'i4')).toMatchObject({ link: 'explicit', deployment_id: 'a1' });
    expect(list.incidents.find((i: any) => i.id === 'i1').link).toBeNull();
    expect(want.failed).toBe(2); // a3 failed, a1 named
  });

  it('with 24 h an inferred link says why, and a deployment two incidents point at counts once', async () => {
    const put = await admin.put('/api/v1/definitions', { incident_link_hours: 24 });
    expect(put.status, put.text).toBe(200);
    expect(put.json.incident_link_hours).toBe(24);
    const { list, want } = await check(DEPLOYS, 24);
    expect(list.incidents.find((i: any) => i.id === 'i1')).toMatchObject({
      deployment_id: 'a2',
      link: 'inferred',
      link_reason: 'latest production deployment of payments-api, 3.2 h before',
    });
    expect(list.incidents.find((i: any) => i.id === 'i2').deployment_id).toBe('a2');
    expect(list.incidents.find((i: any) => i.id === 'i3').link).toBeNull();
    expect(want.failed).toBe(3); // a1, a2 (once, for i1 and i2), a3 of payments-api's 4
    expect(want.total).toBe(4);
  });

  it('a deployment arriving later moves the inferred link, and the old one stops counting', async () => {
    const late: Dep = { id: 'a5', service: 'payments-api', finished_at: '2026-03-02T15:30:00.000Z' };
    const res = await ingest.post('/api/v1/deployments', { deployments: [{ ...late, team: 'payments' }] });
    expect(res.status, res.text).toBe(200);
    const { list } = await check([...DEPLOYS, late], 24);
    expect(list.incidents.find((i: any) => i.id === 'i2')).toMatchObject({
      deployment_id: 'a5',
      link_reason: 'latest production deployment of payments-api, 0.5 h before',
    });
  });

  it('answers CSV, filters by service, and a bad incident_link_hours is a 422 naming it', async () => {
    const csv = await viewer.get(`/api/v1/incidents?${WINDOW}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines[0]).toBe('id,service,team,opened_at,resolved_at,severity,deployment_id,link,link_reason');
    expect(lines).toHaveLength(INCIDENTS.length + 1);
    expect(csv.text).toContain('latest production deployment of payments-api');
    const search = await viewer.get(`/api/v1/incidents?service=search-api&${WINDOW}`);
    expect(search.json.incidents.map((i: any) => i.id)).toEqual(['i3']);
    for (const bad of [-1, 0, 'soon', 10_000]) {
      const r = await admin.put('/api/v1/definitions', { incident_link_hours: bad });
      expect(r.status).toBe(422);
      expect(r.json.error.details[0].field).toBe('incident_link_hours');
    }
    const off = await admin.put('/api/v1/definitions', { incident_link_hours: null });
    expect(off.json.incident_link_hours).toBeNull();
    await check([...DEPLOYS, { id: 'a5', service: 'payments-api', finished_at: '2026-03-02T15:30:00.000Z' }], null);
  });
});
