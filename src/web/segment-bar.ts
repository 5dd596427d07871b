import type { Request } from 'express';
import { segmentOptions } from '../attributes/attributes.service.js';
import type { Deps } from '../deps.js';
import { AppError, fieldErrors } from '../errors.js';
import { segmentParams, type SegmentFilter } from '../reports/reports.schema.js';
import { segmentRequest } from '../reports/segments.js';

/** Query parameters a filter bar carries along unchanged (team, window, exact switch, breakdown). */
const KEPT = ['team', 'from', 'to', 'through', 'exact', 'by'];

/** What the filter bar partial (views/partials/segment-bar.hbs) shows. */
export interface SegmentBarView {
  action: string;
  keys: Array<{
    key: string;
    label: string;
    id: string;
    options: Array<{ value: string; label: string; selected: boolean }>;
  }>;
  hidden: Array<{ name: string; value: string }>;
  /** `role: backend` … of the filter in force, for the page's heading. */
  active: string[];
  /** The same page without any segment. */
  clearHref: string;
  error?: string;
}

const stringsOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '');

/**
 * A report page's segment filter (`segment=<key>:<value>`, repeatable, reportable keys only) and
 * breakdown key (`by=`), parsed by the reports' own parser; the filter bar's empty choices ("All")
 * are dropped first. A bad value does not fail the page: its message goes to the bar and the page
 * shows the unfiltered report. `bar` is null when no attribute key is reportable.
 */
export function pageSegments(
  deps: Deps,
  req: Request,
  action: string,
): { segments: SegmentFilter; by: string | null; errors: Record<string, string>; bar: SegmentBarView | null } {
  let segments: SegmentFilter = [];
  let by: string | null = null;
  let errors: Record<string, string> = {};
  try {
    const query = { segment: stringsOf(req.query.segment), by: stringsOf(req.query.by)[0] };
    ({ segments, by } = segmentRequest(deps, {
      ...(query.segment.length ? { segment: query.segment } : {}),
      ...(query.by ? { by: query.by } : {}),
    }));
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 422) throw err;
    errors = fieldErrors(err.details);
  }
  const options = segmentOptions(deps);
  if (!options.length) return { segments, by, errors, bar: null };
  const chosen = new Set(segmentParams(segments));
  const hidden = KEPT.flatMap((name) =>
    stringsOf(req.query[name])
      .slice(0, 1)
      .map((value) => ({ name, value })),
  );
  const clear = new URLSearchParams(hidden.map((h): [string, string] => [h.name, h.value]));
  return {
    segments,
    by,
    errors,
    bar: {
      action,
      keys: options.map((o) => ({
        key: o.key,
        label: o.label,
        id: `seg-${o.key}`,
        options: o.values.map((value) => ({
          value: `${o.key}:${value}`,
          label: value,
          selected: chosen.has(`${o.key}:${value}`),
        })),
      })),
      hidden,
      active: segments.map((c) => `${c.key}: ${c.values.join(' or ')}`),
      clearHref: `${action}${clear.size ? `?${clear.toString()}` : ''}`,
      error: errors.segment ?? errors.by,
    },
  };
}

/** `segment=…&segment=…` of a filter, to add to export and JSON links (empty without a filter). */
export function segmentQuery(segments: SegmentFilter): string {
  const q = new URLSearchParams(segmentParams(segments).map((s): [string, string] => ['segment', s]));
  return q.toString();
}
