import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEPLOYMENTS, INCIDENTS, TEAMS, WINDOW } from './fixture.js';

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
  expect((await admin.post('/api/v1/teams', TEAMS)).status).toBe(200);
  expect((await ingest.post('/api/v1/deployments', DEPLOYMENTS)).json).toEqual({ accepted: 10, duplicates: 0 });
  expect((await ingest.post('/api/v1/incidents', INCIDENTS)).json).toEqual({ accepted: 5, duplicates: 0 });
});
afterAll(() => srv.close());

const dora = async (query: string) => {
  const res = await viewer.get(`/api/v1/dora?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.json;
};

describe('GET /api/v1/dora on the hand-computed fixture', () => {
  it('computes every payments metric as metrics.md defines it', async () => {
    const r = await dora(`team=payments&${WINDOW}`);
    expect(r.scope).toEqual({
      team: 'payments',
      service: null,
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-15T00:00:00.000Z',
    });
    // d1, d3, d4, d7 succeed in production; d6 is staging, d8 before the window, d9 exactly at `to`.
    expect(r.deployment_frequency).toMatchObject({ deployments: 4, per_week: 2, versions: 3, class: 'weekly' });
    // c1 24 h (once, at d1), c2 2 h, c3 3 h (at d3, d2 failed), c4 6 h, c5 145 h (staging d6 ignored); c6 ≤ 0 dropped.
    expect(r.lead_time_hours).toEqual({ median: 6, p75: 24, p90: 96.6, n: 5 });
    // d2 failure, d4 incident-linked success, d5 rolled back; out of 6 production deployments.
    expect(r.change_failure_rate).toEqual({
      rate: 0.5,
      failed: 3,
      total: 6,
      by_reason: [
        { reason: 'flaky tests', count: 2, share: 0.667 },
        { reason: 'config', count: 1, share: 0.333 },
      ],
    });
    // i1 2.5 h, i2 10 h, i5 1 h; i3 unresolved and i4 before the window are left out.
    expect(r.time_to_restore_hours).toEqual({ median: 2.5, p90: 8.5, n: 3 });
    expect(r.failed_deployment_recovery_hours).toEqual({ median: 1.75, p90: 2.35, n: 2 });
    // d3 and d4 follow failed d2 within 24 h; d7 is unplanned.
    expect(r.rework_rate).toBe(0.5);
    // No tier from fewer than five events: 4 deployments, 3 incidents and 2 deployment-caused
    // incidents are too few; 5 lead-time commits (median 6 h) and 6 deployments (50 % failed) are rated.
    expect(r.tiers).toEqual({
      year: 2024,
      deployment_frequency: null,
      lead_time: 'elite',
      change_failure_rate: 'low',
      time_to_restore: null,
      failed_deployment_recovery: null,
      too_few: ['deployment_frequency', 'time_to_restore', 'failed_deployment_recovery'],
    });
    expect(r.definitions).toMatchObject({
      production_environment: 'production',
      tier_year: 2024,
      headline: 'deployments',
    });
  });

  it('a parent team covers its subtree; a service scope covers the service', async () => {
    const eng = await dora(`team=eng&${WINDOW}`);
    expect(eng.deployment_frequency.deployments).toBe(5);
    expect(eng.lead_time_hours).toMatchObject({ median: 8, n: 6 });
    const org = await dora(WINDOW);
    expect(org.scope.team).toBeNull();
    expect(org.change_failure_rate.total).toBe(7);
    const svc = await dora(`service=search-api&${WINDOW}`);
    expect(svc.deployment_frequency.deployments).toBe(1);
    expect(svc.lead_time_hours).toEqual({ median: 10, p75: 10, p90: 10, n: 1 });
  });

  it('answers CSV with the same content, and 422 naming the field for unknown team or bad dates', async () => {
    const csv = await viewer.get(`/api/v1/dora?team=payments&${WINDOW}&format=csv`);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('lead_time_median_hours');
    expect(csv.text).toContain('flaky tests: 2; config: 1');
    const bad = await viewer.get('/api/v1/dora?team=nope');
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].field).toBe('team');
    expect((await viewer.get('/api/v1/dora?from=yesterday')).json.error.details[0].field).toBe('from');
  });

  it('re-ingesting is idempotent and updates changed fields', async () => {
    expect((await ingest.post('/api/v1/deployments', DEPLOYMENTS)).json).toEqual({ accepted: 10, duplicates: 10 });
    expect((await ingest.post('/api/v1/incidents', INCIDENTS)).json).toEqual({ accepted: 5, duplicates: 5 });
    const r = await dora(`team=payments&${WINDOW}`);
    expect(r.change_failure_rate.total).toBe(6);
    expect(r.lead_time_hours.n).toBe(5);
    // d5 becomes a success: c5 is now first deployed at d5 (1 h), and d5 is no longer a failure.
    await ingest.post('/api/v1/deployments', { ...DEPLOYMENTS.deployments[4], status: 'success' });
    const changed = await dora(`team=payments&${WINDOW}`);
    expect(changed.lead_time_hours).toEqual({ median: 3, p75: 6, p90: 16.8, n: 5 });
    expect(changed.change_failure_rate.failed).toBe(2);
    await ingest.post('/api/v1/deployments', DEPLOYMENTS.deployments[4]);
    expect((await dora(`team=payments&${WINDOW}`)).lead_time_hours.p90).toBe(96.6);
    expect(deps.db.prepare("SELECT author FROM deployments WHERE external_id = 'd7'").pluck().get()).toBe(
      'dev@acme.example',
    );
  });
});

describe('definitions change the output', () => {
  it('labels, versions headline, aliases, tier year and the production environment', async () => {
    await ingest.post('/api/v1/deployments', {
      id: 'd10',
      service: 'payments-api',
      finished_at: '2026-03-11T09:00:00Z',
      status: 'failure',
      failure_reason: 'flaky-pipeline',
    });
    const before = await dora(`team=payments&${WINDOW}`);
    expect(before.change_failure_rate.by_reason.map((b: { reason: string }) => b.reason)).toEqual([
      'flaky tests',
      'config',
      'flaky-pipeline',
    ]);

    const put = await admin.put('/api/v1/definitions', {
      labels: { versions: 'Version release time' },
      headline: 'versions',
      tier_year: 2023,
      failure_reasons: [{ reason: 'Flaky tests', aliases: ['flaky-pipeline', 'Flaky pipeline'] }],
    });
    expect(put.status, put.text).toBe(200);
    const after = await dora(`team=payments&${WINDOW}`);
    expect(after.definitions.labels.versions).toBe('Version release time');
    expect(after.deployment_frequency).toMatchObject({ counting: 'versions', per_week: 1.5, versions: 3 });
    expect(after.change_failure_rate.by_reason[0]).toEqual({ reason: 'flaky tests', count: 3, share: 0.75 });
    expect(after.tiers.year).toBe(2023);

    // Staging becomes "production": d6 is the only success there and ships c5 (2 h).
    await admin.put('/api/v1/definitions', { production_environment: 'staging', headline: 'deployments' });
    const staging = await dora(`team=payments&${WINDOW}`);
    expect(staging.deployment_frequency.deployments).toBe(1);
    expect(staging.lead_time_hours).toEqual({ median: 2, p75: 2, p90: 2, n: 1 });
    expect(staging.definitions.production_environment).toBe('staging');
    await admin.put('/api/v1/definitions', { production_environment: 'production' });
    expect((await dora(`team=payments&${WINDOW}`)).lead_time_hours.p90).toBe(96.6);
  });

  it('rejects bad definitions naming the field, and only admins may change them', async () => {
    const bad = await admin.put('/api/v1/definitions', { headline: 'commits', deploy_workflow_pattern: '(' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'deploy_workflow_pattern',
      'headline',
    ]);
    expect((await viewer.put('/api/v1/definitions', { headline: 'versions' })).status).toBe(403);
    expect((await viewer.get('/api/v1/definitions')).json.labels.versions).toBe('Version release time');
  });
});
