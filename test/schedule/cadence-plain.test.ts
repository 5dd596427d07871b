import { describe, expect, it } from 'vitest';
import {
  describeCadence,
  formatCadence,
  occurrences,
  parseCadence,
  type Cadence,
  type CadenceAnchor,
} from '../../src/schedule/cadence.js';
import { localParts, parseLocalDate, zonedInstant } from '../../src/schedule/local-time.js';

const parse = (text: string): Cadence => {
  const r = parseCadence(text);
  if (!r.ok) throw new Error(`${text}: ${r.message}`);
  return r.cadence;
};
const problem = (text: string): string => {
  const r = parseCadence(text);
  if (r.ok) throw new Error(`${text} parsed as ${JSON.stringify(r.cadence)}`);
  return r.message;
};
const local = (at: Date, tz: string) => {
  const p = localParts(at, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
};
const anchorOn = (date: string): CadenceAnchor => ({ startsOn: parseLocalDate(date), createdAt: new Date(0) });
const DAY = 86_400_000;

describe('parseCadence: every plain form', () => {
  it.each([
    ['weekly on monday 10:00', { kind: 'weekly', every: 1, weekday: 1, hour: 10, minute: 0 }, 'weekly on monday 10:00'],
    ['Weekly on Monday', { kind: 'weekly', every: 1, weekday: 1, hour: 10, minute: 0 }, 'weekly on monday 10:00'],
    [
      'every week on fri at 16:45',
      { kind: 'weekly', every: 1, weekday: 5, hour: 16, minute: 45 },
      'weekly on friday 16:45',
    ],
    [
      'every 2 weeks on tuesday 09:30',
      { kind: 'weekly', every: 2, weekday: 2, hour: 9, minute: 30 },
      'every 2 weeks on tuesday 09:30',
    ],
    [
      'every other week on Tue 9:30',
      { kind: 'weekly', every: 2, weekday: 2, hour: 9, minute: 30 },
      'every 2 weeks on tuesday 09:30',
    ],
    [
      'every 1 week on sunday 00:00',
      { kind: 'weekly', every: 1, weekday: 0, hour: 0, minute: 0 },
      'weekly on sunday 00:00',
    ],
    [
      'every 8 weeks on thursdays 23:59',
      { kind: 'weekly', every: 8, weekday: 4, hour: 23, minute: 59 },
      'every 8 weeks on thursday 23:59',
    ],
    [
      'monthly on the first monday 10:00',
      { kind: 'monthly', week: 1, weekday: 1, hour: 10, minute: 0 },
      'monthly on the first monday 10:00',
    ],
    [
      'monthly on the last friday',
      { kind: 'monthly', week: 'last', weekday: 5, hour: 10, minute: 0 },
      'monthly on the last friday 10:00',
    ],
    [
      'every month on the 2nd wednesday 08:15',
      { kind: 'monthly', week: 2, weekday: 3, hour: 8, minute: 15 },
      'monthly on the second wednesday 08:15',
    ],
    [
      'monthly on the third thursday 14:00',
      { kind: 'monthly', week: 3, weekday: 4, hour: 14, minute: 0 },
      'monthly on the third thursday 14:00',
    ],
    [
      'monthly on the fourth saturday 07:00',
      { kind: 'monthly', week: 4, weekday: 6, hour: 7, minute: 0 },
      'monthly on the fourth saturday 07:00',
    ],
    [
      'quarterly on the first monday 10:00',
      { kind: 'quarterly', week: 1, weekday: 1, hour: 10, minute: 0 },
      'quarterly on the first monday 10:00',
    ],
    [
      'Quarterly on the last  Friday at 16:00',
      { kind: 'quarterly', week: 'last', weekday: 5, hour: 16, minute: 0 },
      'quarterly on the last friday 16:00',
    ],
  ])('%s', (text, cadence, canonical) => {
    expect(parse(text)).toEqual(cadence);
    expect(formatCadence(parse(text))).toBe(canonical);
    // The canonical text reads back to the same cadence.
    expect(parse(canonical)).toEqual(cadence);
  });

  it('keeps cron expressions as cron', () => {
    expect(parse('0 10 * * 1')).toEqual({ kind: 'cron', expression: '0 10 * * 1' });
    expect(parse('  30 9  * * MON-FRI ')).toEqual({ kind: 'cron', expression: '30 9 * * MON-FRI' });
    expect(formatCadence(parse('0 10 * * 1'))).toBe('0 10 * * 1');
    // Cron lists keep their commas (plain forms may carry commas too).
    expect(parse('0 10 1 1,4,7,10 *')).toEqual({ kind: 'cron', expression: '0 10 1 1,4,7,10 *' });
    expect(formatCadence(parse('weekly on monday, 10:00'))).toBe('weekly on monday 10:00');
  });

  it('describes a cadence for people', () => {
    expect(describeCadence(parse('every 2 weeks on tuesday 09:30'))).toBe('Every 2 weeks on Tuesday at 09:30');
    expect(describeCadence(parse('quarterly on the first monday'))).toBe('Quarterly on the first Monday at 10:00');
    expect(describeCadence(parse('0 10 * * 1'))).toBe('Cron "0 10 * * 1"');
  });
});

describe('parseCadence: errors say what is wrong and what is accepted', () => {
  it.each([
    ['every 9 weeks on monday', /whole number from 1 to 8/],
    ['every 0 weeks on monday', /whole number from 1 to 8/],
    ['every two weeks on monday', /whole number from 1 to 8/],
    ['weekly on funday', /"funday" is not a weekday/],
    ['weekly on monday 25:00', /"25:00" is not a time of day.*HH:MM/],
    ['weekly on monday at 9am', /"9am" is not a time of day/],
    ['monthly on the fifth monday', /first, second, third, fourth or last/],
    ['monthly on the first someday', /"someday" is not a weekday/],
    ['monthly', /say which weekday of the month/],
    ['quarterly on mondays', /say which weekday of the month/],
    ['biweekly on tuesday', /every 2 weeks on tuesday 09:30/],
    ['daily at 09:00', /too often/],
    ['every tuesday', /not a cadence Chorus understands.*every 2 weeks on tuesday 09:30.*cron/],
    ['on mondays', /not a cadence Chorus understands/],
    ['99 * * * *', /not a valid cron expression.*or write "weekly on monday/],
    ['', /is empty/],
  ])('%s', (text, message) => {
    expect(problem(text)).toMatch(message);
  });
});

describe('zonedInstant: wall-clock times across DST', () => {
  it('moves a skipped time forward and takes the first of a repeated one', () => {
    const d = (s: string) => parseLocalDate(s)!;
    expect(zonedInstant(d('2026-03-29'), 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedInstant(d('2026-10-25'), 2, 30, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant(d('2026-07-01'), 9, 30, 'America/New_York').toISOString()).toBe('2026-07-01T13:30:00.000Z');
    expect(zonedInstant(d('2026-01-01'), 9, 30, 'Asia/Kolkata').toISOString()).toBe('2026-01-01T04:00:00.000Z');
  });
});

describe('occurrences', () => {
  const biweekly = parse('every 2 weeks on tuesday 09:30');

  it.each([
    // Berlin leaves CET for CEST on 29 March 2026 and returns on 25 October.
    [
      'Europe/Berlin',
      '2026-03-10',
      '2026-03-01',
      ['2026-03-10', '2026-03-24', '2026-04-07', '2026-04-21'],
      [1, 1, 2, 2],
    ],
    [
      'Europe/Berlin',
      '2026-09-29',
      '2026-09-01',
      ['2026-09-29', '2026-10-13', '2026-10-27', '2026-11-10'],
      [2, 2, 1, 1],
    ],
    // New York leaves EST for EDT on 8 March 2026 and returns on 1 November.
    [
      'America/New_York',
      '2026-02-24',
      '2026-02-01',
      ['2026-02-24', '2026-03-10', '2026-03-24', '2026-04-07'],
      [-5, -4, -4, -4],
    ],
    [
      'America/New_York',
      '2026-10-06',
      '2026-10-01',
      ['2026-10-06', '2026-10-20', '2026-11-03', '2026-11-17'],
      [-4, -4, -5, -5],
    ],
  ])(
    'a biweekly 09:30 pulse in %s stays 09:30 local, every other week (from %s)',
    (tz, startsOn, after, dates, offsets) => {
      const runs = occurrences(biweekly, tz, anchorOn(startsOn), new Date(`${after}T00:00:00Z`), { limit: 4 });
      expect(runs.map((r) => local(r, tz))).toEqual(dates.map((d) => `${d} 09:30`));
      // UTC hour = 09:30 minus the offset of the day: the instant moves, the wall clock does not.
      runs.forEach((r, i) => expect(r.getUTCHours() * 60 + r.getUTCMinutes()).toBe(9 * 60 + 30 - offsets[i] * 60));
      for (let i = 1; i < runs.length; i++) {
        const gap = runs[i].getTime() - runs[i - 1].getTime();
        const shift = (offsets[i - 1] - offsets[i]) * 3_600_000;
        expect(gap).toBe(14 * DAY + shift);
      }
    },
  );

  it('counts every N weeks from the creation week when there is no start date', () => {
    // Created on Wednesday 4 March 2026: its week's Tuesday (3 March) is the first slot of the rhythm.
    const anchor = { startsOn: null, createdAt: new Date('2026-03-04T12:00:00Z') };
    const runs = occurrences(biweekly, 'UTC', anchor, new Date('2026-03-04T12:00:00Z'), { limit: 3 });
    expect(runs.map((r) => local(r, 'UTC'))).toEqual(['2026-03-17 09:30', '2026-03-31 09:30', '2026-04-14 09:30']);
    const every3 = occurrences(
      parse('every 3 weeks on monday 10:00'),
      'UTC',
      anchor,
      new Date('2026-03-01T00:00:00Z'),
      {
        limit: 3,
      },
    );
    expect(every3.map((r) => local(r, 'UTC'))).toEqual(['2026-03-02 10:00', '2026-03-23 10:00', '2026-04-13 10:00']);
  });

  it('starts an every-N-weeks rhythm on the first matching weekday on or after starts_on', () => {
    const runs = occurrences(biweekly, 'UTC', anchorOn('2026-03-11'), new Date('2026-01-01T00:00:00Z'), { limit: 2 });
    expect(runs.map((r) => local(r, 'UTC'))).toEqual(['2026-03-17 09:30', '2026-03-31 09:30']);
  });

  it('monthly on the first monday, and the last friday', () => {
    const tz = 'Europe/Berlin';
    const first = occurrences(
      parse('monthly on the first monday 10:00'),
      tz,
      anchorOn('2026-01-01'),
      new Date('2025-12-01T00:00:00Z'),
      {
        limit: 5,
      },
    );
    expect(first.map((r) => local(r, tz))).toEqual(
      ['2026-01-05', '2026-02-02', '2026-03-02', '2026-04-06', '2026-05-04'].map((d) => `${d} 10:00`),
    );
    const last = occurrences(
      parse('monthly on the last friday 16:00'),
      tz,
      { startsOn: null, createdAt: new Date(0) },
      new Date('2026-01-01T00:00:00Z'),
      {
        limit: 4,
      },
    );
    expect(last.map((r) => local(r, tz))).toEqual(
      ['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24'].map((d) => `${d} 16:00`),
    );
  });

  it('quarterly on the first monday: January, April, July, October', () => {
    const tz = 'America/New_York';
    const runs = occurrences(
      parse('quarterly on the first monday 10:00'),
      tz,
      { startsOn: null, createdAt: new Date(0) },
      new Date('2026-02-15T00:00:00Z'),
      {
        limit: 4,
      },
    );
    expect(runs.map((r) => local(r, tz))).toEqual(
      ['2026-04-06', '2026-07-06', '2026-10-05', '2027-01-04'].map((d) => `${d} 10:00`),
    );
  });

  it('stops at until, and uses croner for cron', () => {
    const runs = occurrences(
      parse('0 9 * * 1'),
      'Europe/Berlin',
      anchorOn('2026-01-01'),
      new Date('2026-03-20T00:00:00Z'),
      {
        limit: 10,
        until: new Date('2026-04-01T00:00:00Z'),
      },
    );
    expect(runs.map((r) => r.toISOString())).toEqual(['2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
    const weekly = occurrences(
      parse('weekly on monday 09:00'),
      'Europe/Berlin',
      anchorOn('2026-01-01'),
      new Date('2026-03-20T00:00:00Z'),
      {
        limit: 10,
        until: new Date('2026-04-01T00:00:00Z'),
      },
    );
    expect(weekly).toEqual(runs);
  });
});
