import { orgDelivery, teamDelivery } from '../../delivery/delivery-page.service.js';
import { definitionsInForce } from '../../delivery/dora.service.js';
import { getDefinitions } from '../../delivery/definitions.service.js';
import { tierThresholds } from '../../metrics/dora-tiers.js';
import { listTeams } from '../../directory/directory.service.js';
import { notFound } from '../../errors.js';
import { benchmarkView } from '../benchmark-view.js';
import { pageWindow, windowView } from '../page-window.js';
import { orgFlowView, teamFlowView } from './flow-view.js';
import { deliveryExtrasView } from './delivery-extras-view.js';
import type { RouteDef } from '../route.js';
import { formatDate, renderPage } from '../views.js';

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

/** Delivery pages: org DORA table, team delivery page, definitions. */
export const deliveryPages: RouteDef[] = [
  {
    method: 'get',
    path: '/delivery',
    policy: 'page:viewer',
    summary: 'Delivery (DORA) per team',
    handler: (req, res, deps) => {
      // A bad date shows next to its field and the page reports the default window.
      const { w, errors } = pageWindow(req, deps);
      const data = orgDelivery(deps, w);
      const defs = getDefinitions(deps);
      renderPage(
        res,
        'delivery/org',
        {
          title: 'Delivery',
          report: data,
          window: windowView(w, req),
          errors,
          defs,
          benchmark: benchmarkView(data.org.benchmark, defs.labels, 'benchmark-org'),
          flow: orgFlowView(deps, w, req),
          extras: deliveryExtrasView(deps, w, null, req),
        },
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
      const { w, errors } = pageWindow(req, deps);
      const data = teamDelivery(deps, key, w);
      const defs = getDefinitions(deps);
      renderPage(
        res,
        'delivery/team',
        {
          title: `${team.name} delivery`,
          teamName: team.name,
          report: data,
          window: windowView(w, req),
          errors,
          defs,
          chartData: pageCharts(data.charts),
          benchmark: benchmarkView(data.dora.benchmark, defs.labels, 'benchmark-team'),
          flow: teamFlowView(deps, key, w, req),
          extras: deliveryExtrasView(deps, w, key, req),
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
