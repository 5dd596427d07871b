import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { localParts } from '../../src/schedule/local-time.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { seedOrg } from '../slack/harness.js';

const HOUR = 3_600_000;
const local = (iso: string, tz: string) => {
  const p = localParts(new Date(iso), tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
};
const question = [{ key: 'q1', text: 'Builds are fast', type: 'likert5', dimension: 'feedback_loops' }];

/** Ticks the scheduler every `step` from the clock's time up to `until`; the runs it opened, oldest first. */
async function driveUntil(deps: Deps, clock: ReturnType<typeof testClock>, until: string, step = 6 * HOUR) {
  const scheduler = createScheduler(deps, {});
  while (clock.now().getTime() < new Date(until).getTime()) {
    await scheduler.tick();
    clock.advance(step);
  }
  await scheduler.stop();
  return deps.db
    .prepare(
      `SELECT r.opens_at AS opensAt, r.trigger, s.key AS survey FROM runs r JOIN surveys s ON s.id = r.survey_id
       ORDER BY r.opens_at`,
    )
    .all() as Array<{ opensAt: string; trigger: string; survey: string }>;
}

describe('the scheduler opens plain-cadence runs on their dates (fake clock)', () => {
  it.each([
    // Berlin goes to summer time on 29 March 2026, New York on 8 March.
    ['Europe/Berlin', '2026-03-10', ['2026-03-10', '2026-03-24', '2026-04-07', '2026-04-21']],
    ['America/New_York', '2026-03-03', ['2026-03-03', '2026-03-17', '2026-03-31', '2026-04-14']],
  ])(
    'a biweekly pulse in %s opens every other Tuesday at 09:30 local across the DST change',
    async (tz, startsOn, dates) => {
      const clock = testClock('2026-02-20T00:00:00.000Z');
      const deps = makeDeps({ now: clock.now });
      seedOrg(deps);
      upsertSurvey(deps, {
        key: 'biweekly',
        name: 'Biweekly pulse',
        cadence: 'every 2 weeks on tuesday 09:30',
        timezone: tz,
        starts_on: startsOn,
        open_days: 3,
        audience: ['payments'],
        questions: question,
      });
      const runs = await driveUntil(deps, clock, '2026-04-25T00:00:00.000Z');
      expect(runs.map((r) => local(r.opensAt, tz))).toEqual(dates.map((d) => `${d} 09:30`));
      expect(new Set(runs.map((r) => r.trigger))).toEqual(new Set(['schedule']));
      const gaps = runs
        .slice(1)
        .map((r, i) => Math.round((Date.parse(r.opensAt) - Date.parse(runs[i].opensAt)) / HOUR));
      // 14 days apart; the one gap spanning the change is an hour shorter in UTC, never a day.
      expect(gaps.filter((g) => g === 14 * 24)).toHaveLength(2);
      expect(gaps.filter((g) => g === 14 * 24 - 1)).toHaveLength(1);
    },
  );

  it('opens monthly and quarterly runs on the first Monday, and none before starts_on', async () => {
    const clock = testClock('2026-01-01T00:00:00.000Z');
    const deps = makeDeps({ now: clock.now });
    seedOrg(deps);
    const base = { open_days: 2, audience: ['payments'], questions: question, timezone: 'Europe/Berlin' };
    upsertSurvey(deps, {
      surveys: [
        { ...base, key: 'monthly', name: 'Monthly', cadence: 'monthly on the first monday 10:00' },
        { ...base, key: 'quarterly', name: 'Quarterly', cadence: 'quarterly on the first monday' },
        { ...base, key: 'later', name: 'Later', cadence: 'weekly on monday 10:00', starts_on: '2026-04-20' },
      ],
    });
    const runs = await driveUntil(deps, clock, '2026-05-01T00:00:00.000Z', 12 * HOUR);
    const of = (key: string) => runs.filter((r) => r.survey === key).map((r) => local(r.opensAt, 'Europe/Berlin'));
    expect(of('monthly')).toEqual(['2026-01-05', '2026-02-02', '2026-03-02', '2026-04-06'].map((d) => `${d} 10:00`));
    expect(of('quarterly')).toEqual(['2026-01-05 10:00', '2026-04-06 10:00']);
    expect(of('later')).toEqual(['2026-04-20 10:00', '2026-04-27 10:00']);
  });
});

describe('POST /api/v1/surveys with plain cadences, and GET /api/v1/cadence/preview', () => {
  const clock = testClock('2026-03-02T10:00:00.000Z');
  let deps: Deps;
  let srv: TestServer;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    deps = makeDeps({ now: clock.now });
    seedOrg(deps);
    srv = await startServer(deps);
    admin = apiClient(srv.base, tokenFor(deps, 'admin'));
  });
  afterAll(() => srv.close());

  it('stores the canonical form and starts_on, and answers them', async () => {
    const res = await admin.post('/api/v1/surveys', {
      key: 'pulse2',
      name: 'Every other week',
      cadence: 'Every other week on Tue at 9:30',
      timezone: 'Europe/Berlin',
      starts_on: '2026-03-10',
      questions: question,
    });
    expect(res.status).toBe(200);
    expect(res.json.surveys[0]).toMatchObject({ cadence: 'every 2 weeks on tuesday 09:30', starts_on: '2026-03-10' });
    const got = (await admin.get('/api/v1/surveys/pulse2')).json;
    expect(got).toMatchObject({ cadence: 'every 2 weeks on tuesday 09:30', starts_on: '2026-03-10' });
    // Left out: kept. Null: cleared.
    await admin.post('/api/v1/surveys', { key: 'pulse2', name: 'Every other week', questions: question });
    expect((await admin.get('/api/v1/surveys/pulse2')).json.starts_on).toBe('2026-03-10');
    await admin.post('/api/v1/surveys', {
      key: 'pulse2',
      name: 'Every other week',
      starts_on: null,
      questions: question,
    });
    expect((await admin.get('/api/v1/surveys/pulse2')).json.starts_on).toBeNull();
  });

  it('answers 422 naming cadence or starts_on, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ cadence: 'every 12 weeks on monday' }, 'cadence', /from 1 to 8/],
      [{ cadence: 'fortnightly on monday' }, 'cadence', /every 2 weeks/],
      [{ cadence: 'monthly on the fifth friday' }, 'cadence', /first, second, third, fourth or last/],
      [{ cadence: 'weekly on monday 24:00' }, 'cadence', /HH:MM/],
      [{ starts_on: '2026-02-30' }, 'starts_on', /YYYY-MM-DD/],
      [{ starts_on: '10/03/2026' }, 'starts_on', /YYYY-MM-DD/],
    ];
    for (const [patch, field, message] of cases) {
      const res = await admin.post('/api/v1/surveys', { key: 'bad', name: 'Bad', questions: question, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(422);
      const detail = res.json.error.details.find((d: { field: string }) => d.field === field);
      expect(detail?.message, JSON.stringify(patch)).toMatch(message);
    }
    expect((await admin.get('/api/v1/surveys/bad')).status).toBe(404);
  });

  it('previews the next five runs in the time zone, from starts_on', async () => {
    const q = new URLSearchParams({
      cadence: 'every 2 weeks on tuesday 09:30',
      timezone: 'Europe/Berlin',
      starts_on: '2026-03-10',
    });
    const res = await admin.get(`/api/v1/cadence/preview?${q.toString()}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      cadence: 'every 2 weeks on tuesday 09:30',
      kind: 'weekly',
      description: 'Every 2 weeks on Tuesday at 09:30',
      timezone: 'Europe/Berlin',
      starts_on: '2026-03-10',
    });
    expect(res.json.next.map((r: { local: string }) => r.local)).toEqual([
      '2026-03-10T09:30',
      '2026-03-24T09:30',
      '2026-04-07T09:30',
      '2026-04-21T09:30',
      '2026-05-05T09:30',
    ]);
    expect(res.json.next[0]).toEqual({
      at: '2026-03-10T08:30:00.000Z',
      local: '2026-03-10T09:30',
      label: 'Tue, 10 Mar 2026, 09:30 CET',
    });
    expect(res.json.next[2].at).toBe('2026-04-07T07:30:00.000Z');
  });

  it('previews cron too, counts from now without starts_on, and names bad fields', async () => {
    const cron = await admin.get('/api/v1/cadence/preview?cadence=0%2010%20*%20*%201&timezone=UTC');
    expect(cron.json.kind).toBe('cron');
    expect(cron.json.next.map((r: { at: string }) => r.at)).toEqual([
      '2026-03-09T10:00:00.000Z',
      '2026-03-16T10:00:00.000Z',
      '2026-03-23T10:00:00.000Z',
      '2026-03-30T10:00:00.000Z',
      '2026-04-06T10:00:00.000Z',
    ]);
    const manual = await admin.get('/api/v1/cadence/preview?cadence=&timezone=Europe%2FBerlin');
    expect(manual.json).toMatchObject({ cadence: null, kind: 'manual', next: [] });
    for (const [query, field] of [
      ['cadence=every%20tuesday', 'cadence'],
      ['cadence=weekly%20on%20monday&timezone=Mars%2FBase', 'timezone'],
      ['cadence=weekly%20on%20monday&starts_on=2026-13-01', 'starts_on'],
    ] as const) {
      const res = await admin.get(`/api/v1/cadence/preview?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.json.error.details[0].field, query).toBe(field);
    }
  });

  it('needs a token or a session', async () => {
    expect((await apiClient(srv.base).get('/api/v1/cadence/preview?cadence=weekly%20on%20monday')).status).toBe(401);
    const viewer = apiClient(srv.base, tokenFor(deps, 'viewer'));
    expect((await viewer.get('/api/v1/cadence/preview?cadence=weekly%20on%20monday')).status).toBe(200);
  });
});
