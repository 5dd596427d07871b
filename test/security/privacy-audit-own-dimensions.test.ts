import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { NOW } from '../reports/fixture.js';
import { seedOwnDimensions } from '../reports/own-dimensions.fixture.js';

/**
 * Privacy audit, own dimensions: `onboarding` and `security` columns go through the same cells as
 * the built-in ones, so a hidden team (tiny, under k = 5, and spare, hidden to protect it) shows
 * none of them anywhere — org JSON and CSV, its team summary JSON and CSV, the org and team pages.
 */
const HIDDEN = ['tiny', 'spare'];
const OWN = ['onboarding', 'security'];
let deps: Deps;
let srv: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date(NOW) });
  seedOwnDimensions(deps, true);
  srv = await startServer(deps);
  api = apiClient(srv.base, tokenFor(deps, 'admin'));
});
afterAll(() => srv.close());

describe('privacy audit: own dimensions of hidden teams', () => {
  it('the org report and its CSV carry no own-dimension figure for a hidden team', async () => {
    const org = (await api.get('/api/v1/org?survey=pulse')).json;
    // Control: shown teams do carry them, so the checks below can fail.
    const alpha = org.teams.find((t: { key: string }) => t.key === 'alpha');
    expect(alpha.dimensions.map((c: { dimension: string }) => c.dimension)).toEqual(expect.arrayContaining(OWN));
    for (const key of HIDDEN) {
      const row = org.teams.find((t: { key: string }) => t.key === key);
      expect(row, key).toMatchObject({ suppressed: true, respondents: null, devex_score: null, dimensions: [] });
    }
    const csv = (await api.get('/api/v1/org?survey=pulse&format=csv')).text.split('\n');
    const header = csv[0].split(',');
    const ownColumns = header.map((h, i) => [h, i] as const).filter(([h]) => OWN.some((d) => h.includes(d)));
    expect(ownColumns.map(([h]) => h)).toEqual(['onboarding_favorable', 'security_favorable']);
    const rowOf = (team: string) => csv.find((l) => l.split(',')[header.indexOf('team')] === team)!.split(',');
    for (const [, i] of ownColumns) expect(rowOf('alpha')[i]).not.toBe(''); // control
    for (const key of HIDDEN) for (const [name, i] of ownColumns) expect(rowOf(key)[i], `${key} ${name}`).toBe('');
  });

  it("a hidden team's summary, its CSV and pages show no own-dimension figure", async () => {
    const session = await loginSession(srv.base, deps, 'viewer');
    for (const key of HIDDEN) {
      const summary = (await api.get(`/api/v1/teams/${key}/summary?survey=pulse`)).json;
      expect(summary.dimensions, key).toEqual([]);
      expect(JSON.stringify(summary.survey.questions ?? [])).not.toMatch(/first_week|docs_found|secure_defaults/);
      const csv = (await api.get(`/api/v1/teams/${key}/summary?survey=pulse&format=csv`)).text;
      for (const d of OWN) expect(csv, `${key} CSV`).not.toMatch(new RegExp(`dimension,${d}`));
      const page = (await session.get(`/teams/${key}?survey=pulse`)).text;
      expect(page, `${key} page`).not.toMatch(/<th scope="row">(Onboarding|Security)<\/th>/);
    }
    const alphaCsv = (await api.get('/api/v1/teams/alpha/summary?survey=pulse&format=csv')).text;
    expect(alphaCsv).toMatch(/dimension,onboarding/); // control
    const orgPage = (await session.get('/?survey=pulse')).text;
    for (const key of [...HIDDEN, 'alpha']) {
      const row = new RegExp(`<tr[^>]*>(?:(?!</tr>)[\\s\\S])*?/teams/${key}[\\s\\S]*?</tr>`).exec(orgPage)?.[0] ?? '';
      expect(row, `${key} row`).not.toBe('');
      if (key === 'alpha')
        expect(row).toMatch(/heat-link/); // control
      else expect(row).not.toMatch(/heat-link/);
    }
  });
});
