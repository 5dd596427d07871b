import { Cron } from 'croner';
import { isTimeZone } from '../time-zone.js';
import { dayNumber, fromDayNumber, localDate, weekdayOf, zonedInstant, type LocalDate } from './local-time.js';

/**
 * A survey's cadence, typed. Plain rhythms are written in words (`every 2 weeks on tuesday 09:30`);
 * anything else must be a cron expression. Times are wall-clock times in the survey's time zone.
 */
export type Cadence =
  | { kind: 'cron'; expression: string }
  | { kind: 'weekly'; every: number; weekday: number; hour: number; minute: number }
  | { kind: 'monthly' | 'quarterly'; week: WeekOfMonth; weekday: number; hour: number; minute: number };

/** Which weekday of the month: the 1st–4th, or the last. */
export type WeekOfMonth = 1 | 2 | 3 | 4 | 'last';

/** Weekday names, 0 = Sunday (as cron and `Date.getUTCDay`). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export const WEEKS_OF_MONTH = ['first', 'second', 'third', 'fourth', 'last'] as const;
/** `every N weeks` takes N from 1 to this. */
export const MAX_WEEKS = 8;
/** The time of day when a plain cadence names none. */
export const DEFAULT_TIME = { hour: 10, minute: 0 };

const ORDINALS: Record<string, WeekOfMonth> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  last: 'last',
};

/** The forms a plain cadence takes, for error messages and docs. */
const CADENCE_FORMS =
  '"weekly on monday 10:00", "every 2 weeks on tuesday 09:30", "monthly on the first monday 10:00", ' +
  '"quarterly on the last friday 16:00" or a cron expression such as "0 10 * * 1"';

type Parsed = { ok: true; cadence: Cadence } | { ok: false; message: string };
const fail = (message: string): Parsed => ({ ok: false, message });

function weekdayFrom(word: string | undefined): number | null {
  if (!word) return null;
  const w = word.replace(/s$/, '');
  const i = WEEKDAYS.findIndex((d) => d === w || (w.length >= 3 && d.startsWith(w)));
  return i === -1 ? null : i;
}

function timeFrom(text: string | undefined): { hour: number; minute: number } | string {
  if (text === undefined) return DEFAULT_TIME;
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59)
    return `"${text}" is not a time of day: use 24-hour HH:MM such as 09:30`;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Words that start a plain cadence: text starting with one of them is never read as cron. */
const PLAIN_START = /^(weekly|every|monthly|quarterly|biweekly|fortnightly|daily)\b/;

/**
 * Reads a cadence: a plain rhythm (case and spacing free, "at" before the time optional, time
 * 10:00 when left out, weekdays in full or three letters) or a cron expression. The message on
 * failure says what was wrong and which forms are accepted.
 */
export function parseCadence(input: string): Parsed {
  const cron = input.trim().toLowerCase().replace(/\s+/g, ' ');
  if (cron === '') return fail('is empty');
  if (!PLAIN_START.test(cron)) {
    if (/^[a-z]/.test(cron))
      return fail(`"${input.trim()}" is not a cadence Chorus understands: write ${CADENCE_FORMS}`);
    try {
      new Cron(cron, { paused: true }).stop();
      return { ok: true, cadence: { kind: 'cron', expression: input.trim().replace(/\s+/g, ' ') } };
    } catch (err) {
      const why = (err as Error).message.replace(/^CronPattern: /, '');
      return fail(`is not a valid cron expression (${why}); or write ${CADENCE_FORMS}`);
    }
  }
  // Plain forms may carry commas ("weekly on monday, 10:00"); cron lists need theirs.
  const text = cron.replace(/ ?, ?/g, ' ');
  if (/^(biweekly|fortnightly)\b/.test(text))
    return fail('"biweekly" can mean twice a week or every other week: write "every 2 weeks on tuesday 09:30"');
  if (text.startsWith('daily'))
    return fail('a daily pulse is too often for a survey: use a cron expression if you must');

  const time = / (?:at )?(\d{1,2}:\d{2}|\S*\d\S*)$/.exec(text);
  const head = time ? text.slice(0, time.index) : text;
  const at = timeFrom(time?.[1]);
  if (typeof at === 'string') return fail(at);

  const weekly = /^(?:weekly|every week|every (other|\S+) weeks?) on (\S+)$/.exec(head);
  if (weekly) {
    const n = weekly[1] === undefined ? 1 : weekly[1] === 'other' ? 2 : Number(weekly[1]);
    if (!Number.isInteger(n) || n < 1 || n > MAX_WEEKS)
      return fail(`"every ${weekly[1]} weeks": the number of weeks must be a whole number from 1 to ${MAX_WEEKS}`);
    const weekday = weekdayFrom(weekly[2]);
    if (weekday === null) return fail(`"${weekly[2]}" is not a weekday: use monday … sunday`);
    return { ok: true, cadence: { kind: 'weekly', every: n, weekday, ...at } };
  }
  const monthly = /^(monthly|quarterly|every month|every quarter) on the (\S+) (\S+)$/.exec(head);
  if (monthly) {
    const week = ORDINALS[monthly[2]];
    if (week === undefined) return fail(`"${monthly[2]}": say which week — first, second, third, fourth or last`);
    const weekday = weekdayFrom(monthly[3]);
    if (weekday === null) return fail(`"${monthly[3]}" is not a weekday: use monday … sunday`);
    const kind = monthly[1].includes('month') ? 'monthly' : 'quarterly';
    return { ok: true, cadence: { kind, week, weekday, ...at } };
  }
  if (/^(monthly|quarterly|every month|every quarter)\b/.test(head))
    return fail(`"${input.trim()}": say which weekday of the month, e.g. "monthly on the first monday 10:00"`);
  return fail(`"${input.trim()}" is not a cadence Chorus understands: write ${CADENCE_FORMS}`);
}

const hhmm = (c: { hour: number; minute: number }) =>
  `${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;

/** The canonical text of a cadence (what is stored and shown): `every 2 weeks on tuesday 09:30`. */
export function formatCadence(c: Cadence): string {
  if (c.kind === 'cron') return c.expression;
  const day = WEEKDAYS[c.weekday];
  if (c.kind === 'weekly') {
    const rhythm = c.every === 1 ? 'weekly' : `every ${c.every} weeks`;
    return `${rhythm} on ${day} ${hhmm(c)}`;
  }
  const week = c.week === 'last' ? 'last' : WEEKS_OF_MONTH[c.week - 1];
  return `${c.kind} on the ${week} ${day} ${hhmm(c)}`;
}

/** A sentence for people: "Every 2 weeks on Tuesday at 09:30". */
export function describeCadence(c: Cadence): string {
  if (c.kind === 'cron') return `Cron "${c.expression}"`;
  const text = formatCadence(c).replace(/ (\d\d:\d\d)$/, ' at $1');
  const cap = text.replace(
    /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/,
    (d) => d.charAt(0).toUpperCase() + d.slice(1),
  );
  return cap.charAt(0).toUpperCase() + cap.slice(1);
}

/**
 * Where an every-N-weeks rhythm counts from: the `starts_on` date, else the Monday of the week the
 * survey was created in (local dates in the survey's zone). Irrelevant to the other kinds.
 */
export interface CadenceAnchor {
  startsOn: LocalDate | null;
  createdAt: Date;
}

function anchorDay(anchor: CadenceAnchor, timezone: string): number {
  if (anchor.startsOn) return dayNumber(anchor.startsOn);
  const created = dayNumber(localDate(anchor.createdAt, timezone));
  return created - ((weekdayOf(created) + 6) % 7);
}

/** The day of the month of the `week`-th `weekday` (or the last one). */
function nthWeekday(year: number, month: number, weekday: number, week: WeekOfMonth): number {
  if (week === 'last') {
    const last = dayNumber({ year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1, day: 1 }) - 1;
    return last - ((weekdayOf(last) - weekday + 7) % 7);
  }
  const first = dayNumber({ year, month, day: 1 });
  return first + ((weekday - weekdayOf(first) + 7) % 7) + (week - 1) * 7;
}

/**
 * The occurrences of a cadence strictly after `after`, in order, at most `limit` and none later
 * than `until`. Plain rhythms step through local calendar dates and place each at its wall-clock
 * time, so a 09:30 pulse stays 09:30 local across DST changes.
 */
export function occurrences(
  cadence: Cadence,
  timezone: string,
  anchor: CadenceAnchor,
  after: Date,
  options: { limit: number; until?: Date },
): Date[] {
  const out: Date[] = [];
  const until = options.until?.getTime() ?? Infinity;
  const keep = (t: Date) => {
    if (t.getTime() <= after.getTime()) return true;
    if (t.getTime() > until) return false;
    out.push(t);
    return out.length < options.limit;
  };
  if (cadence.kind === 'cron') {
    const job = new Cron(cadence.expression, { timezone, paused: true });
    let cursor: Date | null = after;
    // At most 20,000 steps: an "every second" pattern cannot spin a whole window.
    for (let i = 0; i < 20_000 && cursor; i++) {
      cursor = job.nextRun(cursor);
      if (!cursor || !keep(cursor)) break;
    }
    job.stop();
    return out;
  }
  const start = dayNumber(localDate(after, timezone)) - 1;
  const floor = anchor.startsOn ? dayNumber(anchor.startsOn) : -Infinity;
  const at = (day: number) => zonedInstant(fromDayNumber(day), cadence.hour, cadence.minute, timezone);
  if (cadence.kind === 'weekly') {
    const base = anchorDay(anchor, timezone);
    const first = base + ((cadence.weekday - weekdayOf(base) + 7) % 7);
    const step = 7 * cadence.every;
    let day = first + Math.max(0, Math.ceil((start - first) / step)) * step;
    for (; ; day += step) if (!keep(at(day))) break;
    return out;
  }
  const monthsStep = cadence.kind === 'quarterly' ? 3 : 1;
  const from = fromDayNumber(Math.max(start, floor === -Infinity ? start : floor));
  let index = from.year * 12 + (from.month - 1);
  if (monthsStep === 3) index -= index % 3;
  for (; ; index += monthsStep) {
    const day = nthWeekday(Math.floor(index / 12), (index % 12) + 1, cadence.weekday, cadence.week);
    if (day < floor) continue;
    if (!keep(at(day))) break;
  }
  return out;
}

/**
 * The latest occurrence of a cadence (text as stored) in (`after`, `now`], or null. `after`
 * bounds the search: a run older than its window is not worth opening. Throws on an unreadable cadence.
 */
export function latestSlot(
  text: string,
  timezone: string,
  after: Date,
  now: Date,
  anchor: CadenceAnchor = { startsOn: null, createdAt: after },
): Date | null {
  const parsed = parseCadence(text);
  if (!parsed.ok) throw new Error(parsed.message);
  const all = occurrences(parsed.cadence, timezone, anchor, after, { limit: 20_000, until: now });
  return all.at(-1) ?? null;
}

/** Null when the cadence and time zone are valid, else a message naming the problem. */
export function cadenceProblem(text: string, timezone: string): string | null {
  if (!isTimeZone(timezone)) return `unknown time zone "${timezone}"`;
  const parsed = parseCadence(text);
  return parsed.ok ? null : parsed.message;
}
