import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { commentFactory, PLANTED } from '../helpers/comment-factory.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const NOW = new Date('2026-03-15T00:00:00.000Z');
let deps: Deps;
let srv: TestServer;

beforeAll(async () => {
  deps = makeDeps({ now: () => NOW });
  const f = commentFactory(deps);
  f.org([{ key: 'alpha', people: ['Priya Patel'] }, { key: 'beta' }, { key: 'tiny' }]);
  PLANTED.flaky_ci.forEach((t, i) => f.comment('alpha', `a${i}`, t, '2026-02-01T10:00:00.000Z'));
  PLANTED.slow_reviews.forEach((t, i) => f.comment('beta', `b${i}`, t, '2026-03-01T10:00:00.000Z'));
  for (let i = 0; i < 3; i++) f.report('tiny', `t${i}`, `SECRET${i} the pipeline is slow`, '2026-03-02T10:00:00.000Z');
  srv = await startServer(deps);
});
afterAll(() => srv.close());

describe('GET /api/v1/themes', () => {
  it('answers the pinned shape to a viewer token', async () => {
    const api = apiClient(srv.base, tokenFor(deps, 'viewer'));
    const r = await api.get('/api/v1/themes');
    expect(r.status).toBe(200);
    expect(r.json.respondents_with_comments).toBe(19);
    const t = r.json.themes[0];
    expect(Object.keys(t)).toEqual(
      expect.arrayContaining(['key', 'label', 'respondents', 'share', 'ci95', 'teams', 'trend', 'quotes']),
    );
    expect(r.json.themes.map((x: { key: string }) => x.key).slice(0, 3)).toEqual(
      expect.arrayContaining(['flaky_tests', 'code_review']),
    );
    expect(Array.isArray(r.json.emerging)).toBe(true);
    expect(r.text).not.toMatch(/SECRET|tiny/);
  });

  it('answers CSV with one row per theme', async () => {
    const api = apiClient(srv.base, tokenFor(deps, 'viewer'));
    const r = await api.get('/api/v1/themes?team=beta&format=csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = r.text.trim().split('\n');
    expect(lines[0]).toMatch(/^team,from,to,respondents_with_comments,key,label,respondents,share,ci_low,ci_high/);
    expect(lines).toHaveLength(1 + 12);
    expect(lines[1]).toMatch(/^beta,.*code_review,Code review,8,1,/);
  });

  it('rejects bad filters naming the field, and suppresses small teams', async () => {
    const api = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect((await api.get('/api/v1/themes?team=nope')).json.error.details[0].field).toBe('team');
    expect((await api.get('/api/v1/themes?from=yesterday')).json.error.details[0].field).toBe('from');
    const tiny = await api.get('/api/v1/themes?team=tiny');
    expect(tiny.json).toMatchObject({ suppressed: true, respondents_with_comments: null, themes: [] });
    expect((await apiClient(srv.base).get('/api/v1/themes')).status).toBe(401);
  });
});

describe('taxonomy API', () => {
  it('is admin only, validates, and recomputes counts on PUT', async () => {
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect((await viewer.get('/api/v1/themes/taxonomy')).status).toBe(403);
    const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
    const tax = await admin.get('/api/v1/themes/taxonomy');
    expect(tax.json.themes).toHaveLength(12);
    const bad = await admin.put('/api/v1/themes/taxonomy', { themes: [{ key: 'x', label: 'X' }] });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: { field: string }) => d.field)).toContain('themes.0.key');
    // narrow code review to one phrase: only the "PRs sit for days" comment still matches
    const themes = tax.json.themes.map((t: { key: string }) =>
      t.key === 'code_review' ? { ...t, keywords: [], phrases: ['prs sit'], exclude: [] } : t,
    );
    const put = await admin.put('/api/v1/themes/taxonomy', { themes });
    expect(put.json).toMatchObject({ version: 2, themes: 12, recomputed: 19 });
    const after = await viewer.get('/api/v1/themes');
    const review = after.json.themes.find((t: { key: string }) => t.key === 'code_review');
    expect(review).toMatchObject({ respondents: null, below_threshold: true });
    expect(after.json.taxonomy_version).toBe(2);
    await admin.put('/api/v1/themes/taxonomy', { themes: tax.json.themes });
  });
});

describe('/themes pages', () => {
  it('renders ranked themes with exports, charts data and no inline styles', async () => {
    const s = await loginSession(srv.base, deps, 'viewer');
    const page = await s.get('/themes');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Flaky tests');
    expect(page.text).toMatch(/href="\/api\/v1\/themes\?format(=|&#x3D;)csv"/);
    expect(page.text).toContain('<script type="application/json" id="themes-data">');
    expect(page.text).toContain('/static/js/themes-charts.js');
    expect(page.text).not.toMatch(/style="|onclick=|SECRET/);
    const bad = await s.get('/themes?from=garbage');
    expect(bad.text).toMatch(/field__error[^>]*>[^<]*ISO date/);
    const detail = await s.get('/themes/code_review?team=beta');
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('Code review');
    expect(detail.text).not.toContain('Post an update'); // viewers cannot post
    expect((await s.get('/themes/nope')).status).toBe(404);
    expect((await s.get('/admin/themes')).status).toBe(403);
  });

  it('lets an admin edit the taxonomy from /admin/themes', async () => {
    const s = await loginSession(srv.base, deps, 'admin');
    const page = await s.get('/admin/themes');
    expect(page.status).toBe(200);
    const csrf = s.csrfFrom(page.text);
    const bad = await s.postForm('/admin/themes', { key: 'Bad Key', label: '', keywords: '' }, csrf);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('lower-case letters');
    const ok = await s.postForm(
      '/admin/themes',
      { key: 'pipeline_speed', label: 'Pipeline speed', keywords: 'pipeline\nslow', phrases: '' },
      csrf,
    );
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/Theme &quot;pipeline_speed&quot; saved: version \d+, 19 comments re-tagged/);
    const api = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect(
      (await api.get('/api/v1/themes')).json.themes.find((t: { key: string }) => t.key === 'pipeline_speed'),
    ).toBeTruthy();
    const removed = await s.postForm(
      '/admin/themes',
      { key: 'pipeline_speed', label: 'x', keywords: 'x', action: 'remove' },
      csrf,
    );
    expect(removed.text).toContain('removed');
  });
});

describe('GET /api/v1/themes/:key', () => {
  it('answers one theme with state and updates, and CSV per month', async () => {
    const api = apiClient(srv.base, tokenFor(deps, 'viewer'));
    // alpha is hidden (complementary to the 3-person tiny team, tie with beta broken by key)
    expect((await api.get('/api/v1/themes/flaky_tests?team=alpha')).json.suppressed).toBe(true);
    const r = await api.get('/api/v1/themes/code_review?team=beta');
    expect(r.status).toBe(200);
    expect(r.json.theme).toMatchObject({ key: 'code_review', respondents: 8, share: 1 });
    expect(r.json.state).toMatchObject({ status: 'new' });
    expect(r.json.themes).toBeUndefined();
    const csv = await api.get('/api/v1/themes/code_review?team=beta&format=csv');
    expect(csv.text.split('\n')[0]).toBe(
      'theme,team,from,to,suppressed,status,owner,status_owner,respondents,share,ci_low,ci_high,period,period_share,period_weeks,period_partial',
    );
    expect((await api.get('/api/v1/themes/nope')).status).toBe(404);
    const tiny = await api.get('/api/v1/themes/flaky_tests?team=tiny');
    expect(tiny.json).toMatchObject({ suppressed: true, theme: null, before_after: null });
  });
});
