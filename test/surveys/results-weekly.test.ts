import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { withPeriodMode } from '../../src/privacy/period-mode.js';
import { resultsByTeam, surveyResults } from '../../src/surveys/results.service.js';
import { weekAligned } from '../../src/surveys/results.weekly.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

/**
 * grp ─┬ a   week of Mar 2: 6 answer "5" · Mar 9: 2 answer "1" · Mar 16: 5 answer "4"
 *      └ b   week of Mar 2: 7 answer "2" · Mar 9: 8 answer "4" · Mar 16: 7 answer "3"
 * k = 5. In the week of Mar 9, a is under k, so b (the next-smallest sibling) is hidden that week
 * too; grp (10 people that week) is shown.
 */
const WEEKS = { w1: '2026-03-02', w2: '2026-03-09', w3: '2026-03-16' };
const PLAN: Record<'a' | 'b', Record<keyof typeof WEEKS, { people: number; value: number }>> = {
  a: { w1: { people: 6, value: 5 }, w2: { people: 2, value: 1 }, w3: { people: 5, value: 4 } },
  b: { w1: { people: 7, value: 2 }, w2: { people: 8, value: 4 }, w3: { people: 7, value: 3 } },
};
// Wednesday to Thursday: people count the whole weeks of Mar 9 and Mar 16; admins the exact days.
const WINDOW = 'from=2026-03-04&to=2026-03-19';

describe('weekly windows for people (whole UTC weeks, k per team-week)', () => {
  let deps: Deps;
  let server: TestServer;
  let viewer: Awaited<ReturnType<typeof loginSession>>;
  const asViewer = async (path: string) => {
    const res = await viewer.get(path);
    expect(res.status, path).toBe(200);
    return JSON.parse(res.text);
  };

  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date('2026-03-28T00:00:00Z') });
    const f = surveyFactory(deps);
    f.teams([
      { key: 'grp', name: 'Group', parent: null },
      { key: 'a', name: 'Team A', parent: 'grp' },
      { key: 'b', name: 'Team B', parent: 'grp' },
    ]);
    f.survey({ key: 'pulse', name: 'Pulse', threshold: 5, questions: DEVEX_QUESTIONS });
    for (const team of ['a', 'b'] as const) {
      for (const [week, monday] of Object.entries(WEEKS) as Array<[keyof typeof WEEKS, string]>) {
        const { people, value } = PLAN[team][week];
        // Answers on the Tuesday of each week, person i of the team is the same pseudonym every week.
        for (let i = 0; i < people; i++) {
          f.response({
            survey: 'pulse',
            team,
            respondent: `${team}-${i}`,
            submittedAt: `${monday.slice(0, 8)}${String(Number(monday.slice(8)) + 1).padStart(2, '0')}T10:00:00.000Z`,
            answers: {
              build_and_test: value,
              hours_lost: '2-4',
              friction:
                team === 'a' && week !== 'w1'
                  ? `${week === 'w2' ? 'SMALLWEEK ' : ''}the flaky tests broke the build again`
                  : null,
            },
          });
        }
      }
    }
    server = await startServer(deps);
    viewer = await loginSession(server.base, deps, 'viewer');
  });
  afterAll(() => server.close());

  it('snaps both ends to the next Monday (UTC), so consecutive windows stay consecutive', () => {
    expect(weekAligned({ from: '2026-03-04T00:00:00Z', to: '2026-03-19T00:00:00Z' })).toEqual({
      from: '2026-03-09T00:00:00.000Z',
      to: '2026-03-23T00:00:00.000Z',
      days: 14,
    });
    expect(weekAligned({ from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' }).days).toBe(7);
    expect(weekAligned({ from: '2026-03-10T00:00:00Z', to: '2026-03-12T00:00:00Z' })).toMatchObject({
      from: '2026-03-16T00:00:00.000Z',
      to: '2026-03-16T00:00:00.000Z',
      days: 0,
    });
  });

  it('leaves out a team-week under k and the sibling-week that protects it, and says so', async () => {
    const a = await asViewer(`/api/v1/surveys/pulse/results?team=a&${WINDOW}`);
    expect(a).toMatchObject({
      from: '2026-03-09T00:00:00.000Z',
      to: '2026-03-23T00:00:00.000Z',
      suppressed: false,
      respondents: 5,
    });
    expect(a.period_privacy).toEqual({
      mode: 'weekly',
      requested: { from: '2026-03-04T00:00:00.000Z', to: '2026-03-19T00:00:00.000Z' },
      hidden_weeks: 1,
    });
    expect(a.questions[0]).toMatchObject({
      key: 'build_and_test',
      n: 5,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 5, 5: 0 },
    });

    const b = await asViewer(`/api/v1/surveys/pulse/results?team=b&${WINDOW}`);
    expect(b).toMatchObject({ suppressed: false, respondents: 7 });
    expect(b.period_privacy.hidden_weeks).toBe(1);
    expect(b.questions[0]).toMatchObject({ n: 7, distribution: { 1: 0, 2: 0, 3: 7, 4: 0, 5: 0 } });

    // grp keeps both weeks: a0–a4 and b0–b7 are 13 distinct people; 2 + 8 + 5 + 7 answers.
    const grp = await asViewer(`/api/v1/surveys/pulse/results?team=grp&${WINDOW}`);
    expect(grp).toMatchObject({ suppressed: false, respondents: 13 });
    expect(grp.period_privacy.hidden_weeks).toBe(0);
    expect(grp.questions[0]).toMatchObject({ n: 22, distribution: { 1: 2, 2: 0, 3: 7, 4: 13, 5: 0 } });
    // grp − a − b is a's and b's week of Mar 9 together: 10 people, never a's 2 alone.
    const rest = [1, 2, 3, 4, 5].map(
      (v) => grp.questions[0].distribution[v] - a.questions[0].distribution[v] - b.questions[0].distribution[v],
    );
    expect(rest).toEqual([2, 0, 0, 8, 0]);
    // The previous window is the same number of whole weeks just before.
    expect(a.previous).toMatchObject({
      from: '2026-02-23T00:00:00.000Z',
      to: '2026-03-09T00:00:00.000Z',
      suppressed: false,
    });
  });

  it('gives tokens, and admins who turn the labelled switch on, the exact window, small week included', async () => {
    const exact = (
      await apiClient(server.base, tokenFor(deps, 'viewer')).get(`/api/v1/surveys/pulse/results?team=a&${WINDOW}`)
    ).json;
    expect(exact).toMatchObject({ from: '2026-03-04T00:00:00.000Z', to: '2026-03-19T00:00:00.000Z', respondents: 5 });
    expect(exact.period_privacy).toBeUndefined();
    expect(exact.questions[0]).toMatchObject({ n: 7, distribution: { 1: 2, 2: 0, 3: 0, 4: 5, 5: 0 } });
    const admin = await loginSession(server.base, deps, 'admin');
    // Admins see what everyone sees by default…
    const weekly = JSON.parse((await admin.get(`/api/v1/surveys/pulse/results?team=a&${WINDOW}`)).text);
    expect(weekly.period_privacy.mode).toBe('weekly');
    expect(weekly).toEqual(await asViewer(`/api/v1/surveys/pulse/results?team=a&${WINDOW}`));
    // …and the exact window only when they ask for it; a viewer asking for it still gets whole weeks.
    expect(
      JSON.parse((await admin.get(`/api/v1/surveys/pulse/results?team=a&${WINDOW}&exact=1`)).text).questions[0].n,
    ).toBe(7);
    expect((await asViewer(`/api/v1/surveys/pulse/results?team=a&${WINDOW}&exact=1`)).period_privacy.mode).toBe(
      'weekly',
    );
    const page = await admin.get(`/surveys/pulse/results?team=a&${WINDOW}&exact=1`);
    expect(page.text).toContain('Exact window (admin only)');
    expect(page.text).toContain('Back to what everyone sees');
  });

  it('counts nothing for a window inside one week', async () => {
    const r = await asViewer('/api/v1/surveys/pulse/results?team=grp&from=2026-03-10&to=2026-03-12');
    expect(r).toMatchObject({
      from: '2026-03-16T00:00:00.000Z',
      to: '2026-03-16T00:00:00.000Z',
      respondents: 0,
      suppressed: false,
    });
    expect(r.questions[0].n).toBe(0);
  });

  it('answers many teams at once exactly as one team at a time', () => {
    const options = { from: '2026-03-04', to: '2026-03-19' };
    withPeriodMode('weekly', () => {
      const many = resultsByTeam(deps, 'pulse', options);
      for (const team of ['grp', 'a', 'b'])
        expect(many.get(team), team).toEqual(surveyResults(deps, 'pulse', { ...options, team }));
    });
  });

  it('counts comments and quotes for themes only from weeks where the team has k commenters', async () => {
    const themes = await asViewer(`/api/v1/themes?team=a&${WINDOW}`);
    expect(themes).toMatchObject({
      from: '2026-03-09T00:00:00.000Z',
      to: '2026-03-23T00:00:00.000Z',
      suppressed: false,
      respondents_with_comments: 5,
    });
    const flaky = themes.themes.find((t: { key: string }) => t.key === 'flaky_tests');
    expect(flaky.respondents).toBe(5);
    expect(flaky.quotes.length).toBeGreaterThan(0);
    expect(JSON.stringify(themes)).not.toContain('SMALLWEEK');
    // Exact windows (a token) include the week of Mar 9, where only 2 of a commented.
    const exact = (await apiClient(server.base, tokenFor(deps, 'viewer')).get(`/api/v1/themes?team=a&${WINDOW}`)).json;
    expect(exact.from).toBe('2026-03-04T00:00:00.000Z');
    expect(JSON.stringify(exact.themes)).toContain('SMALLWEEK');
  });

  it("takes the value model's hours only from shown team-weeks", async () => {
    // a: weeks of Mar 9 (hidden, 2 people) and Mar 16 (5); b: Mar 9 (hidden to protect a, 8) and Mar 16 (7).
    const weekly = await asViewer(`/api/v1/value?${WINDOW}`);
    expect(weekly.from).toBe('2026-03-09T00:00:00.000Z');
    expect(weekly.inputs).toMatchObject({ answers: 12, teams_included: 2 });
    const exact = (await apiClient(server.base, tokenFor(deps, 'viewer')).get(`/api/v1/value?${WINDOW}`)).json;
    expect(exact.inputs).toMatchObject({ answers: 22, teams_included: 2 });
  });

  it('keeps only trend periods that hold a whole week', async () => {
    // Two weeks cut into four: the edges move to Mondays, so two periods are left, one week each.
    const summary = await asViewer('/api/v1/teams/grp/summary?from=2026-03-09&to=2026-03-23');
    expect(summary.trend.map((p: { from: string; to: string }) => [p.from.slice(0, 10), p.to.slice(0, 10)])).toEqual([
      ['2026-03-09', '2026-03-16'],
      ['2026-03-16', '2026-03-23'],
    ]);
    expect(summary.trend.map((p: { respondents: number }) => p.respondents)).toEqual([10, 12]);
  });

  it('says on the pages that whole weeks are counted and how many were left out', async () => {
    const results = await viewer.get(`/surveys/pulse/results?team=a&${WINDOW}`);
    expect(results.text).toContain('Survey figures count whole weeks (Monday to Sunday, UTC)');
    // The last day counted, inclusive: the weeks of 9 and 16 March end on Sunday 22 March.
    expect(results.text).toContain('9 Mar 2026 – 22 Mar 2026');
    expect(results.text).toContain('1 week with fewer than 5 respondents');
    // The filter keeps the dates as entered.
    expect(results.text).toContain('value="2026-03-04"');
    const team = await viewer.get(`/teams/a?${WINDOW}`);
    expect(team.status).toBe(200);
    expect(team.text).toContain('Survey figures count whole weeks');
  });
});

describe('subtreeCounts', () => {
  it('counts a person found under two teams once in every subtree that holds either', async () => {
    const { subtreeCounts } = await import('../../src/privacy/tree.js');
    const team = (id: number, key: string, parentId: number | null) =>
      ({ id, key, name: key, parentId, parentKey: parentId === 1 ? 'grp' : null }) as never;
    const teams = [team(1, 'grp', null), team(2, 'a', 1), team(3, 'b', 1), team(4, 'solo', null)];
    // y moved from a to b inside the window; w is filed under grp itself.
    const counts = subtreeCounts(
      teams,
      new Map([
        [2, ['x', 'y']],
        [3, ['y', 'z']],
        [1, ['w']],
        [4, ['v']],
      ]),
    );
    expect(Object.fromEntries(counts.subtree)).toEqual({ 1: 4, 2: 2, 3: 2, 4: 1 });
    expect(Object.fromEntries(counts.own)).toEqual({ 1: 1, 2: 2, 3: 2, 4: 1 });
    expect(counts.org).toBe(5);
  });
});

describe('respondent_weeks (migration 0012)', () => {
  it('stays equal to a GROUP BY over responses through inserts, moves and deletes', () => {
    const deps = makeDeps();
    const f = surveyFactory(deps);
    f.teams([
      { key: 'a', name: 'A', parent: null },
      { key: 'b', name: 'B', parent: null },
    ]);
    f.survey({ key: 'pulse', name: 'Pulse', threshold: 5, questions: DEVEX_QUESTIONS });
    f.survey({ key: 'anon', name: 'Anon', threshold: 5, questions: DEVEX_QUESTIONS });
    for (let i = 0; i < 12; i++) {
      f.response({
        survey: 'pulse',
        team: i % 3 ? 'a' : 'b',
        respondent: `p${i % 5}`,
        submittedAt: `2026-03-${String(1 + i * 2).padStart(2, '0')}T23:30:00.000Z`,
        answers: { build_and_test: 3 },
      });
      f.response({
        survey: 'anon',
        team: 'a',
        respondent: null,
        submittedAt: '2026-03-04T10:00:00.000Z',
        answers: { build_and_test: 4 },
      });
    }
    const truth = () =>
      deps.db
        .prepare(
          `SELECT survey_id, date(substr(submitted_at, 1, 10), 'weekday 0', '-6 days') AS week, team_id, COALESCE(respondent, '#' || id) AS respondent, COUNT(*) AS responses
      FROM responses GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        )
        .all();
    const kept = () =>
      deps.db
        .prepare(
          `SELECT w.survey_id, w.week, w.team_id, k.respondent, w.responses
      FROM respondent_weeks w JOIN respondent_keys k ON k.id = w.person ORDER BY 1, 2, 3, 4`,
        )
        .all();
    expect(kept()).toEqual(truth());
    expect(kept().length).toBeGreaterThan(10);
    // A resubmission a week later, a move to another team, a new pseudonym, deletions.
    deps.db
      .prepare(
        "UPDATE responses SET submitted_at = '2026-03-20T08:00:00.000Z' WHERE id IN (SELECT id FROM responses ORDER BY id LIMIT 3)",
      )
      .run();
    deps.db
      .prepare(
        "UPDATE responses SET team_id = (SELECT id FROM teams WHERE key = 'b') WHERE id IN (SELECT id FROM responses ORDER BY id DESC LIMIT 4)",
      )
      .run();
    deps.db.prepare("UPDATE responses SET respondent = 'someone-else' WHERE respondent = 'p1'").run();
    deps.db
      .prepare('DELETE FROM answers WHERE response_id IN (SELECT id FROM responses ORDER BY id LIMIT 5 OFFSET 5)')
      .run();
    deps.db.prepare('DELETE FROM responses WHERE id IN (SELECT id FROM responses ORDER BY id LIMIT 5 OFFSET 5)').run();
    expect(kept()).toEqual(truth());
  });
});
