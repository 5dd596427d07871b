import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;
let viewer: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-04-06T00:00:00Z') });
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
  await admin.post('/api/v1/teams', {
    teams: [
      { key: 'eng', name: 'Eng' },
      { key: 'web', name: 'Web', parent: 'eng' },
    ],
  });
  // Around the Berlin DST change (2026-03-29): 08:30 UTC is 09:30 CET before, 10:30 CEST after.
  await admin.post('/api/v1/deployments', {
    deployments: [
      { id: 'a', service: 'site', team: 'web', finished_at: '2026-03-23T07:30:00Z' }, // Mon 08:30 CET: outside
      { id: 'b', service: 'site', finished_at: '2026-03-24T08:30:00Z' }, // Tue 09:30 CET: inside
      { id: 'c', service: 'site', finished_at: '2026-03-30T07:30:00Z' }, // Mon 09:30 CEST: inside
      { id: 'd', service: 'site', finished_at: '2026-03-31T14:30:00Z', status: 'failure' }, // Tue 16:30 CEST: outside
      { id: 'e', service: 'site', finished_at: '2026-04-04T10:00:00Z' }, // Saturday: outside
    ],
  });
});
afterAll(() => srv.close());

describe('deployment windows API', () => {
  it('creates windows (422 naming fields), lists them and reports adherence across the DST change', async () => {
    const bad = await admin.post('/api/v1/windows', {
      team: 'web',
      weekdays: ['mon', 'funday'],
      start: '9am',
      end: '16:00',
      timezone: 'Europe/Nowhere',
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: any) => d.field).sort()).toEqual(['start', 'timezone', 'weekdays.1']);
    expect(
      (
        await viewer.post('/api/v1/windows', {
          team: 'web',
          weekdays: [1],
          start: '09:00',
          end: '16:00',
          timezone: 'UTC',
        })
      ).status,
    ).toBe(403);
    // Defined on the parent team: it applies to the whole subtree.
    const created = await admin.post('/api/v1/windows', {
      team: 'eng',
      weekdays: ['mon', 'tue', 'wed', 'thu'],
      start: '09:00',
      end: '16:00',
      timezone: 'Europe/Berlin',
    });
    expect(created.status).toBe(201);
    expect(created.json.windows[0]).toMatchObject({ team: 'eng', weekdays: [1, 2, 3, 4], timezone: 'Europe/Berlin' });
    expect((await viewer.get('/api/v1/windows?team=web')).json.windows).toHaveLength(1);
    const report = (await viewer.get('/api/v1/windows/report?team=web&from=2026-03-23&to=2026-04-06')).json;
    expect(report.adherence).toEqual({ rate: 0.4, inside: 2, n: 5 });
    // Weekly successes: week of 03-23: a, b; week of 03-30: c, e → CV 0.
    expect(report.predictability).toMatchObject({ cv: 0, weeks: 2, weekly: [2, 2] });
    expect(report.heatmap.timezone).toBe('Europe/Berlin');
    const mondayNine = report.heatmap.cells.find((c: any) => c.weekday === 1 && c.hour === 9);
    expect(mondayNine.deployments).toBe(1); // c at 09:30 CEST
    expect(report.definitions.href).toBe('/delivery/definitions#windows');
    const id = created.json.windows[0].id;
    expect((await admin.del(`/api/v1/windows/${id}`)).status).toBe(204);
    expect((await admin.del(`/api/v1/windows/${id}`)).status).toBe(404);
  });
});
