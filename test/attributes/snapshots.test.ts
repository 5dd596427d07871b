import { describe, expect, it } from 'vitest';
import { updateAttributeKeys } from '../../src/attributes/attributes.service.js';
import { tenureBand, wholeMonthsBetween } from '../../src/attributes/tenure.js';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { upsertPeople } from '../../src/directory/directory.service.js';
import { recordFriction } from '../../src/slack/friction.service.js';
import { importResponses } from '../../src/surveys/import.service.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { seedOrg, SMALL_SURVEY } from '../surveys/fixtures.js';
import { makeDeps, testClock } from '../helpers/deps.js';

describe('tenure bands', () => {
  const at = '2026-03-15T09:00:00Z';
  it.each([
    ['2026-03-15', '<6m'], // started that day: 0 months
    ['2025-09-16', '<6m'], // 5 months and 30 days
    ['2025-09-15', '6-12m'], // exactly 6 months
    ['2025-03-16', '6-12m'], // 11 months
    ['2025-03-15', '1-2y'], // exactly 12 months
    ['2024-03-16', '1-2y'], // 23 months
    ['2024-03-15', '2-5y'], // exactly 24 months
    ['2021-03-16', '2-5y'], // 59 months
    ['2021-03-15', '5y+'], // exactly 60 months
    ['2001-01-01', '5y+'],
  ])('started %s → %s at %s', (start, band) => {
    expect(tenureBand(start, at)).toBe(band);
  });

  it('has no band without a start date, before the start, or for a date that does not exist', () => {
    expect(tenureBand(null, at)).toBeNull();
    expect(tenureBand('2026-03-16', at)).toBeNull();
    expect(tenureBand('2025-02-30', at)).toBeNull();
  });

  it('counts whole calendar months by the UTC date, a month complete when its day comes again', () => {
    expect(wholeMonthsBetween('2025-01-31', new Date('2025-02-28T23:59:59Z'))).toBe(0);
    expect(wholeMonthsBetween('2025-01-31', new Date('2025-03-31T00:00:00Z'))).toBe(2);
    expect(wholeMonthsBetween('2024-02-29', new Date('2025-02-28T12:00:00Z'))).toBe(11);
    expect(wholeMonthsBetween('2024-02-29', new Date('2025-03-01T00:00:00Z'))).toBe(12);
    // 23:30 in New York on the 14th is the 15th in UTC: the UTC date counts.
    expect(wholeMonthsBetween('2025-09-15', new Date('2026-03-14T23:30:00-05:00'))).toBe(6);
    expect(wholeMonthsBetween('2026-03-16', new Date(at))).toBe(-1);
  });
});

const snapshot = (deps: Deps, responseId: number) =>
  Object.fromEntries(
    (
      deps.db
        .prepare('SELECT key, value FROM response_attributes WHERE response_id = ? ORDER BY key')
        .all(responseId) as Array<{ key: string; value: string }>
    ).map((r) => [r.key, r.value]),
  );
const count = (deps: Deps, sql: string) => (deps.db.prepare(sql).get() as { n: number }).n;

function setup() {
  const clock = testClock('2026-03-02T10:00:00.000Z');
  const deps = makeDeps({ now: clock.now });
  seedOrg(deps);
  upsertPeople(deps, {
    email: 'pay0@acme.example',
    name: 'Pay 0',
    team: 'payments',
    attributes: { role: 'backend', location: 'Berlin' },
    start_date: '2025-09-03',
  });
  upsertSurvey(deps, SMALL_SURVEY);
  const person = directoryRepo(deps.db).personByEmail('pay0@acme.example')!;
  return { deps, clock, person };
}
const ANSWERS = { build_and_test: 4, recommend: 8, hours_lost: '1-2' };

describe('attribute snapshots on responses', () => {
  it('stores the attributes and tenure at submission, and keeps them when the person changes later', () => {
    const { deps, clock, person } = setup();
    const { runId } = openRun(deps, 'mini', {});
    const { responseId } = submitResponse(deps, { runId, personId: person.id, answers: ANSWERS, source: 'web' });
    // 2025-09-03 → 2026-03-02: 5 whole months.
    expect(snapshot(deps, responseId)).toEqual({ location: 'Berlin', role: 'backend', tenure: '<6m' });

    upsertPeople(deps, {
      email: 'pay0@acme.example',
      name: 'Pay 0',
      team: 'payments',
      attributes: { role: 'sre', level: 'senior' },
      start_date: '2019-01-01',
    });
    expect(snapshot(deps, responseId)).toEqual({ location: 'Berlin', role: 'backend', tenure: '<6m' });

    // A resubmission while the run is open is a new answer: it takes a new snapshot.
    clock.advance(86_400_000);
    const again = submitResponse(deps, { runId, personId: person.id, answers: ANSWERS, source: 'slack' });
    expect(again).toEqual({ responseId, replaced: true });
    expect(snapshot(deps, responseId)).toEqual({ level: 'senior', role: 'sre', tenure: '5y+' });
  });

  it('writes the snapshot in the same transaction as the answers: a failed snapshot stores nothing', () => {
    const { deps, person } = setup();
    const { runId } = openRun(deps, 'mini', {});
    deps.db.exec(
      `CREATE TEMP TRIGGER refuse BEFORE INSERT ON response_attributes BEGIN SELECT RAISE(ABORT, 'no'); END`,
    );
    expect(() => submitResponse(deps, { runId, personId: person.id, answers: ANSWERS, source: 'web' })).toThrow();
    expect(count(deps, 'SELECT COUNT(*) AS n FROM responses')).toBe(0);
    expect(count(deps, 'SELECT COUNT(*) AS n FROM answers')).toBe(0);
    expect(count(deps, 'SELECT COUNT(*) AS n FROM invitations WHERE responded = 1')).toBe(0);
  });

  it('keeps only reportable keys for a fully anonymous survey', () => {
    const { deps, person } = setup();
    upsertSurvey(deps, { ...SMALL_SURVEY, key: 'anon', name: 'Anonymous', fully_anonymous: true });
    updateAttributeKeys(deps, { attributes: [{ key: 'tenure', reportable: true }] });
    const { runId } = openRun(deps, 'anon', {});
    const { responseId } = submitResponse(deps, { runId, personId: person.id, answers: ANSWERS, source: 'web' });
    expect(snapshot(deps, responseId)).toEqual({ tenure: '<6m' });
  });

  it('stores no tenure for someone without a start date or who starts later', () => {
    const { deps } = setup();
    upsertPeople(deps, [
      { email: 'pay1@acme.example', name: 'Pay 1', team: 'payments', attributes: { role: 'data' } },
      { email: 'pay2@acme.example', name: 'Pay 2', team: 'payments', start_date: '2026-04-01' },
    ]);
    const { runId } = openRun(deps, 'mini', {});
    const dir = directoryRepo(deps.db);
    const r1 = submitResponse(deps, {
      runId,
      personId: dir.personByEmail('pay1@acme.example')!.id,
      answers: ANSWERS,
      source: 'web',
    });
    const r2 = submitResponse(deps, {
      runId,
      personId: dir.personByEmail('pay2@acme.example')!.id,
      answers: ANSWERS,
      source: 'web',
    });
    expect(snapshot(deps, r1.responseId)).toEqual({ role: 'data' });
    expect(snapshot(deps, r2.responseId)).toEqual({});
  });

  it('stores the snapshot of friction reports', () => {
    const { deps } = setup();
    upsertPeople(deps, {
      email: 'pay0@acme.example',
      name: 'Pay 0',
      team: 'payments',
      slack_user_id: 'U0PAY0',
    });
    const id = recordFriction(deps, 'U0PAY0', { text: 'the build is flaky', source: 'slack_command' });
    const rows = deps.db
      .prepare('SELECT key, value FROM friction_report_attributes WHERE report_id = ? ORDER BY key')
      .all(id);
    expect(rows).toEqual([
      { key: 'location', value: 'Berlin' },
      { key: 'role', value: 'backend' },
      { key: 'tenure', value: '<6m' },
    ]);
  });
});

describe('attribute snapshots on imported history', () => {
  it('takes the attributes sent, else the known person’s current ones, with tenure at submitted_at', () => {
    const { deps } = setup();
    const ids = (externalId: string) =>
      (deps.db.prepare('SELECT id FROM responses WHERE external_id = ?').get(externalId) as { id: number }).id;
    importResponses(deps, 'mini', {
      responses: [
        // A known person, no attributes sent: theirs now, tenure at the old submission time.
        {
          id: 'h1',
          respondent: 'pay0@acme.example',
          team: 'payments',
          submitted_at: '2026-01-10T09:00:00Z',
          answers: ANSWERS,
        },
        // Attributes sent: those, and tenure still from the known person's start date.
        {
          id: 'h2',
          respondent: 'PAY0@acme.example',
          team: 'payments',
          submitted_at: '2026-01-10T09:00:00Z',
          answers: ANSWERS,
          attributes: { role: 'frontend' },
        },
        // An unknown respondent with a tenure band from the other tool.
        {
          id: 'h3',
          respondent: 'ext-77',
          team: 'payments',
          submitted_at: '2025-06-01T09:00:00Z',
          answers: ANSWERS,
          attributes: { role: 'mobile', tenure: '2-5y' },
        },
        // An unknown respondent without attributes: no snapshot.
        { id: 'h4', respondent: 'ext-78', team: 'payments', submitted_at: '2025-06-01T09:00:00Z', answers: ANSWERS },
        // Before the known person started: no tenure.
        {
          id: 'h5',
          respondent: 'pay0@acme.example',
          team: 'payments',
          submitted_at: '2025-06-01T09:00:00Z',
          answers: ANSWERS,
        },
      ],
    });
    expect(snapshot(deps, ids('h1'))).toEqual({ location: 'Berlin', role: 'backend', tenure: '<6m' });
    expect(snapshot(deps, ids('h2'))).toEqual({ role: 'frontend', tenure: '<6m' });
    expect(snapshot(deps, ids('h3'))).toEqual({ role: 'mobile', tenure: '2-5y' });
    expect(snapshot(deps, ids('h4'))).toEqual({});
    expect(snapshot(deps, ids('h5'))).toEqual({ location: 'Berlin', role: 'backend' });

    // Re-importing with other attributes updates the snapshot; the same file again changes nothing.
    const updatedAt = () =>
      (deps.db.prepare(`SELECT updated_at AS u FROM responses WHERE external_id = 'h3'`).get() as { u: string }).u;
    const item = {
      id: 'h3',
      respondent: 'ext-77',
      team: 'payments',
      submitted_at: '2025-06-01T09:00:00Z',
      answers: ANSWERS,
      attributes: { role: 'mobile', tenure: '5y+' },
    };
    importResponses(deps, 'mini', item);
    expect(snapshot(deps, ids('h3'))).toEqual({ role: 'mobile', tenure: '5y+' });
    const stamp = updatedAt();
    importResponses(deps, 'mini', item);
    expect(updatedAt()).toBe(stamp);
  });

  it('refuses bad attributes naming the item and field, and stores nothing of the batch', () => {
    const { deps } = setup();
    let error: { status: number; details: Array<{ index?: number; field: string }> } | undefined;
    try {
      importResponses(deps, 'mini', {
        responses: [
          { respondent: 'a', team: 'payments', submitted_at: '2026-01-10T09:00:00Z', answers: ANSWERS },
          {
            respondent: 'b',
            team: 'payments',
            submitted_at: '2026-01-10T09:00:00Z',
            answers: ANSWERS,
            attributes: { Role: 'x', tenure: '3y', level: 'y'.repeat(101) },
          },
        ],
      });
    } catch (err) {
      error = err as typeof error;
    }
    expect(error?.status).toBe(422);
    expect(error?.details.map((d) => `${d.index}:${d.field}`)).toEqual(
      expect.arrayContaining(['1:attributes.Role', '1:attributes.tenure', '1:attributes.level']),
    );
    expect(count(deps, 'SELECT COUNT(*) AS n FROM responses')).toBe(0);
    expect(count(deps, 'SELECT COUNT(*) AS n FROM response_attributes')).toBe(0);
  });
});
