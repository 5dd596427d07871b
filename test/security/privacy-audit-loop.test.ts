import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { commentFactory } from '../helpers/comment-factory.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';

/**
 * The privacy review's findings 1–3 (theme before/after, theme trend periods, hostile windows),
 * reproduced the way a viewer or analyst would try them. Each check below fails on the code before
 * the fix: see the "can fail" assertions, which run the same subtraction where it must work.
 *
 *   grp ─┬ a  6–7 commenters a week (of 8)
 *        ├ b  5 a week (of 6)
 *        └ c  2 a week (of 3)   ← always under k = 5: hidden, and b hidden each week to protect it
 *   d           5 some weeks, 3 others
 *
 * Weeks (Mondays, 2026): 26 Oct … 7 Dec. The week of Monday 30 November crosses into December:
 * half its comments fall on the Monday, half on Wednesday 2 December.
 */
const K = 5;
const clock = testClock('2026-12-03T12:00:00.000Z');
const WEEKS = ['2026-10-26', '2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30'];
const TEAMS = ['grp', 'a', 'b', 'c', 'd'];
const CHILDREN: Record<string, string[]> = { grp: ['a', 'b', 'c'], '': ['grp', 'd'] };

let deps: Deps;
let srv: TestServer;
let viewer: Awaited<ReturnType<typeof loginSession>>;
let analyst: Awaited<ReturnType<typeof loginSession>>;
let exact: ReturnType<typeof apiClient>;

const at = (week: string, day: number, hour = 10) =>
  new Date(Date.parse(`${week}T00:00:00Z`) + day * 86_400_000 + hour * 3_600_000).toISOString();

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  const f = commentFactory(deps);
  f.org([
    { key: 'grp' },
    { key: 'a', parent: 'grp' },
    { key: 'b', parent: 'grp' },
    { key: 'c', parent: 'grp' },
    { key: 'd' },
  ]);
  WEEKS.forEach((week, w) => {
    const who: Record<string, string[]> = {
      // a rotates through 8 people, so a new week adds fewer new distinct people than it has commenters
      a: Array.from({ length: 6 + (w % 2) }, (_, i) => `a${(w + i) % 8}`),
      b: Array.from({ length: 5 }, (_, i) => `b${(w + i) % 6}`),
      c: [`c${w % 3}`, `c${(w + 1) % 3}`],
      d: Array.from({ length: w % 2 ? 3 : 5 }, (_, i) => `d${i}`),
    };
    for (const [team, people] of Object.entries(who))
      people.forEach((p, i) => {
        // The split week: even commenters on Monday 30 Nov, odd ones on Wednesday 2 Dec.
        const day = week === '2026-11-30' ? (i % 2 ? 2 : 0) : 1 + (i % 3);
        const flaky = (i + w) % 3 !== 0;
        f.comment(team, p, flaky ? 'flaky tests again, rerun the pipeline' : 'too many meetings', at(week, day), {
          build_and_test: (i + w + team.length) % 4 === 0 ? 2 : 4 + (i % 2),
        });
      });
  });
  srv = await startServer(deps, { rateLimits: false });
  viewer = await loginSession(srv.base, deps, 'viewer');
  analyst = await loginSession(srv.base, deps, 'analyst');
  exact = apiClient(srv.base, tokenFor(deps, 'admin'));
});
afterAll(() => srv.close());

const q = (team: string) => (team ? `team=${team}&` : '');
async function viewerJson(path: string) {
  const res = await viewer.get(path);
  expect(res.status, path).toBe(200);
  return JSON.parse(res.text);
}
const smallDifference = (a: number | null | undefined, b: number | null | undefined) =>
  typeof a === 'number' && typeof b === 'number' && a !== b && Math.abs(a - b) < K;

describe('privacy audit: theme trends, before/after and hostile windows', () => {
  it('theme trend periods are whole weeks: no two windows show a period or a total differing by fewer than k', async () => {
    const failures: string[] = [];
    const tos = ['2026-11-23', '2026-11-30', '2026-12-07'];
    for (const team of ['', ...TEAMS]) {
      const reports = [];
      for (const to of tos) reports.push(await viewerJson(`/api/v1/themes?${q(team)}from=2026-10-26&to=${to}`));
      for (let i = 1; i < reports.length; i++) {
        const [x, y] = [reports[i - 1], reports[i]];
        const label = `${team || 'org'} to=${tos[i - 1]} vs ${tos[i]}`;
        if (smallDifference(x.respondents_with_comments, y.respondents_with_comments))
          failures.push(`${label}: commenters ${x.respondents_with_comments} → ${y.respondents_with_comments}`);
        for (const theme of y.themes) {
          const before = x.themes.find((t: { key: string }) => t.key === theme.key);
          if (!before) continue;
          for (const p of theme.trend) {
            const old = before.trend.find((o: { period: string }) => o.period === p.period);
            if (!old) continue;
            if (smallDifference(old.n, p.n)) failures.push(`${label}: ${theme.key} ${p.period} n ${old.n} → ${p.n}`);
            if (!old.partial && !p.partial && JSON.stringify(old) !== JSON.stringify(p))
              failures.push(`${label}: complete period ${p.period} of ${theme.key} changed`);
          }
        }
      }
      // Each week belongs to the period of its Monday: the split week is November's.
      const last = reports[2].themes.find((t: { trend: unknown[] }) => t.trend.length)?.trend;
      // (A hidden team shows no theme, so it has no trend to check.)
      const periods = last?.map((p: { period: string }) => p.period).join(',');
      if (last && periods !== '2026-10,2026-11') failures.push(`${team || 'org'}: trend periods ${periods}`);
    }
    expect(failures).toEqual([]);
    // The same comparison on exact windows and distinct people (a token, trusted by design) does
    // move by fewer than k: the check above can fail.
    // a's week of 16 Nov adds one person not seen since 2 Nov.
    const ex = async (to: string) => (await exact.get(`/api/v1/themes?team=a&from=2026-11-02&to=${to}`)).json;
    const moved =
      (await ex('2026-11-23')).respondents_with_comments - (await ex('2026-11-16')).respondents_with_comments;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(K);
  });

  it('before/after: no hidden child can be computed from its parent and shown siblings, on either side', async () => {
    // The analyst ships the theme in the split week, linked to a question (the page form).
    const page = await analyst.get('/themes/flaky_tests');
    const posted = await analyst.postForm(
      '/themes/flaky_tests/updates',
      {
        title: 'Quarantine',
        body: 'Flaky tests are quarantined.',
        status: 'shipped',
        linked_question: 'pulse:build_and_test',
        shipped_at: '2026-12-02T12:00:00.000Z',
      },
      analyst.csrfFrom(page.text),
    );
    expect(posted.status).toBe(303);
    const failures: string[] = [];
    const sides = new Map<string, { before: Side; after: Side }>();
    for (const team of ['', ...TEAMS]) {
      const d = await viewerJson(`/api/v1/themes/flaky_tests?${q(team)}from=2026-10-26&to=2026-12-07`);
      if (!d.before_after) continue;
      expect(d.before_after.shipped_at).toBe('2026-11-30T00:00:00.000Z');
      expect(d.before_after.favorability.survey).toBe('pulse');
      sides.set(team, { before: d.before_after.favorability.before, after: d.before_after.favorability.after });
      sides.set(`share:${team}`, { before: d.before_after.share.before, after: d.before_after.share.after });
    }
    for (const prefix of ['', 'share:'])
      for (const [parent, kids] of Object.entries(CHILDREN)) {
        for (const side of ['before', 'after'] as const) {
          const p = sides.get(prefix + parent)?.[side];
          if (!p || p.n === null) continue;
          const rest = p.n - kids.reduce((s, c) => s + (sides.get(prefix + c)?.[side]?.n ?? 0), 0);
          // The after side holds one week: what is left must be nothing, or at least k answers.
          if (side === 'after' && rest !== 0 && rest < K)
            failures.push(`${prefix}${parent || 'org'} ${side}: parent ${p.n} − shown children = ${rest}`);
        }
      }
    // c (2 a week) never shows, and b is hidden with it.
    expect(sides.get('c')?.after.n ?? null).toBeNull();
    expect(sides.get('b')?.after.n ?? null).toBeNull();
    expect(failures).toEqual([]);
  });

  it('before/after: moving shipped_at by a millisecond moves nobody between the sides', async () => {
    const page = await analyst.get('/themes/flaky_tests');
    const csrf = analyst.csrfFrom(page.text);
    const post = async (shipped_at: string) => {
      const r = await analyst.postForm(
        '/themes/flaky_tests/updates',
        { title: 'Ship', body: 'Shipped.', status: 'shipped', linked_question: 'pulse:build_and_test', shipped_at },
        csrf,
      );
      expect(r.status).toBe(303);
      return (await viewerJson('/api/v1/themes/flaky_tests?team=grp&from=2026-10-26&to=2026-12-07')).before_after;
    };
    // Inside the split week: Monday 30 Nov 00:00 … Wednesday 2 Dec, one millisecond apart, then a
    // whole day later — the old code put Monday's and Wednesday's commenters on different sides.
    const instants = [
      '2026-11-30T00:00:00.000Z',
      '2026-11-30T00:00:00.001Z',
      '2026-12-01T23:59:59.999Z',
      '2026-12-02T10:00:00.001Z',
      '2026-12-06T23:59:59.999Z',
    ];
    const seen = [];
    for (const instant of instants) seen.push(await post(instant));
    for (const ba of seen) {
      expect(ba.shipped_at).toBe('2026-11-30T00:00:00.000Z');
      expect(ba).toEqual(seen[0]);
    }
    // The stored ship date is the Monday of its week, whatever instant was posted.
    const state = (await exact.get('/api/v1/themes/flaky_tests')).json.state;
    expect(state.shipped_at).toBe('2026-11-30T00:00:00.000Z');
  });

  it('before/after: the linked question must belong to a survey, named in the error', async () => {
    const r = await exact.post('/api/v1/themes/flaky_tests/updates', {
      title: 'Link',
      body: 'Linked to a question of no survey.',
      status: 'planned',
      question_key: 'no_such_question',
    });
    expect(r.status).toBe(422);
    expect(r.json.error.details).toEqual([expect.objectContaining({ field: 'question_key' })]);
    const other = await exact.post('/api/v1/themes/flaky_tests/updates', {
      title: 'Link',
      body: 'Linked to a survey that lacks the question.',
      status: 'planned',
      question_key: 'build_and_test',
      survey_key: 'snapshot',
    });
    expect(other.status).toBe(422);
    expect(other.json.error.details[0].field).toBe('question_key');
  });

  it('refuses hostile windows before doing any work, naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['from=0001-01-01&to=9999-12-31', 'from'],
      ['from=1000-01-01', 'from'],
      ['from=2020-01-01&to=2099-12-31', 'from'],
      ['from=2026-01-01&to=2150-01-01', 'to'],
    ];
    for (const path of ['/api/v1/surveys/pulse/results', '/api/v1/themes', '/api/v1/org', '/api/v1/dora'])
      for (const [window, field] of cases) {
        const started = performance.now();
        const res = await viewer.get(`${path}?${window}`);
        expect(res.status, `${path}?${window}`).toBe(422);
        expect(JSON.parse(res.text).error.details[0].field).toBe(field);
        expect(performance.now() - started).toBeLessThan(1_000);
      }
    // Five years is the longest window, and it answers.
    expect((await viewer.get('/api/v1/surveys/pulse/results?from=2022-01-03&to=2026-12-07')).status).toBe(200);
  });
});

interface Side {
  n: number | null;
  value: number | null;
  suppressed: boolean;
}
