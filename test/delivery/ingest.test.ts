import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
let ingest: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;
const count = (table: string) => deps.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

beforeAll(async () => {
  deps = makeDeps();
  srv = await startServer(deps);
  ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  await apiClient(srv.base, tokenFor(deps, 'admin')).post('/api/v1/teams', {
    teams: [
      { key: 'core', name: 'Core' },
      { key: 'ops', name: 'Ops' },
    ],
  });
});
afterAll(() => srv.close());

describe('POST /api/v1/deployments', () => {
  it('rejects a batch with one bad item whole (422 per item and field), storing nothing', async () => {
    const res = await ingest.post('/api/v1/deployments', {
      deployments: [
        { id: 'ok-1', service: 'api', team: 'core', finished_at: '2026-03-01T10:00:00Z' },
        { id: 'bad-1', service: 'api', finished_at: 'yesterday', status: 'exploded' },
        { id: 'bad-2', service: 'api', team: 'nope', finished_at: '2026-03-01T10:00:00Z' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'finished_at' }),
        expect.objectContaining({ index: 1, field: 'status' }),
      ]),
    );
    expect(count('deployments') + count('commits')).toBe(0);
    const team = await ingest.post('/api/v1/deployments', {
      id: 'x',
      service: 'api',
      team: 'nope',
      finished_at: '2026-03-01T10:00:00Z',
    });
    expect(team.status).toBe(422);
    expect(team.json.error.details[0]).toMatchObject({ index: 0, field: 'team' });
    expect(count('services')).toBe(0);
  });

  it('needs a team for an unknown service, creates it for a known team, then uses its owner', async () => {
    const unknown = await ingest.post('/api/v1/deployments', {
      id: 'a',
      service: 'billing',
      finished_at: '2026-03-01T10:00:00Z',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.details[0].field).toBe('service');
    expect(
      (
        await ingest.post('/api/v1/deployments', {
          id: 'a',
          service: 'billing',
          team: 'ops',
          finished_at: '2026-03-01T10:00:00Z',
        })
      ).json,
    ).toEqual({ accepted: 1, duplicates: 0 });
    expect(
      (await ingest.post('/api/v1/deployments', { id: 'b', service: 'billing', finished_at: '2026-03-01T11:00:00Z' }))
        .status,
    ).toBe(200);
    const teams = deps.db
      .prepare('SELECT t.key FROM deployments d JOIN teams t ON t.id = d.team_id ORDER BY d.id')
      .pluck()
      .all();
    expect(teams).toEqual(['ops', 'ops']);
  });

  it('counts a repeated id inside a batch as a duplicate and stores it once (last wins)', async () => {
    const res = await ingest.post('/api/v1/deployments', {
      deployments: [
        { id: 'r', service: 'billing', finished_at: '2026-03-02T10:00:00Z', status: 'failure' },
        { id: 'r', service: 'billing', finished_at: '2026-03-02T10:00:00Z', status: 'success' },
      ],
    });
    expect(res.json).toEqual({ accepted: 2, duplicates: 1 });
    expect(deps.db.prepare("SELECT status FROM deployments WHERE external_id = 'r'").all()).toEqual([
      { status: 'success' },
    ]);
  });

  it('rejects more than 10,000 items and answers 401/403 for missing or wrong roles', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({
      id: `m${i}`,
      service: 'billing',
      finished_at: '2026-03-01T10:00:00Z',
    }));
    expect((await ingest.post('/api/v1/deployments', { deployments: many })).status).toBe(422);
    expect(
      (await viewer.post('/api/v1/deployments', { id: 'v', service: 'billing', finished_at: '2026-03-01T10:00:00Z' }))
        .status,
    ).toBe(403);
    expect((await apiClient(srv.base).post('/api/v1/deployments', {})).status).toBe(401);
  });
});

describe('POST /api/v1/incidents and /api/v1/costs', () => {
  it('validates incidents (service or team, resolved after opened) and is idempotent', async () => {
    const bad = await ingest.post('/api/v1/incidents', {
      incidents: [
        { id: 'i1', opened_at: '2026-03-01T10:00:00Z' },
        { id: 'i2', team: 'core', opened_at: '2026-03-01T10:00:00Z', resolved_at: '2026-03-01T09:00:00Z' },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: any) => [d.index, d.field])).toEqual([
      [0, 'service'],
      [1, 'resolved_at'],
    ]);
    const body = {
      id: 'i1',
      service: 'billing',
      opened_at: '2026-03-01T10:00:00Z',
      deployment_id: 'a',
      reason: 'config',
    };
    expect((await ingest.post('/api/v1/incidents', body)).json).toEqual({ accepted: 1, duplicates: 0 });
    expect((await ingest.post('/api/v1/incidents', { ...body, resolved_at: '2026-03-01T12:00:00Z' })).json).toEqual({
      accepted: 1,
      duplicates: 1,
    });
    expect(count('incidents')).toBe(1);
    expect(
      deps.db.prepare("SELECT caused_incident, incident_reason FROM deployments WHERE external_id = 'a'").get(),
    ).toEqual({ caused_incident: 1, incident_reason: 'config' });
    // Moving the incident to another deployment releases the first one.
    await ingest.post('/api/v1/incidents', { ...body, deployment_id: 'b' });
    expect(
      deps.db
        .prepare("SELECT external_id, caused_incident FROM deployments WHERE external_id IN ('a','b') ORDER BY 1")
        .all(),
    ).toEqual([
      { external_id: 'a', caused_incident: 0 },
      { external_id: 'b', caused_incident: 1 },
    ]);
  });

  it('stores daily costs idempotently by team, date and namespace, and reports idle cost and cost per deployment', async () => {
    const costs = {
      costs: [
        {
          date: '2026-03-01',
          team: 'ops',
          cost: 100,
          cpu_requested: 10,
          cpu_used: 4,
          memory_requested_gb: 20,
          memory_used_gb: 10,
        },
        // Over-used: utilization above 1 never makes idle cost negative.
        { date: '2026-03-02', team: 'ops', cost: 50, cpu_requested: 2, cpu_used: 3 },
        { date: '2026-03-02', team: 'core', cost: 30, namespace: 'batch' },
      ],
    };
    expect((await ingest.post('/api/v1/costs', costs)).json).toEqual({ accepted: 3, duplicates: 0 });
    expect((await ingest.post('/api/v1/costs', costs)).json).toEqual({ accepted: 3, duplicates: 3 });
    expect(
      (await ingest.post('/api/v1/costs', { date: '2026-02-30', team: 'ops', cost: -1 })).json.error.details.map(
        (d: any) => d.field,
      ),
    ).toEqual(['date', 'cost']);
    const r = (await viewer.get('/api/v1/costs?from=2026-03-01&to=2026-03-03')).json;
    // ops: day 1 utilization (0.4 + 0.5) / 2 = 0.45 → idle 55; day 2 utilization 1.5 → idle 0. core: unknown utilization.
    expect(r).toMatchObject({ cost: 180, idle_cost: 55, days: 2, n: 3, successful_deployments: 3 });
    expect(r.cost_per_successful_deployment).toBe(60);
    const ops = r.teams.find((t: any) => t.team === 'ops');
    expect(ops).toMatchObject({
      cost: 150,
      idle_cost: 55,
      successful_deployments: 3,
      cost_per_successful_deployment: 50,
    });
    expect(ops.utilization).toEqual({ cpu: 0.583, memory: 0.5 });
    expect((await viewer.get('/api/v1/costs?team=core&from=2026-03-01&to=2026-03-03')).json).toMatchObject({
      cost: 30,
      idle_cost: 0,
      cost_per_successful_deployment: null,
    });
    const csv = await viewer.get('/api/v1/costs?from=2026-03-01&to=2026-03-03&format=csv');
    expect(csv.text.split('\n')[0]).toContain('idle_cost');
  });
});
