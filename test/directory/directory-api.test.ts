import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { resolveTeamScope } from '../../src/directory/directory.service.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ env: { CHORUS_API_TOKEN: 'bootstrap-token-0123456789' } });
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
});
afterAll(() => srv.close());

describe('directory API', () => {
  it('upserts teams with parents in any order, idempotently', async () => {
    const body = {
      teams: [
        { key: 'payments', name: 'Payments', parent: 'eng' },
        { key: 'eng', name: 'Engineering' },
      ],
    };
    expect((await admin.post('/api/v1/teams', body)).json).toEqual({ accepted: 2, duplicates: 0 });
    const again = await admin.post('/api/v1/teams', body);
    expect(again.json).toEqual({ accepted: 2, duplicates: 2 });
    const list = await admin.get('/api/v1/teams');
    expect(list.json.teams).toHaveLength(2);
    expect(resolveTeamScope(deps, 'eng').teamIds).toHaveLength(2);
  });

  it('accepts the bootstrap token as admin', async () => {
    const res = await apiClient(srv.base, 'bootstrap-token-0123456789').post('/api/v1/teams', {
      key: 'boot',
      name: 'Boot',
    });
    expect(res.status).toBe(200);
  });

  it('rejects a batch with one bad item whole, naming index and field', async () => {
    const res = await admin.post('/api/v1/people', {
      people: [
        { email: 'a@x.example', name: 'A', team: 'payments' },
        { email: 'b@x.example', name: 'B', team: 'nope' },
        { email: 'not-an-email', name: 'C', team: 'payments' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ index: 2, field: 'email' })]),
    );
    expect((await admin.get('/api/v1/people')).json.people).toHaveLength(0);
    const unknownTeam = await admin.post('/api/v1/people', { email: 'b@x.example', name: 'B', team: 'nope' });
    expect(unknownTeam.status).toBe(422);
    expect(unknownTeam.json.error.details[0]).toMatchObject({ index: 0, field: 'team' });
  });

  it('rejects a cycle in the hierarchy and keeps what was stored', async () => {
    const res = await admin.post('/api/v1/teams', { key: 'eng', name: 'Engineering', parent: 'payments' });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].field).toBe('parent');
    const teams = (await admin.get('/api/v1/teams')).json.teams;
    expect(teams.find((t: { key: string }) => t.key === 'eng').parent).toBeNull();
  });

  it('answers 400 for malformed JSON, 413 for oversized bodies, 401 and 403 for auth', async () => {
    const malformed = await admin.raw('POST', '/api/v1/teams', '{"key": ', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe('malformed_json');
    const big = await admin.post('/api/v1/teams', { teams: [{ key: 'x', name: 'x'.repeat(11 * 1024 * 1024) }] });
    expect(big.status).toBe(413);
    expect((await apiClient(srv.base).post('/api/v1/teams', { key: 'a', name: 'A' })).status).toBe(401);
    expect((await apiClient(srv.base, 'wrong').post('/api/v1/teams', { key: 'a', name: 'A' })).status).toBe(401);
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect((await viewer.post('/api/v1/teams', { key: 'a', name: 'A' })).status).toBe(403);
    expect((await viewer.get('/api/v1/teams')).status).toBe(200);
    const ingest = apiClient(srv.base, tokenFor(deps, 'ingest'));
    expect((await ingest.get('/api/v1/teams')).status).toBe(403);
  });

  it('rejects JSON nested too deep', async () => {
    let nested: unknown = 1;
    for (let i = 0; i < 100; i++) nested = { a: nested };
    const res = await admin.post('/api/v1/teams', nested);
    expect(res.status).toBe(400);
  });
});
