import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { QUESTION_BANK } from '../../src/surveys/question-bank.js';
import { openRun, runForm } from '../../src/surveys/runs.service.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { ensureDefaultSurveys, getSurvey } from '../../src/surveys/surveys.service.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { makeDeps } from '../helpers/deps.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';
import { seedOrg } from './fixtures.js';

let deps: Deps;
let srv: TestServer;

beforeAll(async () => {
  deps = makeDeps();
  seedOrg(deps);
  srv = await startServer(deps);
});
afterAll(() => srv.close());

describe('default surveys and the question bank', () => {
  it('has 14–20 bank items with the pinned keys and dimensions', () => {
    expect(QUESTION_BANK.length).toBeGreaterThanOrEqual(14);
    expect(QUESTION_BANK.length).toBeLessThanOrEqual(20);
    const byKey = Object.fromEntries(QUESTION_BANK.map((q) => [q.key, q]));
    expect(byKey.build_and_test).toMatchObject({
      type: 'likert5',
      dimension: 'feedback_loops',
      text: 'Our build and test cycle is fast enough that I rarely wait on it',
    });
    expect(byKey.code_review).toMatchObject({ type: 'likert5', dimension: 'feedback_loops' });
    expect(byKey.release_confidence).toMatchObject({ type: 'likert5', dimension: 'ease_of_delivery' });
    expect(byKey.deploy_ease).toMatchObject({ type: 'likert5', dimension: 'ease_of_delivery' });
    expect(byKey.docs_findable).toMatchObject({ type: 'likert5', dimension: 'cognitive_load' });
    expect(byKey.focus_time).toMatchObject({ type: 'likert5', dimension: 'flow_state' });
    expect(byKey.recommend).toMatchObject({
      type: 'scale0_10',
      dimension: 'recommend',
      text: 'How likely are you to recommend our internal platform to a colleague?',
    });
    expect(byKey.hours_lost).toMatchObject({ type: 'hours_lost', dimension: 'friction' });
    expect(byKey.hours_lost.text).toMatch(/^Last week, how many hours did you lose to friction/);
    expect(byKey.friction).toMatchObject({ type: 'text', dimension: 'friction' });
    expect(byKey.friction.help).toContain("please don't name people");
  });

  it('creates a weekly pulse with rotation and a quarterly snapshot once', () => {
    expect(ensureDefaultSurveys(deps)).toBe(true);
    expect(ensureDefaultSurveys(deps)).toBe(false);
    const pulse = getSurvey(deps, 'pulse');
    expect(pulse.survey).toMatchObject({ kind: 'pulse', cadence: '0 10 * * 1', openDays: 5, rotateCount: 1 });
    expect(getSurvey(deps, 'snapshot').questions).toHaveLength(QUESTION_BANK.length);

    // Rotation: 8 questions per run, fixed ones always, rotating ones round-robin.
    const asked = [0, 1, 2, 3, 4].map(() => runForm(deps, openRun(deps, 'pulse').runId).questions.map((q) => q.key));
    for (const keys of asked) {
      expect(keys).toHaveLength(8);
      expect(keys).toEqual(
        expect.arrayContaining(['build_and_test', 'code_review', 'focus_time', 'hours_lost', 'friction']),
      );
    }
    const rotatingPerRun = asked.map((keys) =>
      keys.find((k) => ['recommend', 'release_confidence', 'ci_reliability', 'env_access'].includes(k)),
    );
    expect(rotatingPerRun).toEqual(['recommend', 'release_confidence', 'ci_reliability', 'env_access', 'recommend']);
  });
});

describe('survey pages', () => {
  it('lists surveys and runs, hiding response counts under the threshold', async () => {
    const { runId } = openRun(deps, 'pulse', { teams: ['payments'] });
    const form = runForm(deps, runId);
    const answers = Object.fromEntries(
      form.questions.filter((q) => q.required).map((q) => [q.key, q.type === 'hours_lost' ? '0' : 3]),
    );
    for (const email of ['pay0@acme.example', 'pay1@acme.example']) {
      submitResponse(deps, {
        runId,
        personId: directoryRepo(deps.db).personByEmail(email)!.id,
        answers,
        source: 'slack',
      });
    }
    const viewer = await loginSession(srv.base, deps, 'viewer');
    const page = await viewer.get('/surveys');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Weekly pulse');
    expect(page.text).toContain('fewer than 5');
    expect(page.text).toContain('href="/surveys/pulse/results"');
    expect(page.text).not.toContain('/links');
    expect((await viewer.get('/admin/surveys')).status).toBe(403);
  });

  it('lets an admin edit a survey: errors next to the fields with values kept, then save and open a run', async () => {
    const admin = await loginSession(srv.base, deps, 'admin');
    const page = await admin.get('/admin/surveys/pulse');
    expect(page.status).toBe(200);
    expect((await admin.get('/surveys')).text).toMatch(/href="\/api\/v1\/runs\/run_[0-9a-f]+\/links\?format=csv"/);
    const csrf = admin.csrfFrom(page.text);
    const fields = {
      name: 'Weekly pulse',
      kind: 'pulse',
      cadence: '0 25 * * 1',
      timezone: 'Nowhere/City',
      open_days: '5',
      anonymity_threshold: '2',
      rotate_count: '1',
      reminder_1: '48',
      reminder_2: '',
      intro: 'Hi',
      active: 'on',
      questions: ['build_and_test', 'code_review', 'friction'],
      audience: ['payments'],
    };
    const bad = await admin.postForm('/admin/surveys/pulse', fields, csrf);
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="cadence-error">is not a valid cron expression/);
    expect(bad.text).toMatch(/id="timezone-error">must be an IANA time zone/);
    expect(bad.text).toMatch(/id="anonymity_threshold-error">must be at least 3/);
    expect(bad.text).toContain('value="Nowhere/City"');
    expect(bad.text).toMatch(/id="aud-payments" name="audience" value="payments" checked/);

    const ok = await admin.postForm(
      '/admin/surveys/pulse',
      { ...fields, cadence: '0 9 * * 2', timezone: 'Europe/Berlin', anonymity_threshold: '6' },
      csrf,
    );
    expect(ok.status).toBe(303);
    expect(getSurvey(deps, 'pulse').survey).toMatchObject({
      cadence: '0 9 * * 2',
      timezone: 'Europe/Berlin',
      anonymityThreshold: 6,
      audience: ['payments'],
    });
    expect(getSurvey(deps, 'pulse').questions.map((q) => q.key)).toEqual(['build_and_test', 'code_review', 'friction']);

    const unconfirmed = await admin.postForm('/admin/surveys/pulse/runs', {}, csrf);
    expect(unconfirmed.headers.get('location')).toBe('/admin/surveys/pulse/open');
    const opened = await admin.postForm('/admin/surveys/pulse/runs', { confirm: 'yes' }, csrf);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toMatch(/opened=run_[0-9a-f]+&invited=5$/);

    const created = await admin.postForm(
      '/admin/surveys/new',
      { ...fields, key: 'onboarding', name: 'Onboarding', cadence: '', timezone: 'UTC', anonymity_threshold: '5' },
      csrf,
    );
    expect(created.status).toBe(303);
    expect(getSurvey(deps, 'onboarding').survey.cadence).toBeNull();
    const noCsrf = await admin.postForm('/admin/surveys/pulse/runs', {});
    expect(noCsrf.status).toBe(403);
  });
});
