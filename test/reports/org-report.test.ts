import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from './fixture.js';

const row = (json: any, key: string) => json.teams.find((t: any) => t.key === key);

describe('org overview with 12 teams (11 shown)', () => {
  let deps: Deps;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  let org: any;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 12, tiny: true });
    server = await startServer(deps);
    api = apiClient(server.base, tokenFor(deps, 'viewer'));
    const res = await api.get('/api/v1/org');
    expect(res.status).toBe(200);
    org = res.json;
  });
  afterAll(() => server.close());

  it('says which window it covers and rolls groups up', () => {
    expect(org.from).toBe('2025-12-02T10:00:00.000Z');
    expect(org.to).toBe(NOW);
    expect(row(org, 'group-a')).toMatchObject({ is_group: true, depth: 0, suppressed: false });
    // group-a = t01, t03, …, t11: 6 + 0, 6 + 2, … respondents = 6 + 8 + 10 + 12 + 14 + 16.
    expect(row(org, 'group-a').respondents).toBe(66);
    expect(row(org, 't03')).toMatchObject({ parent: 'group-a', depth: 1 });
    // 13 teams × 3 successful production deployments.
    expect(org.org.dora.deployments).toBe(39);
  });

  it('computes Spearman ρ of build & test favorability vs lead time across the 11 shown teams', () => {
    const a = org.associations.find((x: any) => x.survey === 'build_and_test');
    expect(a.n).toBe(11);
    // Ranks (no ties): favorability falls with i, lead time rises except t04/t05 swapped.
    // Σd² = 10² + 8² + 5² + 5² + 2² + 0 + 2² + 4² + 6² + 8² + 10² = 438; ρ = 1 − 6·438 / (11·120).
    const rho = 1 - (6 * 438) / (11 * 120);
    expect(a.rho).toBeCloseTo(rho, 3);
    const half = 1.96 * Math.sqrt(1.06 / 8);
    expect(a.ci95[0]).toBeCloseTo(Math.tanh(Math.atanh(rho) - half), 3);
    expect(a.ci95[1]).toBeCloseTo(Math.tanh(Math.atanh(rho) + half), 3);
    expect(a.statement).toMatch(/associated with median lead time/);
    expect(a.statement).not.toMatch(/cause[sd]? /i);
  });

  it('gives percentile ranks to shown leaf teams only', () => {
    // t01 has the shortest lead time of 11 teams: (10 + ½) ÷ 11 × 100.
    expect(row(org, 't01').percentile_rank.lead_time).toBeCloseTo(95.455, 3);
    // t12 has the longest: ½ ÷ 11 × 100.
    expect(row(org, 't12').percentile_rank.lead_time).toBeCloseTo(4.545, 3);
    expect(org.percentile_ranks_shown).toBe(true);
    expect(row(org, 'tiny').percentile_rank).toBeNull();
    expect(row(org, 'group-a').percentile_rank).toBeNull();
  });

  it('shows the 4-person team and its complementary sibling only as suppressed', async () => {
    for (const key of ['tiny', 't02']) {
      const t = row(org, key);
      expect(t.suppressed).toBe(true);
      expect(t.respondents).toBeNull();
      expect(t.devex_score).toBeNull();
      expect(t.dimensions).toEqual([]);
    }
    const csv = await api.get('/api/v1/org?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const tinyLine = csv.text.split('\n').find((l) => l.startsWith('tiny,'))!;
    expect(tinyLine).toMatch(/^tiny,tiny,group-b,false,true,,,/);
    expect(JSON.stringify(org)).not.toContain('TINYSECRET');
  });

  it('renders the heatmap page with classes, values and suppressed cells', async () => {
    // Exact windows (the admin's labelled switch): the fixture's answers spread over days, so whole
    // weeks would hide more.
    const s = await loginSession(server.base, deps, 'admin');
    const page = await s.get('/?exact=1');
    expect(page.text).toContain('Exact window (admin only)');
    expect(page.status).toBe(200);
    expect(page.text).toContain('overview');
    expect(page.text).toContain('2 Dec 2025');
    expect(page.text).toMatch(/class="num heat-fav-strong"[^>]*>(<a [^>]*>)?100%/);
    const tinyRow = page.text
      .split('<tr')
      .find((r) => r.includes('/teams/tiny'))!
      .split('</tr>')[0];
    expect(tinyRow).toContain('suppressed');
    expect(tinyRow).not.toMatch(/\d+%/);
    // Handlebars escapes "=" as &#x3D; inside attributes; browsers decode it.
    // The exports carry the exact-window switch, so they show what the page shows.
    expect(page.text).toContain('href="/api/v1/org?format&#x3D;csv&exact=1"');
    expect(page.text).toContain('href="/api/v1/org?exact=1"');
    expect(page.text).not.toMatch(/style="/);
    expect(page.text).toMatch(/is strongly negatively associated with median lead time/);
  });
});

describe('org overview with fewer than 10 teams', () => {
  it('omits percentile ranks and associations and says why', async () => {
    const deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 6 });
    const server = await startServer(deps);
    try {
      const res = await apiClient(server.base, tokenFor(deps, 'viewer')).get('/api/v1/org');
      expect(res.status).toBe(200);
      expect(res.json.percentile_ranks_shown).toBe(false);
      expect(res.json.teams.every((t: any) => t.percentile_rank === null)).toBe(true);
      expect(res.json.associations).toEqual([]);
      expect(res.json.associations_omitted[0].statement).toMatch(/needs at least 10 teams/);
      expect(res.json.associations_omitted[0].n).toBe(6);
    } finally {
      await server.close();
    }
  });
});
