import type { Request, Response } from 'express';
import { orgDelivery, teamDelivery } from '../../delivery/delivery-page.service.js';
import { definitionsInForce } from '../../delivery/dora.service.js';
import { getDefinitions } from '../../delivery/definitions.service.js';
import type { Deps } from '../../deps.js';
import { tierThresholds } from '../../metrics/dora-tiers.js';
import { listTeams } from '../../directory/directory.service.js';
import { AppError, fieldErrors, notFound } from '../../errors.js';
import { DEFAULT_WINDOW_DAYS, defaultWindowEnd, queryTo, throughDate } from '../../reports/reports.schema.js';
import type { RouteDef } from '../route.js';
import { formatDate, renderPage } from '../views.js';

const DAY_MS = 86_400_000;
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/**
 * The report window of a page: query from/to (dates), default the window every report uses (the
 * 90 days up to the next whole hour, `defaultWindowEnd`), as the date inputs show it.
 */
export function pageWindow(req: Request, deps: Deps) {
  const from = str(req.query.from);
  // The form sends the last day, inclusive (`through`); links and scripts may send `to`, exclusive.
  const to = str(queryTo(req.query));
  const params = new URLSearchParams();
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  const q = params.toString();
  const end = defaultWindowEnd(deps.now());
  const toInstant = to ? (to.length === 10 ? `${to}T00:00:00.000Z` : to) : end.toISOString();
  const toMs = Number.isNaN(Date.parse(toInstant)) ? end.getTime() : Date.parse(toInstant);
  return {
    from,
    to,
    query: q ? `?${q}` : '',
    csvQuery: `?${q ? `${q}&` : ''}format=csv`,
    fromDate: from?.slice(0, 10) ?? new Date(toMs - DEFAULT_WINDOW_DAYS * DAY_MS).toISOString().slice(0, 10),
    toDate: to?.slice(0, 10) ?? end.toISOString().slice(0, 10),
    throughDate: throughDate(new Date(toMs).toISOString()),
  };
}

type TeamCharts = ReturnType<typeof teamDelivery>['charts'];

/** The charts of a team's page with their axis dates as pages write dates ("7 Sep 2026"); the JSON keeps ISO days. */
function pageCharts(c: TeamCharts): TeamCharts {
  const days = (labels: string[]) => labels.map((d) => formatDate(d));
  return {
    ...c,
    weekly: { ...c.weekly, labels: days(c.weekly.labels) },
    lead: { ...c.lead, labels: days(c.lead.labels) },
    reasons: { ...c.reasons, labels: days(c.reasons.labels) },
    cost: { ...c.cost, labels: days(c.cost.labels) },
  };
}

/** Runs a report; a 422 on from/to re-renders the page with the message next to the field. */
function withWindow<T>(
  req: Request,
  res: Response,
  deps: Deps,
  build: (w: { from?: string; to?: string }) => T,
): { data: T | null; errors: Record<string, string> } {
  const w = pageWindow(req, deps);
  try {
    return { data: build({ from: w.from, to: w.to }), errors: {} };
  } catch (err) {
    if (
      err instanceof AppError &&
      err.status === 422 &&
      err.details.some((d) => d.field === 'from' || d.field === 'to' || d.field === 'through')
    ) {
      return { data: build({}), errors: fieldErrors(err.details) };
    }
    throw err;
  }
}

/** Delivery pages: org DORA table, team delivery page, definitions. */
export const deliveryPages: RouteDef[] = [
  {
    method: 'get',
    path: '/delivery',
    policy: 'page:viewer',
    summary: 'Delivery (DORA) per team',
    handler: (req, res, deps) => {
      const { data, errors } = withWindow(req, res, deps, (w) => orgDelivery(deps, w));
      renderPage(
        res,
        'delivery/org',
        { title: 'Delivery', report: data, window: pageWindow(req, deps), errors, defs: getDefinitions(deps) },
        { status: Object.keys(errors).length ? 422 : 200 },
      );
    },
  },
  {
    method: 'get',
    path: '/teams/:key/delivery',
    policy: 'page:viewer',
    summary: 'A team’s delivery page',
    handler: (req, res, deps) => {
      const key = String(req.params.key);
      const team = listTeams(deps).find((t) => t.key === key);
      if (!team) throw notFound(`Team "${key}"`);
      const { data, errors } = withWindow(req, res, deps, (w) => teamDelivery(deps, key, w));
      renderPage(
        res,
        'delivery/team',
        {
          title: `${team.name} delivery`,
          teamName: team.name,
          report: data,
          window: pageWindow(req, deps),
          errors,
          defs: getDefinitions(deps),
          chartData: data ? pageCharts(data.charts) : null,
        },
        { status: Object.keys(errors).length ? 422 : 200 },
      );
    },
  },
  {
    method: 'get',
    path: '/delivery/definitions',
    policy: 'page:viewer',
    summary: 'How each delivery figure is defined',
    handler: (_req, res, deps) =>
      renderPage(res, 'delivery/definitions', {
        title: 'Delivery definitions',
        defs: definitionsInForce(getDefinitions(deps)),
        thresholds: tierThresholds(getDefinitions(deps).tier_year),
      }),
  },
];
