import type { Request } from 'express';
import { getDefinitions, updateDefinitions } from '../../delivery/definitions.service.js';
import { benchmarkCsvRows } from '../../delivery/benchmark.service.js';
import { costCsvRows, costReport } from '../../delivery/cost.service.js';
import { orgDelivery, teamDelivery } from '../../delivery/delivery-page.service.js';
import { doraCsvRow, doraReport } from '../../delivery/dora.service.js';
import { ingestCosts, ingestDeployments, ingestIncidents } from '../../delivery/ingest.service.js';
import { createWindows, deleteWindow, listWindows, windowsReport } from '../../delivery/windows.service.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

const q = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};
const scopeOf = (req: Request) => ({
  team: q(req, 'team'),
  service: q(req, 'service'),
  from: q(req, 'from'),
  to: q(req, 'to'),
});

/** JSON API for delivery data: ingestion, DORA, cost, definitions and deployment windows. */
export const deliveryApi: RouteDef[] = [
  {
    method: 'post',
    path: '/api/v1/deployments',
    policy: 'api:ingest',
    summary: 'Ingest deployments (with their commits)',
    handler: (req, res, deps) => res.json(ingestDeployments(deps, req.body)),
  },
  {
    method: 'post',
    path: '/api/v1/incidents',
    policy: 'api:ingest',
    summary: 'Ingest incidents',
    handler: (req, res, deps) => res.json(ingestIncidents(deps, req.body)),
  },
  {
    method: 'post',
    path: '/api/v1/costs',
    policy: 'api:ingest',
    summary: 'Ingest daily cost and utilization',
    handler: (req, res, deps) => res.json(ingestCosts(deps, req.body)),
  },
  {
    method: 'get',
    path: '/api/v1/dora',
    policy: 'api:read',
    summary: 'DORA metrics for a team, service or the org',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        doraReport(deps, scopeOf(req)),
        (r) => [doraCsvRow(r), ...benchmarkCsvRows(r.scope, r.benchmark)],
        'dora',
      ),
  },
  {
    method: 'get',
    path: '/api/v1/costs',
    policy: 'api:read',
    summary: 'Platform cost, utilization and idle cost',
    handler: (req, res, deps) => sendReport(req, res, costReport(deps, scopeOf(req)), costCsvRows, 'costs'),
  },
  {
    method: 'get',
    path: '/api/v1/definitions',
    policy: 'api:read',
    summary: 'Delivery definitions in force',
    handler: (_req, res, deps) => res.json(getDefinitions(deps)),
  },
  {
    method: 'put',
    path: '/api/v1/definitions',
    policy: 'api:admin',
    summary: 'Change delivery definitions',
    handler: (req, res, deps) => res.json(updateDefinitions(deps, req.body)),
  },
  {
    method: 'get',
    path: '/api/v1/windows',
    policy: 'api:read',
    summary: 'Deployment windows',
    handler: (req, res, deps) => res.json({ windows: listWindows(deps, q(req, 'team')) }),
  },
  {
    method: 'post',
    path: '/api/v1/windows',
    policy: 'api:admin',
    summary: 'Add deployment windows',
    handler: (req, res, deps) => res.status(201).json({ windows: createWindows(deps, req.body) }),
  },
  {
    method: 'delete',
    path: '/api/v1/windows/:id',
    policy: 'api:admin',
    summary: 'Remove a deployment window',
    handler: (req, res, deps) => {
      deleteWindow(deps, String(req.params.id));
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/api/v1/windows/report',
    policy: 'api:read',
    summary: 'Window adherence, predictability, suggested windows',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        windowsReport(deps, { ...scopeOf(req), timezone: q(req, 'timezone') }),
        undefined,
        'windows',
      ),
  },
  {
    method: 'get',
    path: '/api/v1/delivery/teams',
    policy: 'api:read',
    summary: 'DORA for every team (the /delivery page as JSON)',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        orgDelivery(deps, { from: q(req, 'from'), to: q(req, 'to') }),
        (r) => r.teams.map((t) => doraCsvRow(t.dora)),
        'delivery-teams',
      ),
  },
  {
    method: 'get',
    path: '/api/v1/delivery/teams/:key',
    policy: 'api:read',
    summary: 'A team delivery page as JSON (weekly series, heatmap, cost)',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        teamDelivery(deps, String(req.params.key), { from: q(req, 'from'), to: q(req, 'to') }),
        (r) =>
          r.charts.weekly.labels.map((week, i) => ({
            team: r.team,
            week,
            successful: r.charts.weekly.success[i],
            failed: r.charts.weekly.failed[i],
            lead_time_median_hours: r.charts.lead.median[i],
            lead_time_n: r.charts.lead.n[i],
            ...Object.fromEntries(r.charts.reasons.series.map((s) => [`failed_${s.reason}`, s.counts[i]])),
          })),
        `delivery-${String(req.params.key)}`,
      ),
  },
];
