import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { beforeAfter } from '../../src/loop/before-after.js';
import { listLoopUpdates, postLoopUpdate, themeState, themeStates } from '../../src/loop/loop.service.js';
import { wilsonInterval } from '../../src/metrics/survey-stats.js';
import { commentFactory } from '../helpers/comment-factory.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';

const clock = testClock('2026-03-01T12:00:00.000Z');
let deps: Deps;
let srv: TestServer;

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  const f = commentFactory(deps);
  f.org([{ key: 'alpha' }, { key: 'beta' }]);
  // before 2026-03-01: 10 commenters, 6 on flaky tests; build_and_test favorable 3 of 10
  for (let i = 0; i < 10; i++) {
    f.comment(
      i < 5 ? 'alpha' : 'beta',
      `p${i}`,
      i < 6 ? 'flaky tests again, had to rerun the tests' : 'too many meetings',
      '2026-02-10T10:00:00.000Z',
      { build_and_test: i < 3 ? 5 : 2 },
    );
  }
  // after: 10 commenters, 1 on flaky tests; favorable 8 of 10
  for (let i = 0; i < 10; i++) {
    f.comment(
      i < 5 ? 'alpha' : 'beta',
      `p${i}`,
      i < 1 ? 'one flaky test left' : 'too many meetings still',
      '2026-04-10T10:00:00.000Z',
      { build_and_test: i < 8 ? 4 : 1 },
    );
  }
  srv = await startServer(deps);
  // delivery: lead time 48 h before the ship date, 12 h after
  const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  expect((await admin.post('/api/v1/services', { name: 'svc', team: 'alpha' })).status).toBe(200);
  const deployments = [
    { id: 'd1', finished_at: '2026-02-10T12:00:00Z', commits: [{ sha: 'a1', committed_at: '2026-02-08T12:00:00Z' }] },
    { id: 'd2', finished_at: '2026-02-20T12:00:00Z', commits: [{ sha: 'a2', committed_at: '2026-02-18T12:00:00Z' }] },
    { id: 'd3', finished_at: '2026-04-10T12:00:00Z', commits: [{ sha: 'a3', committed_at: '2026-04-10T00:00:00Z' }] },
  ].map((d) => ({ ...d, service: 'svc' }));
  expect((await admin.post('/api/v1/deployments', { deployments })).status).toBe(200);
});
afterAll(() => srv.close());

describe('closing the loop', () => {
  it('posts updates through the API: a loop_updates row, status and owner changed', async () => {
    const admin = apiClient(srv.base, tokenFor(deps, 'admin'));
    const r = await admin.post('/api/v1/themes/flaky_tests/updates', {
      title: 'Quarantine for flaky tests',
      body: 'Flaky tests are now quarantined automatically.',
      status: 'planned',
      owner: 'platform',
      slack_channel: '#devex',
    });
    expect(r.status).toBe(201);
    expect(r.json.update).toMatchObject({
      theme_key: 'flaky_tests',
      theme_label: 'Flaky tests',
      status: 'planned',
      slack_channel: 'devex',
    });
    expect(r.json.state).toMatchObject({ status: 'planned', owner: 'platform', shipped_at: null });
    const row = deps.db.prepare('SELECT theme_key, title, status, slack_channel FROM loop_updates').all();
    expect(row).toEqual([
      { theme_key: 'flaky_tests', title: 'Quarantine for flaky tests', status: 'planned', slack_channel: 'devex' },
    ]);
    expect((await admin.post('/api/v1/themes/nope/updates', { title: 'x', body: 'y', status: 'new' })).status).toBe(
      404,
    );
    const bad = await admin.post('/api/v1/themes/flaky_tests/updates', { title: '', body: 'y', status: 'done' });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['status', 'title']);
    expect(
      (
        await apiClient(srv.base, tokenFor(deps, 'viewer')).post('/api/v1/themes/flaky_tests/updates', {
          title: 'x',
          body: 'y',
          status: 'new',
        })
      ).status,
    ).toBe(403);
  });

  it('posts from the theme page form (analyst), keeps answers on errors', async () => {
    const viewer = await loginSession(srv.base, deps, 'viewer');
    const vpage = await viewer.get('/themes/code_review');
    expect(
      (
        await viewer.postForm(
          '/themes/code_review/updates',
          { title: 'x', body: 'y', status: 'new' },
          viewer.csrfFrom(vpage.text),
        )
      ).status,
    ).toBe(403);
    const s = await loginSession(srv.base, deps, 'analyst');
    const page = await s.get('/themes/code_review');
    expect(page.text).toContain('Post an update');
    const csrf = s.csrfFrom(page.text);
    const bad = await s.postForm(
      '/themes/code_review/updates',
      { title: '', body: 'Review rotation starts Monday', status: 'acknowledged' },
      csrf,
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/field__error[^>]*>is required/);
    expect(bad.text).toContain('Review rotation starts Monday');
    const ok = await s.postForm(
      '/themes/code_review/updates',
      { title: 'Review rotation', body: 'A reviewer on duty every day.', status: 'acknowledged' },
      csrf,
    );
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/themes/code_review?posted=1');
    expect(themeState(deps, 'code_review').status).toBe('acknowledged');
    expect(listLoopUpdates(deps, { limit: 1 })[0]).toMatchObject({ theme_key: 'code_review', author: s.email });
  });

  it('shows before/after for a shipped theme: share and linked question favorability with Wilson intervals', async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    postLoopUpdate(
      deps,
      'flaky_tests',
      {
        title: 'Shipped',
        body: 'Quarantine is live',
        status: 'shipped',
        shipped_at: '2026-03-01',
        question_key: 'build_and_test',
        metric_key: 'lead_time_hours',
      },
      'pm@x',
    );
    clock.set('2026-05-01T00:00:00.000Z');
    expect(themeStates(deps).get('flaky_tests')).toMatchObject({
      status: 'shipped',
      // A ship date names a whole UTC week: Sunday 1 March 2026 is in the week of Monday 23 February.
      shipped_at: '2026-02-23T00:00:00.000Z',
      survey_key: 'pulse',
      owner: 'platform',
    });
    const ba = beforeAfter(deps, 'flaky_tests')!;
    expect(ba.share.before).toMatchObject({ value: 0.6, n: 10, suppressed: false });
    const [l, u] = wilsonInterval(6, 10)!;
    expect(ba.share.before.ci95![0]).toBeCloseTo(l, 3);
    expect(ba.share.before.ci95![1]).toBeCloseTo(u, 3);
    // after: 1 of 10 mention it → below k, no count shown
    expect(ba.share.after).toMatchObject({ value: null, n: 10 });
    expect(ba.favorability!.before).toMatchObject({ value: 0.3, n: 10 });
    expect(ba.favorability!.after).toMatchObject({ value: 0.8, n: 10 });
    // 8/10: Wilson [0.490, 0.943]
    expect(ba.favorability!.after!.ci95).toEqual([0.49, 0.943]);
    expect(ba.delivery).toMatchObject({
      metric: 'lead_time_hours',
      before: { value: 48, n: 2 },
      after: { value: 12, n: 1 },
    });
    const s = await loginSession(srv.base, deps, 'viewer');
    const page = await s.get('/themes/flaky_tests');
    expect(page.text).toContain('Before and after shipping');
    // The linked metric and question by their labels, lead time in hours, never the raw keys.
    expect(page.text).toContain('<th scope="row">Lead time for changes (median hours)</th>');
    expect(page.text).toMatch(/<strong>48 h<\/strong>[\s\S]*<strong>12 h<\/strong>/);
    expect(page.text).not.toContain('<code>lead_time_hours</code>');
    expect(page.text).toMatch(/Favorability of “[^”<]+”/);
    // The form (analysts) offers the metrics by label and keeps the keys as values.
    const form = await (await loginSession(srv.base, deps, 'analyst')).get('/themes/flaky_tests');
    expect(form.text).toContain(
      '<option value="change_failure_rate" >Change failure rate (share of deployments)</option>',
    );
    expect(form.text).toContain(
      '<option value="lead_time_hours" selected>Lead time for changes (median hours)</option>',
    );
    expect(beforeAfter(deps, 'code_review')).toBeNull();
  });

  it('lists updates newest first for Slack and thank-you pages', () => {
    const list = listLoopUpdates(deps, { limit: 10 });
    expect(list.map((u) => u.theme_key)).toEqual(['flaky_tests', 'code_review', 'flaky_tests']);
    expect(listLoopUpdates(deps, { limit: 10, theme: 'code_review' })).toHaveLength(1);
  });
});
