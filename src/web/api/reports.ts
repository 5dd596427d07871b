import type { Request } from 'express';
import { leadershipCsvRows, leadershipReport } from '../../reports/leadership.report.js';
import { orgCsvRows, orgReport } from '../../reports/org.report.js';
import { reportWindow } from '../../reports/reports.schema.js';
import { withSegments } from '../../reports/segment-scope.js';
import { segmentRequest } from '../../reports/segments.js';
import { teamCsvRows, teamSummary } from '../../reports/team.report.js';
import {
  assumptionsJson,
  readAssumptions,
  saveAssumptions,
  valueCsvRows,
  valueReport,
} from '../../reports/value.service.js';
import type { Deps } from '../../deps.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

const windowOf = (req: Request, deps: Deps) => reportWindow(req.query, deps.now());

/**
 * Runs a combined report with the request's segment filter (`segment=`, repeatable): every survey
 * result and themes report it reads carries it (reports/segment-scope.ts). A bad filter → 422.
 */
const segmented = <T>(req: Request, deps: Deps, fn: () => T): T =>
  withSegments(segmentRequest(deps, req.query).segments, fn);

/** JSON twins (and CSV) of the combined reports: value model, team summary, org overview, leadership. */
export const reportsApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/value',
    policy: 'api:read',
    summary: 'Value model: capacity lost to friction, attribution to themes, platform cost (JSON or CSV)',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        segmented(req, deps, () => valueReport(deps, windowOf(req, deps))),
        valueCsvRows,
        'value-model',
      ),
  },
  {
    method: 'get',
    path: '/api/v1/value/assumptions',
    policy: 'api:read',
    summary: 'The value-model assumptions in force',
    handler: (_req, res, deps) => res.json({ assumptions: assumptionsJson(readAssumptions(deps)) }),
  },
  {
    method: 'put',
    path: '/api/v1/value/assumptions',
    policy: 'api:admin',
    summary: 'Change the value-model assumptions (hourly cost, weeks, question)',
    handler: (req, res, deps) => res.json({ assumptions: assumptionsJson(saveAssumptions(deps, req.body)) }),
  },
  {
    method: 'get',
    path: '/api/v1/teams/:key/summary',
    policy: 'api:read',
    summary: 'Team summary: survey results, DORA, cost and themes (JSON or CSV)',
    handler: (req, res, deps) => {
      const key = String(req.params.key);
      sendReport(
        req,
        res,
        segmented(req, deps, () => teamSummary(deps, key, windowOf(req, deps))),
        teamCsvRows,
        `team-${key}`,
      );
    },
  },
  {
    method: 'get',
    path: '/api/v1/org',
    policy: 'api:read',
    summary: 'Org overview: heatmap, DORA per team, percentile ranks, associations (JSON or CSV)',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        segmented(req, deps, () => orgReport(deps, windowOf(req, deps))),
        orgCsvRows,
        'org',
      ),
  },
  {
    method: 'get',
    path: '/api/v1/leadership',
    policy: 'api:read',
    summary: 'The leadership ("collective voice") report (JSON or CSV)',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        segmented(req, deps, () => leadershipReport(deps, windowOf(req, deps))),
        leadershipCsvRows,
        'leadership',
      ),
  },
];
