import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmac } from '../../src/auth/crypto.js';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { openRun, openRunsForPerson, runLinks } from '../../src/surveys/runs.service.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { browser, seedOrg, seedSmallSurvey, tokenOf } from './fixtures.js';

const clock = testClock('2026-03-02T10:00:00.000Z');
let deps: Deps;
let srv: TestServer;
let runA: string;
let runB: string;
let tokenA: string;
let tokenB: string;
let personId: number;

const responses = () => deps.db.prepare('SELECT * FROM responses ORDER BY id').all() as Array<Record<string, unknown>>;
const answersOf = (responseId: unknown) =>
  Object.fromEntries(
    (
      deps.db
        .prepare(
          `SELECT q.key, a.value_num, a.value_text FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.response_id = ?`,
        )
        .all(responseId) as Array<{ key: string; value_num: number | null; value_text: string | null }>
    ).map((r) => [r.key, [r.value_num, r.value_text]]),
  );

beforeAll(async () => {
  deps = makeDeps({ now: clock.now, env: { CHORUS_BASE_URL: 'https://chorus.acme.example' } });
  seedOrg(deps);
  seedSmallSurvey(deps);
  seedSmallSurvey(deps, { key: 'other', name: 'Other survey' });
  srv = await startServer(deps);
  personId = directoryRepo(deps.db).personByEmail('pay0@acme.example')!.id;
  runA = openRun(deps, 'mini', { teams: ['payments'] }).runId;
  runB = openRun(deps, 'other', { teams: ['payments'] }).runId;
  tokenA = tokenOf(runLinks(deps, runA).find((l) => l.email === 'pay0@acme.example')!.url);
  tokenB = tokenOf(runLinks(deps, runB).find((l) => l.email === 'pay0@acme.example')!.url);
});
afterAll(() => srv.close());

describe('the web survey form', () => {
  it('shows the form for a link: labelled radio groups, 0–10 scale, hours buckets, a textarea, nothing else', async () => {
    const page = await browser(srv.base).get(`/s/${tokenA}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('Mini pulse');
    expect(page.text).toContain('<legend class="question__text">');
    expect(page.text).toContain('Strongly disagree');
    expect(page.text).toContain('Not applicable');
    expect(page.text).toMatch(/name="q_recommend" value="10"/);
    expect(page.text).toMatch(/name="q_hours_lost" value="8\+"/);
    expect(page.text).toContain('<textarea id="q_friction"');
    expect(page.text).toContain("please don't name people".replace('please', 'Please').replace("'", '&#x27;'));
    expect(page.text).not.toContain('class="site-nav"');
    expect(page.text).toMatch(/name="_csrf" value="[^"]{16,}"/);
  });

  it('re-renders an invalid submit with the answers kept and the message next to each field', async () => {
    const b = browser(srv.base);
    const csrf = b.csrfFrom((await b.get(`/s/${tokenA}`)).text);
    const res = await b.post(`/s/${tokenA}`, {
      _csrf: csrf,
      q_build_and_test: '7',
      q_hours_lost: '2-4',
      q_friction: 'CI is red again',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="q_build_and_test-error"');
    expect(res.text).toContain('must be a whole number from 1 to 5');
    expect(res.text).toMatch(/id="q_recommend-error">Please answer this question/);
    expect(res.text).toMatch(/id="q_hours_lost-\d" name="q_hours_lost" value="2-4" checked/);
    expect(res.text).toContain('>CI is red again</textarea>');
    expect(res.text).toMatch(/aria-invalid="true" aria-describedby="q_build_and_test-error"/);
    expect(responses()).toHaveLength(0);
  });

  it('stores a valid submit under a pseudonym and shows the thank-you page', async () => {
    const b = browser(srv.base);
    const csrf = b.csrfFrom((await b.get(`/s/${tokenA}`)).text);
    const res = await b.post(`/s/${tokenA}`, {
      _csrf: csrf,
      q_build_and_test: '2',
      q_recommend: '9',
      q_hours_lost: '8+',
      q_friction: 'flaky tests',
      run_id: runB,
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${tokenA}/thanks`);
    expect((await b.get(`/s/${tokenA}/thanks`)).text).toContain('Thank you');

    const rows = responses();
    expect(rows).toHaveLength(1);
    expect(rows[0].run_id).toBe(runA);
    expect(rows[0].respondent).toBe(hmac(deps.keys.pseudonym, `person:${personId}`));
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain('pay0@acme.example');
    expect(Object.keys(rows[0])).not.toContain('person_id');
    expect(String(rows[0].respondent)).toMatch(/^[0-9a-f]{64}$/);
    expect(answersOf(rows[0].id)).toEqual({
      build_and_test: [2, null],
      recommend: [9, null],
      hours_lost: [10, '8+'],
      friction: [null, 'flaky tests'],
    });
    const invitation = deps.db
      .prepare('SELECT responded FROM invitations WHERE run_id = ? AND person_id = ?')
      .get(runA, personId) as { responded: number };
    expect(invitation.responded).toBe(1);
    expect(openRunsForPerson(deps, personId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ runId: runA, answered: true }),
        expect.objectContaining({ runId: runB, answered: false }),
      ]),
    );
  });

  it('replaces the earlier answers when the person submits again while the run is open', async () => {
    const b = browser(srv.base);
    const csrf = b.csrfFrom((await b.get(`/s/${tokenA}`)).text);
    const res = await b.post(`/s/${tokenA}`, {
      _csrf: csrf,
      q_build_and_test: 'na',
      q_recommend: '3',
      q_hours_lost: '0',
    });
    expect(res.status).toBe(303);
    const rows = responses();
    expect(rows).toHaveLength(1);
    expect(answersOf(rows[0].id)).toEqual({ build_and_test: [null, null], recommend: [3, null], hours_lost: [0, '0'] });
    expect(
      submitResponse(deps, {
        runId: runA,
        personId,
        answers: { build_and_test: 4, recommend: 10, hours_lost: '<1' },
        source: 'slack',
      }),
    ).toMatchObject({ replaced: true });
    expect(responses()).toHaveLength(1);
  });

  it("opens only the token's own run: another run's token stores into that other run", async () => {
    const b = browser(srv.base);
    const page = await b.get(`/s/${tokenB}`);
    expect(page.text).toContain('Other survey');
    expect(page.text).not.toContain('Mini pulse');
    await b.post(`/s/${tokenB}`, {
      _csrf: b.csrfFrom(page.text),
      q_build_and_test: '5',
      q_recommend: '8',
      q_hours_lost: '1-2',
      run_id: runA,
    });
    const byRun = deps.db.prepare('SELECT run_id, COUNT(*) AS n FROM responses GROUP BY run_id ORDER BY run_id').all();
    expect(byRun).toEqual(
      expect.arrayContaining([
        { run_id: runA, n: 1 },
        { run_id: runB, n: 1 },
      ]),
    );
    const other = directoryRepo(deps.db).personByEmail('pay1@acme.example')!;
    expect(() =>
      submitResponse(deps, {
        runId: runA,
        personId: directoryRepo(deps.db).personByEmail('ops0@acme.example')!.id,
        answers: {},
        source: 'slack',
      }),
    ).toThrow(/not invited/);
    expect(other).toBeDefined();
  });

  it('refuses a post without the CSRF token (403) and an unknown link (404)', async () => {
    const b = browser(srv.base);
    await b.get(`/s/${tokenA}`);
    const res = await b.post(`/s/${tokenA}`, { q_build_and_test: '3', q_recommend: '3', q_hours_lost: '0' });
    expect(res.status).toBe(403);
    const missing = await b.get('/s/this-token-does-not-exist-at-all');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('This survey link was not found');
  });

  it('refuses answers after the run closed, on the page and in the service', async () => {
    const b = browser(srv.base);
    const csrf = b.csrfFrom((await b.get(`/s/${tokenA}`)).text);
    clock.advance(6 * 86_400_000);
    const page = await b.get(`/s/${tokenA}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('This survey run is closed');
    const post = await b.post(`/s/${tokenA}`, {
      _csrf: csrf,
      q_build_and_test: '5',
      q_recommend: '9',
      q_hours_lost: '0',
    });
    expect(post.status).toBe(410);
    expect(() =>
      submitResponse(deps, {
        runId: runA,
        personId,
        answers: { build_and_test: 5, recommend: 9, hours_lost: '0' },
        source: 'slack',
      }),
    ).toThrow(expect.objectContaining({ code: 'run_closed', status: 410 }));
    expect(answersOf(responses().find((r) => r.run_id === runA)!.id).build_and_test).toEqual([4, null]);
  });
});

describe('fully anonymous surveys and the thank-you page', () => {
  it('stores no pseudonym, accepts one submission per invitation, and shows "you said, we did"', async () => {
    seedSmallSurvey(deps, { key: 'anon', name: 'Anonymous check-in', fully_anonymous: true });
    const { runId } = openRun(deps, 'anon', { teams: ['checkout'] });
    const person = directoryRepo(deps.db).personByEmail('co0@acme.example')!;
    const answers = { build_and_test: 3, recommend: 7, hours_lost: '1-2' };
    expect(submitResponse(deps, { runId, personId: person.id, answers, source: 'web' })).toMatchObject({
      replaced: false,
    });
    const row = deps.db.prepare('SELECT respondent, team_id FROM responses WHERE run_id = ?').get(runId);
    expect(row).toEqual({ respondent: null, team_id: person.teamId });
    expect(() => submitResponse(deps, { runId, personId: person.id, answers, source: 'web' })).toThrow(
      expect.objectContaining({ code: 'already_answered' }),
    );

    deps.db
      .prepare(`INSERT INTO loop_updates (theme_key, title, body, status, created_at) VALUES (?, ?, ?, ?, ?)`)
      .run(
        'flaky_tests',
        'Quarantine for flaky tests',
        'Flaky tests now move to a quarantine lane automatically.',
        'shipped',
        '2026-03-01T09:00:00.000Z',
      );
    const token = tokenOf(runLinks(deps, runId).find((l) => l.email === 'co0@acme.example')!.url);
    const thanks = await browser(srv.base).get(`/s/${token}/thanks`);
    expect(thanks.status).toBe(200);
    expect(thanks.text).toContain('You said, we did');
    expect(thanks.text).toContain('Quarantine for flaky tests');
    expect(thanks.text).not.toContain('Answer again');
  });
});
