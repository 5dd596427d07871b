import { afterEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { outboxRepo } from '../../src/schedule/outbox.repo.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { openRun, runForm } from '../../src/surveys/runs.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { browser, SMALL_SURVEY, tokenOf } from './fixtures.js';

const NOW = '2026-03-02T10:00:00.000Z';
const WINDOW = 'from=2026-02-01T00:00:00Z&to=2026-03-01T00:00:00Z';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Teams grp → a, b (and core alone), people per team, the small survey as `pulse` with threshold k. */
function setup(teams: Record<string, { parent?: string; people: number }>, k = 5, slack = false) {
  const clock = testClock(NOW);
  const deps: Deps = makeDeps({ now: clock.now });
  if (slack) deps.config = { ...deps.config, slack: { ...deps.config.slack, mode: 'http' } };
  upsertTeams(deps, {
    teams: Object.entries(teams).map(([key, t]) => ({ key, name: key.toUpperCase(), parent: t.parent })),
  });
  upsertPeople(deps, {
    people: Object.entries(teams).flatMap(([team, t]) =>
      Array.from({ length: t.people }, (_, i) => ({ email: `${team}${i}@acme.example`, name: `${team} ${i}`, team })),
    ),
  });
  upsertSurvey(deps, { ...SMALL_SURVEY, key: 'pulse', name: 'Pulse', anonymity_threshold: k });
  return { deps, clock };
}

const person = (deps: Deps, email: string) => directoryRepo(deps.db).personByEmail(email)!.id;
const ANSWERS = { build_and_test: 4, recommend: 8, hours_lost: '1-2', friction: 'slow builds' };

/** Opens a run at `opensAt` for `teams` and lets the listed people answer a day later. */
function runWithAnswers(
  deps: Deps,
  clock: ReturnType<typeof testClock>,
  opensAt: string,
  teams: string[],
  answering: string[],
) {
  clock.set(opensAt);
  const { runId } = openRun(deps, 'pulse', { teams, closesAt: new Date(Date.parse(opensAt) + 5 * 86_400_000) });
  clock.set(new Date(Date.parse(opensAt) + 86_400_000).toISOString());
  for (const email of answering)
    submitResponse(deps, { runId, personId: person(deps, email), answers: ANSWERS, source: 'web' });
  clock.set(NOW);
  return runId;
}

const emails = (team: string, n: number) => Array.from({ length: n }, (_, i) => `${team}${i}@acme.example`);

describe('response rate: responses ÷ invitations, each person once per run', () => {
  it('two runs of 12 answered by 6 and 3 give 9/24 = 37.5 % in results, per team, team summary and the runs list alike', async () => {
    const { deps, clock } = setup({ core: { people: 12 } }, 3);
    const run1 = runWithAnswers(deps, clock, '2026-02-02T09:00:00.000Z', ['core'], emails('core', 6));
    const run2 = runWithAnswers(deps, clock, '2026-02-16T09:00:00.000Z', ['core'], emails('core', 3));
    server = await startServer(deps);
    const api = apiClient(server.base, tokenFor(deps, 'admin'));

    const org = (await api.get(`/api/v1/surveys/pulse/results?${WINDOW}`)).json;
    expect(org.respondents).toBe(6); // distinct people: not the rate's numerator
    expect(org.response_rate).toBe(9 / 24);
    expect(org.response_rate_low).toBe(true);
    expect(org.invited).toBe(24);
    expect(org.runs).toEqual([
      expect.objectContaining({ id: run2, status: 'closed', invited: 12, answered: 3, rate: 0.25, rate_low: true }),
      expect.objectContaining({ id: run1, status: 'closed', invited: 12, answered: 6, rate: 0.5, suppressed: false }),
    ]);
    for (const r of org.runs)
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['id', 'opened_at', 'closes_at', 'status', 'invited', 'answered', 'rate']),
      );

    const team = (await api.get(`/api/v1/surveys/pulse/results?team=core&${WINDOW}`)).json;
    expect(team.response_rate).toBe(9 / 24);
    expect(team.runs.map((r: { answered: number }) => r.answered)).toEqual([3, 6]);

    const summary = (await api.get(`/api/v1/teams/core/summary?${WINDOW}`)).json;
    expect(summary.survey.response_rate).toBe(9 / 24);
    // the heatmap's per-team results (org page) come from resultsByTeam: the same figures
    const { resultsByTeam } = await import('../../src/surveys/results.service.js');
    const byTeam = resultsByTeam(deps, 'pulse', { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' });
    // (the per-language counts are for API tokens only: resultsByTeam feeds pages, which never show them)
    const { languages: _languages, ...teamFigures } = team as Record<string, unknown>;
    expect(byTeam.get('core')).toEqual(teamFigures);

    const list = (await api.get('/api/v1/surveys/pulse/runs')).json;
    expect(list.runs.map((r: { responses: number; rate: number }) => [r.responses, r.rate])).toEqual([
      [3, 0.25],
      [6, 0.5],
    ]);
  });

  it('is null where nobody was invited (imported history)', async () => {
    const { deps } = setup({ core: { people: 6 } }, 3);
    server = await startServer(deps);
    const api = apiClient(server.base, tokenFor(deps, 'admin'));
    const imported = await api.post('/api/v1/surveys/pulse/responses', {
      responses: emails('core', 4).map((email, i) => ({
        respondent: email,
        team: 'core',
        submitted_at: `2026-02-1${i}T10:00:00Z`,
        answers: { build_and_test: 4 },
      })),
    });
    expect(imported.status).toBe(200);
    const r = (await api.get(`/api/v1/surveys/pulse/results?${WINDOW}`)).json;
    expect(r).toMatchObject({ respondents: 4, response_rate: null, invited: 0, runs: [] });
  });

  it('hides a run whose answers a sibling could be worked out from, and then the window rate too', async () => {
    const { deps, clock } = setup({
      grp: { people: 0 },
      a: { parent: 'grp', people: 6 },
      b: { parent: 'grp', people: 6 },
    });
    const run1 = runWithAnswers(
      deps,
      clock,
      '2026-02-02T09:00:00.000Z',
      ['grp'],
      [...emails('a', 6), ...emails('b', 6)],
    );
    const run2 = runWithAnswers(
      deps,
      clock,
      '2026-02-16T09:00:00.000Z',
      ['grp'],
      [...emails('a', 6), ...emails('b', 2)],
    );
    server = await startServer(deps);
    const api = apiClient(server.base, tokenFor(deps, 'admin'));
    const get = async (team: string) => (await api.get(`/api/v1/surveys/pulse/results?team=${team}&${WINDOW}`)).json;

    const b = await get('b');
    expect(b.suppressed).toBe(false); // 6 distinct people in the window
    expect(b.runs.find((r: { id: string }) => r.id === run2)).toMatchObject({
      invited: 6,
      answered: null,
      rate: null,
      suppressed: true,
    });
    expect(b).toMatchObject({ response_rate: null, response_rate_suppressed: true });
    // a's run 2 (6 answers) is hidden too: with b's hidden, org − a would give b's 2 away
    const a = await get('a');
    expect(a.runs.find((r: { id: string }) => r.id === run2)).toMatchObject({ answered: null, suppressed: true });
    expect(a.runs.find((r: { id: string }) => r.id === run1)).toMatchObject({ answered: 6, rate: 1 });
    expect(a.response_rate).toBeNull();
    const org = (await api.get(`/api/v1/surveys/pulse/results?${WINDOW}`)).json;
    expect(org.runs.map((r: { answered: number }) => r.answered)).toEqual([8, 12]);
    expect(org.response_rate).toBe(20 / 24);
    expect(JSON.stringify([a, b])).not.toContain('"answered":2');
  });
});

describe('managing runs over the API', () => {
  it('closes an open run early: answers kept, link shows the closed page, no more answers or invitations', async () => {
    const { deps, clock } = setup({ core: { people: 6 } });
    clock.set('2026-03-01T09:00:00.000Z');
    const { runId } = openRun(deps, 'pulse', { teams: ['core'] });
    clock.set('2026-03-01T12:00:00.000Z');
    submitResponse(deps, { runId, personId: person(deps, 'core0@acme.example'), answers: ANSWERS, source: 'web' });
    clock.set(NOW);
    server = await startServer(deps);
    const api = apiClient(server.base, tokenFor(deps, 'admin'));
    const links = (await api.get(`/api/v1/runs/${runId}/links`)).json as Array<{ url: string }>;

    expect((await apiClient(server.base, tokenFor(deps, 'viewer')).post(`/api/v1/runs/${runId}/close`)).status).toBe(
      403,
    );
    const closed = await api.post(`/api/v1/runs/${runId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ run_id: runId, status: 'closed', closed_at: NOW });
    expect(closed.json.planned_closes_at).toBe('2026-03-06T09:00:00.000Z');
    expect((await api.post(`/api/v1/runs/${runId}/close`)).json.error.code).toBe('run_closed');

    const page = await browser(server.base).get(`/s/${tokenOf(links[1].url)}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('earlier than planned');
    expect(() =>
      submitResponse(deps, { runId, personId: person(deps, 'core1@acme.example'), answers: ANSWERS, source: 'web' }),
    ).toThrow(expect.objectContaining({ code: 'run_closed' }));
    expect(outboxRepo(deps.db).enqueueInvites(NOW)).toBe(0);
    const runs = (await api.get('/api/v1/surveys/pulse/runs')).json.runs;
    expect(runs[0]).toMatchObject({ id: runId, state: 'closed', closes_at: NOW, invited: 6 });
  });

  it('cancels only a run nobody answered; a cancelled run counts in no rate and its links show the closed page', async () => {
    const { deps, clock } = setup({ core: { people: 6 } });
    const answered = runWithAnswers(deps, clock, '2026-02-02T09:00:00.000Z', ['core'], emails('core', 5));
    clock.set('2026-02-16T09:00:00.000Z');
    const { runId: empty } = openRun(deps, 'pulse', { teams: ['core'] });
    clock.set('2026-02-16T10:00:00.000Z');
    server = await startServer(deps);
    const api = apiClient(server.base, tokenFor(deps, 'admin'));
    const links = (await api.get(`/api/v1/runs/${empty}/links`)).json as Array<{ url: string }>;

    const refused = await api.post(`/api/v1/runs/${answered}/cancel`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('run_closed');
    clock.set('2026-02-03T09:00:00.000Z');
    // still open, but answered: close it instead
    const withAnswers = await api.post(`/api/v1/runs/${answered}/cancel`);
    expect(withAnswers.json.error.code).toBe('run_has_responses');

    clock.set('2026-02-16T10:00:00.000Z');
    const before = (await api.get(`/api/v1/surveys/pulse/results?${WINDOW}`)).json;
    expect(before.response_rate).toBe(5 / 12);
    const cancelled = await api.post(`/api/v1/runs/${empty}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ run_id: empty, status: 'cancelled' });
    const after = (await api.get(`/api/v1/surveys/pulse/results?${WINDOW}`)).json;
    expect(after.response_rate).toBe(5 / 6);
    expect(after.runs.find((r: { id: string }) => r.id === empty)).toMatchObject({
      status: 'cancelled',
      counted: false,
    });
    const page = await browser(server.base).get(`/s/${tokenOf(links[0].url)}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('was cancelled');
    expect((await api.post(`/api/v1/runs/${empty}/cancel`)).json.error.code).toBe('run_cancelled');
    expect((await api.post('/api/v1/runs/run_nope/cancel')).status).toBe(404);
  });

  it('reminds now those who have not answered, through the outbox, never past two reminders per person', async () => {
    const { deps, clock } = setup({ core: { people: 6 } }, 5, true);
    deps.db.prepare(`UPDATE people SET slack_user_id = 'U' || id`).run();
    clock.set('2026-03-01T09:00:00.000Z');
    const { runId } = openRun(deps, 'pulse', { teams: ['core'] });
    const outbox = outboxRepo(deps.db);
    expect(outbox.enqueueInvites('2026-03-01T09:00:00.000Z')).toBe(6);
    deps.db.prepare(`UPDATE slack_outbox SET status = 'sent'`).run();
    clock.set(NOW);
    // five answer; one has not
    for (const email of emails('core', 5))
      submitResponse(deps, { runId, personId: person(deps, email), answers: ANSWERS, source: 'slack' });
    server = await startServer(deps);
    const api = apiClient(server.base, tokenFor(deps, 'admin'));
    const reminders = () =>
      deps.db
        .prepare(`SELECT dedupe_key FROM slack_outbox WHERE kind = 'reminder' ORDER BY dedupe_key`)
        .pluck()
        .all() as string[];
    const last = person(deps, 'core5@acme.example');

    const first = await api.post(`/api/v1/runs/${runId}/remind`);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ run_id: runId, reminded: 1, at_cap: 0, max_reminders: 2 });
    expect(reminders()).toEqual([`reminder1:${runId}:${last}`]);
    const due = outbox.claimNext(NOW, 'test');
    expect(due).toMatchObject({ kind: 'reminder', personId: last, notBefore: NOW });

    expect((await api.post(`/api/v1/runs/${runId}/remind`)).json).toMatchObject({ reminded: 1, at_cap: 0 });
    expect((await api.post(`/api/v1/runs/${runId}/remind`)).json).toMatchObject({ reminded: 0, at_cap: 1 });
    expect(reminders()).toEqual([`reminder1:${runId}:${last}`, `reminder2:${runId}:${last}`]);
    // the schedule's own reminders respect the same cap
    deps.db.prepare(`UPDATE surveys SET reminders = '[1, 2]'`).run();
    expect(outbox.enqueueReminders(NOW)).toBe(0);

    // a run of three: how many answered is under k, so the counts are not told
    clock.set('2026-03-01T09:00:00.000Z');
    const small = openRun(deps, 'pulse', { personIds: [1, 2, 3] }).runId;
    outbox.enqueueInvites('2026-03-01T09:00:00.000Z');
    deps.db.prepare(`UPDATE slack_outbox SET status = 'sent' WHERE kind = 'invite'`).run();
    clock.set(NOW);
    expect((await api.post(`/api/v1/runs/${small}/remind`)).json).toMatchObject({ reminded: null, at_cap: null });
    expect(reminders().filter((k) => k.includes(small))).toHaveLength(3);

    await api.post(`/api/v1/runs/${runId}/close`);
    expect((await api.post(`/api/v1/runs/${runId}/remind`)).json.error.code).toBe('run_closed');
  });

  it('refuses reminders when Slack is off', async () => {
    const { deps } = setup({ core: { people: 6 } });
    const { runId } = openRun(deps, 'pulse');
    server = await startServer(deps);
    const res = await apiClient(server.base, tokenFor(deps, 'admin')).post(`/api/v1/runs/${runId}/remind`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('slack_off');
  });

  it('downloads personal links as CSV (JSON stays the pinned array)', async () => {
    const { deps } = setup({ core: { people: 6 } });
    const { runId } = openRun(deps, 'pulse');
    server = await startServer(deps);
    const api = apiClient(server.base, tokenFor(deps, 'admin'));
    const json = await api.get(`/api/v1/runs/${runId}/links`);
    expect(Array.isArray(json.json)).toBe(true);
    expect(json.json).toHaveLength(6);
    const admin = await loginSession(server.base, deps, 'admin');
    const csv = await admin.get(`/api/v1/runs/${runId}/links?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="?run_[0-9a-f]+-links\.csv"?$/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('email,url');
    expect(lines.slice(1).sort()).toEqual(
      (json.json as Array<{ email: string; url: string }>).map((l) => `${l.email},${l.url}`).sort(),
    );
    const viewer = await loginSession(server.base, deps, 'viewer');
    expect((await viewer.get(`/api/v1/runs/${runId}/links?format=csv`)).status).toBe(403);
  });
});

describe('a respondent who opens their link again', () => {
  it('sees "You answered on …" with their answers filled in, and sending again updates that response', async () => {
    const { deps } = setup({ core: { people: 6 } });
    const { runId } = openRun(deps, 'pulse');
    server = await startServer(deps);
    const links = (await apiClient(server.base, tokenFor(deps, 'admin')).get(`/api/v1/runs/${runId}/links`))
      .json as Array<{ email: string; url: string }>;
    const mine = links.find((l) => l.email === 'core0@acme.example')!;
    const me = browser(server.base);
    const path = `/s/${tokenOf(mine.url)}`;
    const blank = await me.get(path);
    expect(blank.text).not.toContain('You answered on');
    const sent = await me.post(path, {
      _csrf: me.csrfFrom(blank.text),
      q_build_and_test: '2',
      q_recommend: '7',
      q_hours_lost: '2-4',
      q_friction: 'flaky tests',
    });
    expect(sent.status).toBe(303);

    const again = await me.get(path);
    expect(again.status).toBe(200);
    expect(again.text).toContain('You answered on 2 Mar 2026; change your answers');
    expect(again.text).toMatch(/name="q_build_and_test" value="2"\s+checked/);
    expect(again.text).toMatch(/name="q_recommend" value="7"\s+checked/);
    expect(again.text).toMatch(/name="q_hours_lost" value="2-4"\s+checked/);
    expect(again.text).toContain('>flaky tests</textarea>');
    expect(again.text).toContain('Update my answers');

    const updated = await me.post(path, {
      _csrf: me.csrfFrom(again.text),
      q_build_and_test: '5',
      q_recommend: '7',
      q_hours_lost: '0',
    });
    expect(updated.status).toBe(303);
    const rows = deps.db
      .prepare(
        `SELECT q.key, a.value_num AS num, a.value_text AS text FROM responses r JOIN answers a ON a.response_id = r.id
         JOIN questions q ON q.id = a.question_id WHERE r.run_id = ? ORDER BY q.key`,
      )
      .all(runId);
    expect(rows).toEqual([
      { key: 'build_and_test', num: 5, text: null },
      { key: 'hours_lost', num: 0, text: '0' },
      { key: 'recommend', num: 7, text: null },
    ]);
    expect(runForm(deps, runId).run.state).toBe('open');
    // another person's link still opens a blank form
    const other = links.find((l) => l.email === 'core1@acme.example')!;
    expect((await browser(server.base).get(`/s/${tokenOf(other.url)}`)).text).not.toContain('You answered on');
  });
});

describe('run pages', () => {
  it('asks before opening and warns about an open run; close, cancel and remind confirm first and need CSRF', async () => {
    const { deps, clock } = setup({ core: { people: 6 } });
    runWithAnswers(deps, clock, '2026-02-02T09:00:00.000Z', ['core'], emails('core', 5));
    server = await startServer(deps);
    const admin = await loginSession(server.base, deps, 'admin');

    const ask = await admin.get('/admin/surveys/pulse/open');
    expect(ask.status).toBe(200);
    expect(ask.text).toContain('Invites the 6 active people');
    expect(ask.text).not.toContain('still open');
    const csrf = admin.csrfFrom(ask.text);
    const opened = await admin.postForm('/admin/surveys/pulse/runs', { confirm: 'yes' }, csrf);
    expect(opened.status).toBe(303);
    const runId = /opened=(run_[0-9a-f]+)/.exec(opened.headers.get('location')!)![1];
    const again = await admin.get('/admin/surveys/pulse/open');
    expect(again.text).toContain('A run of this survey is still open');
    expect(again.text).toContain(runId);

    const list = await admin.get('/surveys');
    expect(list.text).toContain(`href="/admin/runs/${runId}/close"`);
    expect(list.text).toContain(`href="/admin/runs/${runId}/remind"`);
    expect(list.text).toContain(`href="/admin/runs/${runId}/cancel"`);
    expect(list.text).toContain(`href="/api/v1/runs/${runId}/links?format=csv"`);
    expect(list.text).toMatch(/83%/); // 5 of 6 in the closed run
    expect(list.text).toContain('Not answered yet');

    const confirmClose = await admin.get(`/admin/runs/${runId}/close`);
    expect(confirmClose.text).toContain('Close this run now?');
    expect((await admin.postForm(`/admin/runs/${runId}/close`, { confirm: 'yes' })).status).toBe(403);
    const unconfirmed = await admin.postForm(`/admin/runs/${runId}/close`, {}, csrf);
    expect(unconfirmed.headers.get('location')).toBe(`/admin/runs/${runId}/close`);
    expect(runForm(deps, runId).run.state).toBe('open');
    const done = await admin.postForm(`/admin/runs/${runId}/close`, { confirm: 'yes' }, csrf);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/surveys?done=close&run=${runId}#survey-pulse`);
    expect((await admin.get(done.headers.get('location')!)).text).toContain(`Run <code>${runId}</code> closed`);

    const remindClosed = await admin.postForm(`/admin/runs/${runId}/remind`, { confirm: 'yes' }, csrf);
    expect(remindClosed.status).toBe(409);
    expect(remindClosed.text).toContain(
      'Reminders go out as Slack DMs or e-mails and neither Slack nor e-mail is configured',
    );

    const viewer = await loginSession(server.base, deps, 'viewer');
    expect((await viewer.get(`/admin/runs/${runId}/close`)).status).toBe(403);
    expect((await viewer.get('/surveys')).text).not.toContain('/admin/runs/');
  });
});
