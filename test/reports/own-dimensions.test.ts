import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { heatmapDimensions, dimensionLabel } from '../../src/reports/heatmap.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { NOW } from './fixture.js';
import { seedOwnDimensions } from './own-dimensions.fixture.js';

describe('own dimensions (onboarding, security) beside the built-in seven', () => {
  let deps: Deps;
  let plain: Deps;
  let server: TestServer;
  let plainServer: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date(NOW) });
    plain = makeDeps({ now: () => new Date(NOW) });
    seedOwnDimensions(deps, true);
    seedOwnDimensions(plain, false);
    server = await startServer(deps);
    plainServer = await startServer(plain);
    api = apiClient(server.base, tokenFor(deps, 'viewer'));
  });
  afterAll(async () => {
    await server.close();
    await plainServer.close();
  });

  it('orders columns: the built-in five, then own dimensions by name, labelled from the name', () => {
    const dims = new Map([
      ['a', 'security'],
      ['b', 'flow_state'],
      ['c', 'onboarding'],
      ['d', 'dev_environment'],
      ['e', 'satisfaction'],
    ]);
    expect(heatmapDimensions(dims)).toEqual([
      'feedback_loops',
      'cognitive_load',
      'flow_state',
      'ease_of_delivery',
      'satisfaction',
      'dev_environment',
      'onboarding',
      'security',
    ]);
    expect(dimensionLabel('onboarding')).toBe('Onboarding');
    expect(dimensionLabel('dev_environment')).toBe('Dev environment');
    expect(dimensionLabel('flow_state')).toBe('Flow state');
  });

  it('the org report has an Onboarding and a Security column with pooled favorability; hidden teams none', async () => {
    const org = (await api.get('/api/v1/org?survey=pulse')).json;
    expect(org.dimensions.map((d: { key: string }) => d.key)).toEqual([
      'feedback_loops',
      'cognitive_load',
      'flow_state',
      'ease_of_delivery',
      'onboarding',
      'security',
    ]);
    expect(org.dimensions.at(-2)).toEqual({ key: 'onboarding', label: 'Onboarding' });
    const cell = (team: string, dim: string) =>
      org.teams
        .find((t: { key: string }) => t.key === team)
        .dimensions.find((c: { dimension: string }) => c.dimension === dim);
    expect(cell('alpha', 'onboarding')).toMatchObject({
      favorable: Math.round((5 / 14) * 1000) / 1000,
      n: 14,
      questions: 2,
    });
    expect(cell('beta', 'onboarding')).toMatchObject({ favorable: 1, n: 16, class: 'heat-fav-strong' });
    expect(cell('alpha', 'security')).toMatchObject({ favorable: Math.round((1 / 7) * 1000) / 1000, n: 7 });
    expect(org.org.dimensions.find((c: { dimension: string }) => c.dimension === 'onboarding')).toMatchObject({
      n: 48, // 14 + 16 + 12 + 6: the org pools every team, hidden ones included
    });
    // Under the threshold: no cells at all, own dimensions included (same privacy rules).
    for (const hidden of ['tiny', 'spare'])
      expect(org.teams.find((t: { key: string }) => t.key === hidden)).toMatchObject({
        suppressed: true,
        respondents: null,
        dimensions: [],
      });
  });

  it('leaves the DevEx score and its change exactly as without the own dimensions', async () => {
    const other = apiClient(plainServer.base, tokenFor(plain, 'viewer'));
    const withOwn = (await api.get('/api/v1/org?survey=pulse')).json;
    const without = (await other.get('/api/v1/org?survey=pulse')).json;
    expect(withOwn.org.devex_score).toBeGreaterThan(0);
    expect(withOwn.org.devex_score).toBe(without.org.devex_score);
    for (const team of ['eng', 'alpha', 'beta']) {
      const a = withOwn.teams.find((t: { key: string }) => t.key === team);
      const b = without.teams.find((t: { key: string }) => t.key === team);
      expect(a.devex_score, team).toBe(b.devex_score);
    }
    const resultsWith = (await api.get('/api/v1/surveys/pulse/results?team=alpha')).json;
    const resultsWithout = (await other.get('/api/v1/surveys/pulse/results?team=alpha')).json;
    expect(resultsWith.devex_score).toBe(resultsWithout.devex_score);
    const summaryWith = (await api.get('/api/v1/teams/beta/summary')).json;
    const summaryWithout = (await other.get('/api/v1/teams/beta/summary')).json;
    expect(summaryWith.devex_ci95).toEqual(summaryWithout.devex_ci95);
  });

  it('the org page shows Onboarding as its own heatmap column', async () => {
    const session = await loginSession(server.base, deps, 'viewer');
    const page = await session.get('/?survey=pulse');
    expect(page.status).toBe(200);
    const header = /<thead>[\s\S]*?<\/thead>/.exec(page.text.slice(page.text.indexOf('Teams × dimensions')))![0];
    const columns = [...header.matchAll(/<th scope="col" class="num">([^<]+)<\/th>/g)].map((m) => m[1]);
    expect(columns).toEqual(expect.arrayContaining(['Feedback loops', 'Onboarding', 'Security']));
    expect(columns.indexOf('Onboarding')).toBeGreaterThan(columns.indexOf('Ease of delivery'));
    // beta's onboarding cell: 100 % favorable, linking to its first onboarding question.
    expect(page.text).toMatch(/href="\/surveys\/pulse\/results\?team=beta#q-first_week">100\s?%<\/a>/);
  });

  it('team page, team CSV and results show the own dimensions too', async () => {
    const session = await loginSession(server.base, deps, 'viewer');
    const team = await session.get('/teams/alpha?survey=pulse');
    expect(team.status).toBe(200);
    // The page shows what the summary answers this session (people see whole weeks, so the figure is its own).
    const summary = JSON.parse((await session.get('/api/v1/teams/alpha/summary?survey=pulse')).text);
    const onboarding = summary.dimensions.find((d: { dimension: string }) => d.dimension === 'onboarding');
    expect(onboarding.n).toBeGreaterThan(0);
    const pct = `${Math.round(onboarding.favorable * 100)}%`;
    expect(team.text).toContain(`<th scope="row">Onboarding</th><td class="num ${onboarding.class}">${pct}</td>`);
    expect(team.text).toContain('<th scope="row">Security</th>');
    const csv = (await api.get('/api/v1/teams/alpha/summary?format=csv')).text;
    expect(csv).toMatch(/dimension,onboarding/);
    const results = (await api.get('/api/v1/surveys/pulse/results?team=beta')).json;
    expect(results.questions.find((q: { key: string }) => q.key === 'first_week')).toMatchObject({
      dimension: 'onboarding',
    });
    const page = await session.get('/surveys/pulse/results?team=beta');
    expect(page.text).toMatch(/title="dimension onboarding">Onboarding<\/span>/);
  });
});
