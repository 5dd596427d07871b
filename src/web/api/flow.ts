import type { Request } from 'express';
import { z } from 'zod';
import { flowCsvRows, flowReport, flowTeamsCsvRows, flowTeamsReport } from '../../delivery/flow.report.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

const q = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const hours = z.object({
  median: z.number().nullable(),
  p75: z.number().nullable(),
  n: z.number().int().describe('pull requests with this stage known'),
});
const flowResponse = z.looseObject({
  scope: z.looseObject({}),
  merged: z.number().int().describe('pull requests merged in the window'),
  deployed: z.number().int().describe('of them, with the merge commit deployed to production'),
  cycle_time_hours: hours,
  coding_hours: hours,
  pickup_hours: hours,
  review_hours: hours,
  deploy_hours: hours,
  size_lines: hours.describe('additions + deletions'),
  by_size: z.array(
    z.object({
      bucket: z.string(),
      min_lines: z.number().int(),
      max_lines: z.number().int().nullable(),
      merged: z.number().int(),
      cycle_time_median_hours: z.number().nullable(),
    }),
  ),
  definitions: z.looseObject({}),
});

const when = (what: string) =>
  z.string().optional().describe(`${what}: an ISO date (2026-03-02) or instant with a zone (2026-03-02T14:00:00Z)`);

/** GET /api/v1/flow: pull-request flow (stages, cycle time, size) for a team, service or the org. */
export const flowApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/flow',
    policy: 'api:read',
    summary: 'Pull-request flow: coding, pickup, review and deploy time, cycle time and size',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        flowReport(deps, { team: q(req, 'team'), service: q(req, 'service'), from: q(req, 'from'), to: q(req, 'to') }),
        flowCsvRows,
        'flow',
      ),
    openapi: {
      description:
        'Pull requests merged in `[from, to)` (GitHub and GitLab webhooks) with the median, p75 and n of each ' +
        'stage in hours — coding (first commit → opened), pickup (ready → first review by someone else), review ' +
        '(first review → merge), deploy (merge → first successful production deployment of the merge commit) — ' +
        'cycle time, size, and cycle time by size bucket. See docs/metrics.md "Pull-request flow".',
      query: z.object({
        team: z.string().optional().describe('A team key; a parent team covers its whole subtree. Absent: the org'),
        service: z.string().optional().describe('A service name'),
        from: when('Window start, inclusive'),
        to: when('Window end, exclusive'),
      }),
      response: flowResponse,
      csv: true,
    },
  },
  {
    method: 'get',
    path: '/api/v1/flow/teams',
    policy: 'api:read',
    summary: 'Where pull requests wait, per team: the four stage medians with their n',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        flowTeamsReport(deps, { team: q(req, 'team'), from: q(req, 'from'), to: q(req, 'to') }),
        flowTeamsCsvRows,
        'flow-teams',
      ),
    openapi: {
      description:
        'The stacked bars of the delivery pages: per team (hierarchy order; a group covers its subtree) and for ' +
        'the org, the median hours and n of coding, pickup, review and deploy, each stage’s share of the sum of ' +
        'the four medians, and the merged count. `team=` limits the list to that team and the teams below it.',
      query: z.object({
        team: z.string().optional().describe('A team key: that team and the teams below it. Absent: every team'),
        from: when('Window start, inclusive'),
        to: when('Window end, exclusive'),
      }),
      response: z.looseObject({
        scope: z.looseObject({}),
        org: z.looseObject({}).nullable(),
        teams: z.array(z.looseObject({ key: z.string(), name: z.string(), merged: z.number().int() })),
      }),
      csv: true,
    },
  },
];
