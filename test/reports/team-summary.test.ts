import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, MID, NOW } from './fixture.js';

describe('team summary and team page', () => {
  let deps: Deps;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    buildReportOrg(deps, { leafTeams: 4, tiny: true, drop: true });
    server = await startServer(deps);
    api = apiClient(server.base, tokenFor(deps, 'viewer'));
  });
  afterAll(() => server.close());

  it('flags release confidence falling from 80 % to 25 % between the halves as a significant drop', async () => {
    const res = await api.get('/api/v1/teams/droppy/summary');
    expect(res.status).toBe(200);
    const s = res.json;
    expect(s.suppressed).toBe(false);
    expect(s.halves.second.from).toBe(MID);
    const change = s.significant_changes.between_halves.find((c: any) => c.question === 'release_confidence');
    expect(change).toBeDefined();
    expect(change.direction).toBe('drop');
    expect(change.delta).toBeCloseTo(0.25 - 0.8, 6);
    // Newcombe: Wilson(16/20) = [0.584, 0.919], Wilson(5/20) = [0.112, 0.469];
    // U = −0.55 + √((0.469 − 0.25)² + (0.8 − 0.584)²) ≈ −0.242 < 0.
    expect(change.ci95[1]).toBeCloseTo(-0.242, 2);
    expect(change.significant).toBe(true);
    // Questions that did not move are not flagged.
    expect(s.significant_changes.between_halves.map((c: any) => c.question)).toEqual(['release_confidence']);
    // Each part in its pinned shape, side by side.
    expect(s.survey).toMatchObject({ survey: 'pulse', team: 'droppy', suppressed: false, respondents: 20 });
    expect(s.dora.deployment_frequency.deployments).toBe(3);
    expect(s.cost.cost).toBe(300);
    expect(s.themes).toHaveProperty('themes');
    expect(s.trend).toHaveLength(4);
  });

  it('shows the drop on the team page next to DORA, cost and themes', async () => {
    // Exact windows (admin): in whole weeks the halves' edges move to Mondays and the planted −55 pts shifts.
    const session = await loginSession(server.base, deps, 'admin');
    // The fixture's answers spread over days: the exact window (the admin's labelled switch) shows the drop.
    const page = await session.get('/teams/droppy?exact=1');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /Significant drop<\/strong> in “I am confident my changes will not break production.”: −55 pts/,
    );
    expect(page.text).toContain('/teams/droppy/delivery');
    expect(page.text).toContain('/surveys/pulse/results?team=droppy');
    expect(page.text).toContain('Platform cost');
    expect(page.text).toContain('Friction themes');
    expect(page.text).toContain('id="team-trend"');
    expect(page.text).not.toMatch(/style="/);
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('answers a 4-person team as suppressed everywhere in its summary', async () => {
    const res = await api.get('/api/v1/teams/tiny/summary');
    expect(res.status).toBe(200);
    expect(res.json.suppressed).toBe(true);
    expect(res.json.survey).toMatchObject({ suppressed: true, respondents: null, questions: [] });
    expect(res.json.dimensions).toEqual([]);
    expect(res.json.themes).toMatchObject({ suppressed: true, respondents_with_comments: null, themes: [] });
    expect(
      res.json.trend.every((p: any) => p.devex_score === null && p.respondents === null && p.dimensions.length === 0),
    ).toBe(true);
    expect(res.json.trend.some((p: any) => p.suppressed)).toBe(true);
    expect(res.json.halves.changes).toEqual([]);
    expect(res.text).not.toContain('TINYSECRET');
    const csv = await api.get('/api/v1/teams/tiny/summary?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.text).not.toMatch(/^tiny,[^\n]*,question,/m);
    const session = await loginSession(server.base, deps, 'viewer');
    const page = await session.get('/teams/tiny');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Fewer than 5 people answered');
    expect(page.text).not.toContain('TINYSECRET');
  });

  it('hides the parent group when showing it would reveal the small team by subtraction', async () => {
    // group-b = t02, t04, tiny: tiny is below k, so t02 (the smallest other sibling) is hidden too.
    const res = await api.get('/api/v1/teams/t02/summary');
    expect(res.json.suppressed).toBe(true);
    const group = await api.get('/api/v1/teams/group-b/summary');
    expect(group.json.suppressed).toBe(false);
    expect(group.json.team.children.map((c: any) => c.key).sort()).toEqual(['t02', 't04', 'tiny']);
  });

  it('rejects an unknown team (422 naming the field) and a bad window', async () => {
    const res = await api.get('/api/v1/teams/nope/summary');
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].field).toBe('team');
    const bad = await api.get('/api/v1/teams/droppy/summary?from=yesterday');
    expect(bad.status).toBe(422);
    expect(bad.json.error.details[0].field).toBe('from');
  });
});
