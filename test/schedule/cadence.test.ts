import { describe, expect, it } from 'vitest';
import { cadenceProblem, latestSlot } from '../../src/schedule/cadence.js';
import { openDueRuns } from '../../src/schedule/cadence.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { isTimeZone } from '../../src/time-zone.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { seedOrg } from '../slack/harness.js';

describe('latestSlot (croner, IANA time zones)', () => {
  it('finds the latest Monday 09:00 in Berlin, across the DST change', () => {
    // Mondays 09:00 Europe/Berlin: 08:00Z in winter (CET), 07:00Z in summer (CEST, from 29 March 2026).
    expect(
      latestSlot(
        '0 9 * * 1',
        'Europe/Berlin',
        new Date('2026-03-20T00:00:00Z'),
        new Date('2026-03-25T12:00:00Z'),
      )?.toISOString(),
    ).toBe('2026-03-23T08:00:00.000Z');
    expect(
      latestSlot(
        '0 9 * * 1',
        'Europe/Berlin',
        new Date('2026-03-28T00:00:00Z'),
        new Date('2026-04-01T12:00:00Z'),
      )?.toISOString(),
    ).toBe('2026-03-30T07:00:00.000Z');
    expect(
      latestSlot('0 9 * * 1', 'America/New_York', new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T13:59:00Z')),
    ).toBeNull();
    expect(
      latestSlot(
        '0 9 * * 1',
        'America/New_York',
        new Date('2026-03-01T00:00:00Z'),
        new Date('2026-03-02T14:00:00Z'),
      )?.toISOString(),
    ).toBe('2026-03-02T14:00:00.000Z');
  });

  it('names bad patterns and zones', () => {
    expect(cadenceProblem('0 9 * * 1', 'Europe/Berlin')).toBeNull();
    expect(cadenceProblem('0 9 * * 1', 'Mars/Base')).toMatch(/time zone/);
    expect(cadenceProblem('99 * * * *', 'UTC')).toMatch(/cron/);
  });
});

describe('openDueRuns', () => {
  it('opens one run per slot, idempotently across restarts, never late beyond the window', () => {
    const clock = testClock('2026-03-01T12:00:00.000Z'); // a Sunday
    const deps = makeDeps({ now: clock.now });
    seedOrg(deps);
    upsertSurvey(deps, {
      key: 'weekly',
      name: 'Weekly pulse',
      cadence: '0 9 * * 1',
      timezone: 'Europe/Berlin',
      open_days: 2,
      audience: ['payments'],
      questions: [{ key: 'q1', text: 'Builds are fast', type: 'likert5' }],
    });
    expect(openDueRuns(deps)).toEqual([]); // created after last Monday's slot
    clock.set('2026-03-02T08:00:00.000Z');
    const opened = openDueRuns(deps);
    expect(opened).toEqual([{ survey: 'weekly', runId: expect.stringMatching(/^run_/), invited: 5 }]);
    clock.advance(60_000);
    expect(openDueRuns(deps)).toEqual([]); // same slot, same process
    expect(openDueRuns({ ...deps })).toEqual([]); // "restarted": state is in the database
    const run = deps.db.prepare(`SELECT opens_at AS opensAt, closes_at AS closesAt, trigger FROM runs`).all();
    expect(run).toEqual([
      { opensAt: '2026-03-02T08:00:00.000Z', closesAt: '2026-03-04T08:00:00.000Z', trigger: 'schedule' },
    ]);

    // Down for the whole of the next slot's window: that run is not opened late.
    clock.set('2026-03-11T12:00:00.000Z');
    expect(openDueRuns(deps)).toEqual([]);
    clock.set('2026-03-16T08:00:01.000Z');
    expect(openDueRuns(deps).length).toBe(1);
    expect(deps.db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 2 });
  });
});

describe('isTimeZone (the one time-zone check: cadences, deployment windows, event rules)', () => {
  it('knows IANA zones and refuses anything else, and cadenceProblem uses it', () => {
    for (const tz of ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
      expect(isTimeZone(tz), tz).toBe(true);
      expect(cadenceProblem('0 9 * * 1', tz)).toBeNull();
    }
    for (const tz of ['Mars/Olympus', 'Europe/Berlinn', '', 'not a zone']) {
      expect(isTimeZone(tz), tz).toBe(false);
      expect(cadenceProblem('0 9 * * 1', tz)).toBe(`unknown time zone "${tz}"`);
    }
  });
});
