import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from './fixture.js';

describe('org overview with ≥ 10 teams', () => {
  let deps: Deps;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 12, tiny: true });
    server = await startServer(deps);
    api = apiClient(server.base, tokenFor(deps, 'viewer'));
  });
  afterAll(() => server.close());

  it('answers the org JSON', async () => {
    const res = await api.get('/api/v1/org');
    expect(res.status).toBe(200);
    console.log(JSON.stringify(res.json, null, 1).slice(0, 6000));
  });
});
