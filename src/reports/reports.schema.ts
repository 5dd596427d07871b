import { z } from 'zod';
import { invalid } from '../errors.js';
import { DAY_MS, HOUR_MS } from '../units.js';

/** A report window `[from, to)` as ISO instants, plus its length in days. */
export interface ReportWindow {
  from: string;
  to: string;
  days: number;
}

const DEFAULT_WINDOW_DAYS = 90;

function parseInstant(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid([{ field, message: 'must be an ISO date or instant' }]);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(value);
  const d = new Date(dateOnly ? `${value}T00:00:00.000Z` : value);
  if ((!dateOnly && !instant) || Number.isNaN(d.getTime())) {
    throw invalid([{ field, message: 'must be an ISO date (2026-03-02) or instant (2026-03-02T14:00:00Z)' }]);
  }
  return d;
}

/** Earliest and latest instants a report window may touch, and its longest span. */
const WINDOW_LIMITS = {
  earliest: Date.parse('2000-01-01T00:00:00.000Z'),
  latest: Date.parse('2100-01-01T00:00:00.000Z'),
  maxDays: 5 * 366,
} as const;

/**
 * Refuses windows no report needs, before any work is done: an instant outside the years
 * 2000–2099, or a span over five years. Report cost grows with the weeks a window holds, so
 * this bounds the worst request a viewer can send (SECURITY.md → "Denial of service").
 */
function checkWindowBounds(from: Date, to: Date, fields = { from: 'from', to: 'to' }): void {
  for (const [d, field] of [
    [from, fields.from],
    [to, fields.to],
  ] as const) {
    const t = d.getTime();
    if (t < WINDOW_LIMITS.earliest || t > WINDOW_LIMITS.latest)
      throw invalid([{ field, message: 'must be between 2000-01-01 and 2100-01-01' }]);
  }
  if (to.getTime() - from.getTime() > WINDOW_LIMITS.maxDays * DAY_MS)
    throw invalid([{ field: fields.from, message: 'the window may span at most 5 years' }]);
}

/**
 * The exclusive `to` of a query. Page forms send the last day to count, inclusive (`through`,
 * YYYY-MM-DD), as people read dates; reports take `to`, exclusive. `to` wins when both are given.
 */
export function queryTo(query: Record<string, unknown>): unknown {
  const through = query.through;
  if ((query.to !== undefined && query.to !== '') || through === undefined || through === '') return query.to;
  if (typeof through !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(through) || Number.isNaN(Date.parse(through)))
    throw invalid([{ field: 'through', message: 'must be a date (2026-03-01): the last day counted' }]);
  return new Date(Date.parse(`${through}T00:00:00.000Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The last day a window `[from, to)` counts, inclusive (YYYY-MM-DD): what a page's date input shows. */
export const throughDate = (to: string): string => new Date(Date.parse(to) - 1).toISOString().slice(0, 10);

/**
 * Where a window without `to` ends, for every report and page (survey and delivery alike): the
 * next whole hour, not this millisecond. It still covers everything up to now, and repeated
 * requests share one cached report instead of none. The default window is the
 * `DEFAULT_WINDOW_DAYS` before it.
 */
export const defaultWindowEnd = (now: Date): Date => new Date(Math.ceil(now.getTime() / HOUR_MS) * HOUR_MS);

/**
 * Reads `from`/`to` (or `through`, see `queryTo`) from a query: defaults to the 90 days before now (to the next whole hour);
 * only `from` → up to then; only `to` → the 90 days before it. A bad value or from ≥ to is a 422
 * naming the field.
 */
export function reportWindow(query: Record<string, unknown>, now: Date): ReportWindow {
  const toDate = parseInstant(queryTo(query), 'to') ?? defaultWindowEnd(now);
  const fromDate = parseInstant(query.from, 'from') ?? new Date(toDate.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (fromDate.getTime() >= toDate.getTime()) throw invalid([{ field: 'from', message: 'must be before to' }]);
  checkWindowBounds(fromDate, toDate);
  return {
    from: fromDate.toISOString(),
    to: toDate.toISOString(),
    days: (toDate.getTime() - fromDate.getTime()) / DAY_MS,
  };
}

/** The window of equal length just before `w`. */
export function previousWindow(w: ReportWindow): ReportWindow {
  const from = new Date(w.from).getTime();
  const length = new Date(w.to).getTime() - from;
  return { from: new Date(from - length).toISOString(), to: w.from, days: w.days };
}

/** `w` cut into `parts` consecutive windows of equal length, oldest first. */
export function splitWindow(w: ReportWindow, parts: number): ReportWindow[] {
  const from = new Date(w.from).getTime();
  const step = (new Date(w.to).getTime() - from) / parts;
  return Array.from({ length: parts }, (_, i) => ({
    from: new Date(Math.round(from + i * step)).toISOString(),
    to: i === parts - 1 ? w.to : new Date(Math.round(from + (i + 1) * step)).toISOString(),
    days: w.days / parts,
  }));
}

const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

/** Value-model assumptions as sent by `PUT /api/v1/value/assumptions` or the leadership-page form. */
export const assumptionsInput = z.object({
  hourly_cost: z.coerce
    .number({ message: 'must be a number' })
    .positive('must be more than 0')
    .max(100_000, 'must be at most 100000'),
  weeks: z
    .preprocess(
      emptyToNull,
      z.coerce
        .number({ message: 'must be a number of weeks, or empty for the window length' })
        .positive('must be more than 0')
        .max(520, 'must be at most 520')
        .nullable(),
    )
    .default(null),
  question: z.string({ message: 'is required' }).trim().min(1, 'is required').max(100),
  survey: z.string().trim().min(1).max(100).optional(),
  currency: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter currency code like USD')
    .optional(),
});
export type AssumptionsInput = z.infer<typeof assumptionsInput>;

/** A share link request: how many days until it expires. */
export const shareInput = z.object({
  expires_in_days: z.coerce
    .number({ message: 'must be a number of days' })
    .int('must be whole days')
    .min(1, 'must be at least 1 day')
    .max(90, 'must be at most 90 days')
    .default(14),
});

/** One condition of a segment filter: people whose response carried `key` with one of `values`. */
export interface SegmentCondition {
  key: string;
  values: string[];
}

/**
 * A segment filter (`segment=<key>:<value>`, repeatable): values of one key are OR, different keys
 * AND. Normalised: conditions sorted by key, values sorted and distinct, so equal filters compare
 * (and cache) equal. Empty = no filter.
 */
export type SegmentFilter = SegmentCondition[];

const SEGMENT_KEY = /^[a-z][a-z0-9_]*$/;
/** Most `segment` parameters one request may carry (each one is an index seek per response). */
const MAX_SEGMENT_VALUES = 20;

/**
 * Parses repeatable `segment=<key>:<value>` parameters against the reportable attribute keys
 * (the derived `tenure` is one when declared reportable). Malformed, unknown or not reportable →
 * 422 naming `segment`.
 */
export function parseSegments(raw: unknown, reportable: readonly string[]): SegmentFilter {
  if (raw === undefined || raw === '') return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length > MAX_SEGMENT_VALUES)
    throw invalid([{ field: 'segment', message: `give at most ${MAX_SEGMENT_VALUES} segment values` }]);
  const byKey = new Map<string, Set<string>>();
  for (const item of list) {
    if (typeof item !== 'string')
      throw invalid([{ field: 'segment', message: 'must be <attribute key>:<value>, e.g. role:backend' }]);
    const at = item.indexOf(':');
    const key = at < 0 ? item : item.slice(0, at);
    const value = at < 0 ? '' : item.slice(at + 1);
    if (!SEGMENT_KEY.test(key) || value.length === 0 || value.length > 100)
      throw invalid([{ field: 'segment', message: 'must be <attribute key>:<value>, e.g. role:backend' }]);
    if (!reportable.includes(key))
      throw invalid([
        {
          field: 'segment',
          message: `"${key}" is not a reportable attribute key${reportable.length ? ` (one of: ${reportable.join(', ')})` : ''}`,
        },
      ]);
    const values = byKey.get(key) ?? new Set<string>();
    values.add(value);
    byKey.set(key, values);
  }
  return [...byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, values]) => ({ key, values: [...values].sort() }));
}

/** Parses `by=<attribute key>` (a breakdown); not reportable or malformed → 422 naming `by`. */
export function parseBy(raw: unknown, reportable: readonly string[]): string | null {
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string' || !SEGMENT_KEY.test(raw))
    throw invalid([{ field: 'by', message: 'must be one attribute key, e.g. role' }]);
  if (!reportable.includes(raw))
    throw invalid([{ field: 'by', message: `"${raw}" is not a reportable attribute key` }]);
  return raw;
}

/** The filter as query parameters (`role:backend`), for echoes, CSV names and links. */
export const segmentParams = (f: SegmentFilter): string[] => f.flatMap((c) => c.values.map((v) => `${c.key}:${v}`));
