import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, MID, NOW, WINDOW_FROM } from './fixture.js';

const DAY = 86_400_000;
const plus = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

/**
 * Walks every combined-report route (JSON, CSV, pages, team summaries of every team) over many
 * windows — the default, both halves, and narrow windows sliding over the days the 4-person team
 * answered — and checks that nothing of the small team shows and nothing can be subtracted.
 */
describe('privacy walk over the report routes', () => {
  let deps: Deps;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  const windows: Array<string> = ['', `from=${WINDOW_FROM}&to=${MID}`, `from=${MID}&to=${NOW}`];
  for (let d = 10; d <= 26; d += 8) windows.push(`from=${plus(WINDOW_FROM, d)}&to=${plus(WINDOW_FROM, d + 4)}`);

  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 12, tiny: true });
    server = await startServer(deps);
    api = apiClient(server.base, tokenFor(deps, 'viewer'));
  });
  afterAll(() => server.close());

  it('never reveals the 4-person team, directly or by subtraction', async () => {
    const teams = [
      'group-a',
      'group-b',
      'tiny',
      ...Array.from({ length: 12 }, (_, i) => `t${String(i + 1).padStart(2, '0')}`),
    ];
    let checked = 0;
    for (const q of windows) {
      const sep = q ? `?${q}&` : '?';
      // Every team's summary in the full window; the groups around the small team in the others.
      const summaries = (q === '' ? teams : ['group-b', 'tiny', 't02']).map((t) => `/api/v1/teams/${t}/summary`);
      for (const path of ['/api/v1/org', '/api/v1/leadership', '/api/v1/value', ...summaries]) {
        for (const format of ['', 'format=csv']) {
          const res = await api.get(`${path}${format ? sep + format : q ? `?${q}` : ''}`);
          expect(res.status, `${path} ${q} ${format}`).toBe(200);
          expect(res.text).not.toContain('TINYSECRET');
          checked++;
        }
      }
      const org = (await api.get(`/api/v1/org${q ? `?${q}` : ''}`)).json;
      const k = org.threshold;
      const tiny = org.teams.find((t: any) => t.key === 'tiny');
      // Null when suppressed; 0 when it had no respondents at all (nothing to hide).
      expect([null, 0]).toContain(tiny.respondents);
      expect(tiny.devex_score).toBeNull();
      expect(tiny.dimensions.every((d: any) => d.favorable === null && d.n === 0)).toBe(true);
      // A shown parent minus its shown children is 0 or at least k: no hidden group is computable.
      for (const parent of org.teams.filter((t: any) => t.is_group && t.respondents !== null)) {
        const shownChildren = org.teams.filter((t: any) => t.parent === parent.key && t.respondents !== null);
        const rest = parent.respondents - shownChildren.reduce((s: number, t: any) => s + t.respondents, 0);
        expect(rest === 0 || rest >= k, `${parent.key} in ${q}: remainder ${rest}`).toBe(true);
      }
      if (org.org.respondents !== null) {
        const roots = org.teams.filter((t: any) => t.parent === null && t.respondents !== null);
        const rest = org.org.respondents - roots.reduce((s: number, t: any) => s + t.respondents, 0);
        expect(rest === 0 || rest >= k, `org in ${q}: remainder ${rest}`).toBe(true);
      }
      const tinySummary = (await api.get(`/api/v1/teams/tiny/summary${q ? `?${q}` : ''}`)).json;
      expect([null, 0]).toContain(tinySummary.survey.respondents);
      expect(tinySummary.survey.questions.every((x: any) => x.n === 0)).toBe(true);
      const value = (await api.get(`/api/v1/value${q ? `?${q}` : ''}`)).json;
      expect(value.by_team.map((t: any) => t.team)).not.toContain('tiny');
    }
    expect(checked).toBeGreaterThan(60);

    const session = await loginSession(server.base, deps, 'admin');
    for (const q of windows.slice(0, 4)) {
      for (const path of ['/', '/leadership', '/teams/tiny', '/teams/group-b']) {
        const page = await session.get(`${path}${q ? `?${q}` : ''}`);
        expect(page.status, `${path}?${q.toString()}`).toBe(200);
        expect(page.text).not.toContain('TINYSECRET');
      }
    }
  }, 120_000);
});
