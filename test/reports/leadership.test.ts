import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildReportOrg, NOW } from './fixture.js';

const DAY = 86_400_000;

describe('leadership page, share links and access', () => {
  const clock = testClock(NOW);
  let deps: Deps;
  let server: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    deps = makeDeps({ now: clock.now });
    const { factory } = buildReportOrg(deps, { leafTeams: 4, tiny: true });
    // The previous 90 days: every core item unfavorable for half of each team.
    factory.responses(
      ['t01', 't02', 't03', 't04'].flatMap((team) =>
        Array.from({ length: 8 }, (_, p) => ({
          survey: 'pulse',
          team,
          respondent: `${team}-p${p}`,
          submittedAt: `2025-10-${String(10 + p).padStart(2, '0')}T10:00:00Z`,
          answers: {
            build_and_test: p % 2 ? 2 : 4,
            code_review: p % 2 ? 2 : 4,
            codebase: p % 2 ? 2 : 4,
            deep_work: p % 2 ? 2 : 4,
            release: p % 2 ? 2 : 4,
            release_confidence: p % 2 ? 2 : 4,
          },
        })),
      ),
    );
    server = await startServer(deps);
    api = apiClient(server.base, tokenFor(deps, 'viewer'));
  });
  afterAll(() => server.close());

  it('writes one computed sentence per section', async () => {
    const res = await api.get('/api/v1/leadership');
    expect(res.status).toBe(200);
    const r = res.json;
    const delta = r.devex.score - r.devex.previous_score;
    expect(r.devex.previous_score).toBe(50);
    expect(r.devex.sentence).toBe(
      `DevEx score ${r.devex.score.toFixed(0)} (${delta > 0 ? '+' : '−'}${Math.abs(delta).toFixed(0)} pts vs previous 90 days, ${r.devex.change.significant ? 'a significant change' : 'not significant'}).`,
    );
    // The trend's points lie inside the chosen 90-day window: three periods of about a month.
    expect(r.devex.trend).toHaveLength(3);
    expect(r.devex.trend[0].from).toBe(r.from);
    expect(r.devex.trend[2].to).toBe(r.to);
    expect(r.devex.trend.some((p: any) => p.devex_score !== null)).toBe(true);
    expect(r.dora.trend.map((p: any) => p.from)).toEqual(r.devex.trend.map((p: any) => p.from));
    expect(r.dora.sentence).toMatch(
      /^Median lead time .* h \(was .*\); change failure rate \d+% \(was .*\); \d+ deployments \(was 0\)\.$/,
    );
    expect(r.cost.sentence).toMatch(
      /^Platform cost \$1,500 \(was \$0\), of which \$600 idle \(40%\); \$\d+ per successful deployment\.$/,
    );
    // The previous window's answers had no hours question: said so, not hidden.
    expect(r.value.sentence).toMatch(
      /^Friction costs an estimated \$[\d,]+ of capacity .* \(no estimate for the previous 90 days\): capacity, not cash\.$/,
    );
    expect(r.themes.sentence).toBeTypeOf('string');
    expect(res.text).not.toContain('TINYSECRET');
    expect(r.quotes.every((q: any) => !q.text.includes('TINYSECRET'))).toBe(true);
  });

  it('draws the trend inside the chosen window: about a month per period, three to twelve periods', async () => {
    for (const [from, to, periods] of [
      ['2025-03-02', '2026-03-02', 12],
      ['2025-09-02', '2026-03-02', 6],
      ['2026-02-16', '2026-03-02', 3],
    ] as const) {
      const r = (await api.get(`/api/v1/leadership?from=${from}&to=${to}`)).json;
      expect(r.devex.trend).toHaveLength(periods);
      expect(r.devex.trend[0].from).toBe(`${from}T00:00:00.000Z`);
      expect(r.devex.trend.at(-1).to).toBe(`${to}T00:00:00.000Z`);
      for (const [i, p] of r.devex.trend.entries()) if (i > 0) expect(p.from).toBe(r.devex.trend[i - 1].to);
      expect(r.dora.trend).toHaveLength(periods);
    }
  });

  it('renders a printable page with its exports', async () => {
    const s = await loginSession(server.base, deps, 'viewer');
    const page = await s.get('/leadership');
    expect(page.status).toBe(200);
    expect(page.text).toContain('The collective voice');
    expect(page.text).toContain('capacity, not cash');
    expect(page.text).toContain('href="/api/v1/leadership?format&#x3D;csv"');
    expect(page.text).not.toContain('TINYSECRET');
    // A viewer gets neither the share form nor the assumptions form, and is told who can share.
    expect(page.text).not.toContain('action="/leadership/share"');
    expect(page.text).toContain('Analysts and admins can create a read-only share link');
    expect(page.text).not.toContain('action="/leadership/assumptions"');
    const css = await fetch(`${server.base}/static/css/chorus.css`).then((r) => r.text());
    expect(css).toMatch(/@page\s*\{/);
    expect(css).toMatch(/@media print/);
  });

  it('lets an admin edit the assumptions on the page, with errors next to the field', async () => {
    const s = await loginSession(server.base, deps, 'admin');
    const page = await s.get('/leadership');
    expect(page.text).toContain('action="/leadership/assumptions"');
    const bad = await s.postForm(
      '/leadership/assumptions',
      { hourly_cost: 'lots', weeks: '', question: 'hours_lost' },
      s.csrfFrom(page.text),
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/field__error[^>]*>must be a number/);
    expect(bad.text).toContain('value="lots"');
    const ok = await s.postForm(
      '/leadership/assumptions',
      { hourly_cost: '120', weeks: '13', question: 'hours_lost' },
      s.csrfFrom(page.text),
    );
    expect(ok.status).toBe(303);
    expect((await api.get('/api/v1/value')).json.assumptions).toMatchObject({ hourly_cost: 120, weeks: 13 });
  });

  it('shares a read-only link that expires (410) and can be revoked', async () => {
    const viewer = await loginSession(server.base, deps, 'viewer');
    const viewerPage = await viewer.get('/leadership');
    expect(
      (await viewer.postForm('/leadership/share', { expires_in_days: '7' }, viewer.csrfFrom(viewerPage.text))).status,
    ).toBe(403);

    const analyst = await loginSession(server.base, deps, 'analyst');
    const page = await analyst.get('/leadership');
    expect(page.text).toContain('action="/leadership/share"');
    const bad = await analyst.postForm('/leadership/share', { expires_in_days: '0' }, analyst.csrfFrom(page.text));
    expect(bad.status).toBe(422);
    const created = await analyst.postForm('/leadership/share', { expires_in_days: '7' }, analyst.csrfFrom(page.text));
    expect(created.status).toBe(201);
    const path = /href="(\/share\/[^"]+)"/.exec(created.text)![1];

    // Anyone with the link, no session: the same report, read-only, no nav, no controls.
    const shared = await fetch(server.base + path, { redirect: 'manual' });
    expect(shared.status).toBe(200);
    const html = await shared.text();
    expect(html).toContain('The collective voice');
    expect(html).toContain('Read-only shared copy');
    expect(html).not.toContain('<nav');
    expect(html).not.toContain('<form');
    expect(html).not.toContain('Change the assumptions');
    expect(html).not.toContain('/api/v1/leadership');
    expect(html).not.toContain('TINYSECRET');
    // Stored hashed: the token is nowhere in the database.
    const token = path.slice('/share/'.length);
    expect(deps.db.prepare('SELECT COUNT(*) FROM report_shares WHERE token_hash = ?').pluck().get(token)).toBe(0);
    // A forged signature is not found.
    expect((await fetch(server.base + path.slice(0, -4) + 'abcd')).status).toBe(404);

    clock.advance(8 * DAY);
    const expired = await fetch(server.base + path);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
    clock.set(NOW);

    expect((await fetch(server.base + path)).status).toBe(200);
    const again = await analyst.get('/leadership');
    const id = /action="\/leadership\/share\/(\d+)\/revoke"/.exec(again.text)![1];
    expect((await analyst.postForm(`/leadership/share/${id}/revoke`, {}, analyst.csrfFrom(again.text))).status).toBe(
      303,
    );
    expect((await fetch(server.base + path)).status).toBe(410);
  });

  it('does not hide a failure behind an empty page: a broken loop-updates read is a 500, not "no updates"', async () => {
    const s = await loginSession(server.base, deps, 'viewer');
    expect((await s.get('/leadership')).status).toBe(200);
    deps.db.exec('ALTER TABLE loop_updates RENAME TO loop_updates_hidden');
    try {
      const broken = await s.get('/leadership');
      expect(broken.status).toBe(500);
      expect(broken.text).not.toContain('The collective voice');
    } finally {
      deps.db.exec('ALTER TABLE loop_updates_hidden RENAME TO loop_updates');
    }
    expect((await s.get('/leadership')).status).toBe(200);
  });

  it('guards every report route: 401 without a token, 403 for the wrong role, login for pages', async () => {
    const ingest = apiClient(server.base, tokenFor(deps, 'ingest'));
    for (const path of ['/api/v1/org', '/api/v1/value', '/api/v1/leadership', '/api/v1/teams/t01/summary']) {
      expect((await apiClient(server.base).get(path)).status).toBe(401);
      expect((await apiClient(server.base, 'not-a-token').get(path)).status).toBe(401);
      expect((await ingest.get(path)).status).toBe(403);
      expect((await api.get(path)).status).toBe(200);
    }
    for (const path of ['/', '/teams/t01', '/leadership']) {
      const res = await fetch(server.base + path, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/login\?next=/);
    }
  });
});
