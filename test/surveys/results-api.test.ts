import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

let deps: Deps;
let server: TestServer;

beforeAll(async () => {
  deps = makeDeps({ now: testClock('2026-03-02T10:00:00Z').now });
  const f = surveyFactory(deps);
  f.teams([
    { key: 'group' },
    { key: 'payments', parent: 'group' },
    { key: 'checkout', parent: 'group' },
    { key: 'security', parent: 'group' },
  ]);
  f.survey({ key: 'pulse', name: 'Weekly pulse', questions: DEVEX_QUESTIONS });
  const sizes: Record<string, number> = { payments: 8, checkout: 12, security: 4 };
  for (const [team, size] of Object.entries(sizes)) {
    for (let i = 0; i < size; i++) {
      f.response({
        survey: 'pulse',
        team,
        respondent: `${team}-${i}`,
        submittedAt: '2026-02-10T10:00:00Z',
        answers: {
          build_and_test: 1 + (i % 5),
          release: 4,
          recommend: 9,
          hours_lost: '2-4',
          friction: `private words ${team} ${i}`,
        },
      });
    }
  }
  server = await startServer(deps);
});
afterAll(async () => {
  await server.close();
});

describe('GET /api/v1/surveys/:key/results', () => {
  it('needs a token (401) with a reading role (403 for ingest)', async () => {
    expect((await apiClient(server.base).get('/api/v1/surveys/pulse/results')).status).toBe(401);
    expect((await apiClient(server.base, 'nope').get('/api/v1/surveys/pulse/results')).status).toBe(401);
    expect((await apiClient(server.base, tokenFor(deps, 'ingest')).get('/api/v1/surveys/pulse/results')).status).toBe(
      403,
    );
  });

  it('answers the pinned JSON for a team', async () => {
    const res = await apiClient(server.base, tokenFor(deps, 'viewer')).get(
      '/api/v1/surveys/pulse/results?team=checkout&from=2026-02-01&to=2026-03-01',
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      survey: 'pulse',
      team: 'checkout',
      from: '2026-02-01T00:00:00.000Z',
      to: '2026-03-01T00:00:00.000Z',
      respondents: 12,
      response_rate: null,
      suppressed: false,
      threshold: 5,
    });
    const q = res.json.questions.find((x: { key: string }) => x.key === 'build_and_test');
    // checkout answers 1,2,3,4,5,1,2,3,4,5,1,2 → favorable 4 of 12
    expect(q).toMatchObject({ key: 'build_and_test', n: 12, distribution: { 1: 3, 2: 3, 3: 2, 4: 2, 5: 2 } });
    expect(q.favorable).toBeCloseTo(4 / 12, 12);
    expect(q.ci95).toHaveLength(2);
    expect(Array.isArray(res.json.changes)).toBe(true);
    expect(typeof res.json.devex_score).toBe('number');
    expect(res.text).not.toContain('private words');
  });

  it('suppresses the 4-person team and its next-smallest sibling, in JSON and CSV', async () => {
    const api = apiClient(server.base, tokenFor(deps, 'viewer'));
    for (const team of ['security', 'payments']) {
      const res = await api.get(`/api/v1/surveys/pulse/results?team=${team}`);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ survey: 'pulse', team, suppressed: true, respondents: null, questions: [] });
      expect(res.json).not.toHaveProperty('devex_score');
      const csv = await api.get(`/api/v1/surveys/pulse/results?team=${team}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
      const lines = csv.text.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('true');
      expect(csv.text).not.toMatch(/favorable|private words/);
    }
    // checkout stays visible
    expect((await api.get('/api/v1/surveys/pulse/results?team=checkout')).json.suppressed).toBe(false);
  });

  it('CSV: one row per question', async () => {
    const res = await apiClient(server.base, tokenFor(deps, 'viewer')).get(
      '/api/v1/surveys/pulse/results?team=group&format=csv',
    );
    expect(res.status).toBe(200);
    const [header, ...rows] = res.text.trim().split('\n');
    expect(header.split(',')).toEqual(
      expect.arrayContaining(['survey', 'team', 'question', 'n', 'favorable', 'ci95_low', 'ci95_high', 'mean']),
    );
    expect(rows).toHaveLength(DEVEX_QUESTIONS.length);
    expect(rows[0]).toContain('build_and_test');
  });

  it('unknown survey → 404; unknown team, bad dates or repeated params → 422 naming the field', async () => {
    const api = apiClient(server.base, tokenFor(deps, 'admin'));
    expect((await api.get('/api/v1/surveys/nope/results')).status).toBe(404);
    for (const [query, field] of [
      ['team=nope', 'team'],
      ['from=yesterday', 'from'],
      ['to=2026-02-31T99:00', 'to'],
      ['from=2026-03-01&to=2026-02-01', 'from'],
      ['team=a&team=b', 'team'],
    ]) {
      const res = await api.get(`/api/v1/surveys/pulse/results?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.json.error.details[0].field, query).toBe(field);
    }
  });
});

describe('GET /surveys/:key/results (page)', () => {
  it('shows headline, chart data, table, exports and definitions without inline styles or scripts', async () => {
    const s = await loginSession(server.base, deps, 'viewer');
    const page = await s.get('/surveys/pulse/results?team=checkout');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Weekly pulse results');
    expect(page.text).toContain('id="results-chart-data"');
    expect(page.text).toContain('/static/js/results-chart.js');
    const html = page.text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
    expect(html).toContain('href="/api/v1/surveys/pulse/results?team=checkout&format=csv"');
    expect(html).toContain('href="/api/v1/surveys/pulse/results?team=checkout"');
    expect(page.text).toContain('id="def-favorable"');
    expect(page.text).toContain('href="#def-ci95"');
    expect(page.text).not.toMatch(/style="/);
    expect(page.text).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))/);
    expect(page.text).not.toContain('private words');
    // the team select lists parent teams too
    expect(page.text).toMatch(/<option value="group"/);
    // the JSON twin of the page works with the same session
    const twin = await s.get('/api/v1/surveys/pulse/results?team=checkout');
    expect(twin.status).toBe(200);
  });

  it('shows a clear suppressed state for the 4-person team', async () => {
    const s = await loginSession(server.base, deps, 'viewer');
    const page = await s.get('/surveys/pulse/results?team=security');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Fewer than 5 respondents — hidden to protect anonymity');
    expect(page.text).not.toContain('id="results-chart-data"');
    expect(page.text).not.toMatch(/private words/);
  });

  it('keeps a bad filter with its message next to the field', async () => {
    const s = await loginSession(server.base, deps, 'viewer');
    const page = await s.get('/surveys/pulse/results?team=nope&from=2026-02-01');
    expect(page.status).toBe(422);
    expect(page.text).toContain('id="f-team-error"');
    expect(page.text).toContain('unknown team key');
    expect(page.text).toContain('value="2026-02-01"');
    expect((await s.get('/surveys/nope/results')).status).toBe(404);
  });

  it('needs a login', async () => {
    const res = await fetch(`${server.base}/surveys/pulse/results`, { redirect: 'manual' });
    expect([302, 303, 401]).toContain(res.status);
  });
});
