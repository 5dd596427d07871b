import type { Request, Response } from 'express';
import type { Deps } from '../../deps.js';
import { AppError, fieldErrors } from '../../errors.js';
import { listLoopUpdates } from '../../loop/loop.service.js';
import { definitionsFor } from '../../reports/definitions.js';
import { leadershipReport } from '../../reports/leadership.report.js';
import { reportWindow, type ReportWindow } from '../../reports/reports.schema.js';
import { activeShares, createShare, openShare, revokeShare } from '../../reports/share.service.js';
import { hoursLostQuestions, readAssumptions, saveAssumptions } from '../../reports/value.service.js';
import { noteAudit } from '../audit-hook.js';
import { formBody } from '../request.js';
import { principalOf, type RouteDef } from '../route.js';
import { renderPage } from '../views.js';
import { benchmarkView } from '../benchmark-view.js';
import { leadershipBrief } from './leadership.brief.js';
import { pageWindow, windowView } from '../page-window.js';
import { withSegments } from '../../reports/segment-scope.js';
import type { SegmentFilter } from '../../reports/reports.schema.js';
import { pageSegments } from '../segment-bar.js';
import { customMetricsView } from './delivery-extras-view.js';
import { driversView } from './drivers-view.js';
import { DAY_MS } from '../../units.js';

const first = <T>(v: T | T[] | undefined): T | undefined => (Array.isArray(v) ? v[0] : v);

/** Everything the leadership view needs; `shared` pages get no forms and no admin controls. */
function leadershipView(deps: Deps, req: Request, w: ReportWindow, shared: boolean, segments: SegmentFilter = []) {
  const report = leadershipReport(deps, w);
  const brief = leadershipBrief(report);
  // A failure here fails the page (the error handler logs it): an empty "updates" list would
  // tell leadership that nothing was done about what people said.
  const updates = listLoopUpdates(deps, { limit: 3 });
  return {
    title: 'The collective voice',
    bodyClass: shared ? 'report-shared' : 'report-leadership',
    r: report,
    brief,
    charts: brief.charts,
    benchmark: benchmarkView(report.dora.benchmark, report.dora.definitions.labels, 'benchmark-org'),
    drivers: driversView(deps, report.survey, { team: null, from: w.from, to: w.to }),
    customMetrics: customMetricsView(deps, w, null),
    updates,
    window: windowView(w, req, segments),
    shared,
    hourQuestions: shared ? [] : hoursLostQuestions(deps),
    shares: shared ? [] : activeShares(deps),
    definitions: definitionsFor([
      'respondents',
      'devex_score',
      'devex_interval',
      'trend',
      'changes',
      'threshold',
      'capacity_lost',
      'attribution',
      'by_owner',
      'drivers',
      'dora',
      'platform_cost',
    ]),
  };
}

function showLeadership(req: Request, res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const { w, errors } = pageWindow(req, deps);
  const seg = pageSegments(deps, req, '/leadership');
  const a = readAssumptions(deps);
  renderPage(
    res,
    'reports/leadership',
    {
      // Survey figures, themes and the value model are read under the page's segment filter.
      ...withSegments(seg.segments, () => leadershipView(deps, req, w, false, seg.segments)),
      errors: { ...errors, ...seg.errors },
      segmentBar: seg.bar,
      form: { hourly_cost: a.hourlyCost, weeks: a.weeks ?? '', question: a.question },
      ...extra,
    },
    { status },
  );
}

/** Leadership page, its share links and the value-model assumptions form. */
export const leadershipPages: RouteDef[] = [
  {
    method: 'get',
    path: '/leadership',
    policy: 'page:viewer',
    summary: 'Leadership page: the collective voice (printable)',
    handler: (req, res, deps) => showLeadership(req, res, deps),
  },
  {
    method: 'post',
    path: '/leadership/assumptions',
    policy: 'page:admin',
    summary: 'Change the value-model assumptions',
    handler: (req, res, deps) => {
      try {
        const form = formBody(req);
        saveAssumptions(deps, { hourly_cost: form.hourly_cost, weeks: form.weeks, question: form.question });
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        return showLeadership(req, res, deps, { assumptionErrors: fieldErrors(err.details), form: formBody(req) }, 422);
      }
      res.redirect(303, '/leadership?saved=assumptions#value');
    },
  },
  {
    method: 'post',
    path: '/leadership/share',
    policy: 'page:analyst',
    summary: 'Create a read-only, expiring share link for the leadership page',
    handler: (req, res, deps) => {
      let w: ReportWindow;
      try {
        const form = formBody(req);
        w = reportWindow({ from: first(form.from), to: first(form.to) }, deps.now());
        const share = createShare(deps, { expires_in_days: form.expires_in_days }, w, principalOf(res)?.email ?? null);
        noteAudit(res, { target: `share:${share.id}`, details: { expires_at: share.expires_at } });
        return renderPage(res, 'reports/share-created', { title: 'Share link created', share }, { status: 201 });
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        return showLeadership(req, res, deps, { shareErrors: fieldErrors(err.details) }, 422);
      }
    },
  },
  {
    method: 'post',
    path: '/leadership/share/:id/revoke',
    policy: 'page:analyst',
    summary: 'Revoke a share link',
    handler: (req, res, deps) => {
      revokeShare(deps, Number(req.params.id));
      res.redirect(303, '/leadership?revoked=1#share');
    },
  },
  {
    method: 'get',
    path: '/share/:token',
    policy: 'public',
    rateLimit: 'survey_link',
    summary: 'A shared leadership page: read-only, no login, expires',
    handler: (req, res, deps) => {
      res.set('Cache-Control', 'no-store');
      res.set('Referrer-Policy', 'no-referrer');
      res.set('X-Robots-Tag', 'noindex');
      let share;
      try {
        share = openShare(deps, String(req.params.token));
      } catch (err) {
        if (err instanceof AppError && (err.status === 410 || err.status === 404)) {
          return renderPage(
            res,
            'reports/share-gone',
            {
              title: err.status === 410 ? 'Link expired' : 'Link not found',
              status: err.status,
              message: err.message,
              bare: true,
            },
            { status: err.status },
          );
        }
        throw err;
      }
      const days = (Date.parse(share.windowTo) - Date.parse(share.windowFrom)) / DAY_MS;
      const view = leadershipView(deps, req, { from: share.windowFrom, to: share.windowTo, days }, true);
      renderPage(res, 'reports/leadership', { ...view, bare: true, sharedUntil: share.expiresAt });
    },
  },
];
