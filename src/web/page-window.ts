import type { Request } from 'express';
import type { Deps } from '../deps.js';
import { AppError, fieldErrors } from '../errors.js';
import {
  reportWindow,
  segmentParams,
  throughDate,
  type ReportWindow,
  type SegmentFilter,
} from '../reports/reports.schema.js';

/**
 * The report window of a page, read by the one parser every report uses (`reportWindow`): query
 * `from`, and `to` (exclusive) or `through` (the last day, inclusive, as the date input sends it).
 * A bad date does not fail the page: its message goes next to its field and the default window
 * (the 90 days up to the next whole hour) is shown instead.
 */
export function pageWindow(req: Request, deps: Deps): { w: ReportWindow; errors: Record<string, string> } {
  try {
    return { w: reportWindow(req.query, deps.now()), errors: {} };
  } catch (err) {
    if (err instanceof AppError && err.status === 422)
      return { w: reportWindow({}, deps.now()), errors: fieldErrors(err.details) };
    throw err;
  }
}

/**
 * What every report page shows about its window: the dates its inputs hold (`throughDate` for the
 * inclusive "Through" input) and query strings for its export links. A window the viewer chose is
 * carried into the links; the default window is left out, so a link keeps meaning "the latest".
 * The page's segment filter (if any) is carried too.
 */
export function windowView(w: ReportWindow, req: Request, segments: SegmentFilter = []) {
  const given = (v: unknown) => typeof v === 'string' && v !== '';
  const q = new URLSearchParams();
  if (given(req.query.from)) q.set('from', w.from);
  if (given(req.query.to) || given(req.query.through)) q.set('to', w.to);
  // A segment filter rides along on every link and export of the page, and on its window form.
  for (const s of segmentParams(segments)) q.append('segment', s);
  const params = q.toString();
  const lastMs = new Date(w.to).getTime() - 1;
  return {
    from: w.from,
    to: w.to,
    days: Math.round(w.days),
    fromDate: w.from.slice(0, 10),
    toDate: w.to.slice(0, 10),
    throughDate: throughDate(w.to),
    lastDay: new Date(lastMs).toISOString(),
    /** `from=…&to=…` (or empty), to add to a link that has other parameters. */
    params,
    segments: segmentParams(segments),
    query: params ? `?${params}` : '',
    csvQuery: params ? `?${params}&format=csv` : '?format=csv',
  };
}
