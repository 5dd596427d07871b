import type { Request } from 'express';
import { z } from 'zod';
import { incidentsCsvRows, incidentsReport } from '../../delivery/incident-links.service.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

const q = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const when = (what: string) =>
  z.string().optional().describe(`${what}: an ISO date (2026-03-02) or instant with a zone (2026-03-02T14:00:00Z)`);

const incident = z.object({
  id: z.string(),
  service: z.string().nullable(),
  team: z.string().describe('team key'),
  opened_at: z.string(),
  resolved_at: z.string().nullable(),
  severity: z.string().nullable(),
  deployment_id: z.string().nullable().describe('the deployment the incident counts against (explicit or inferred)'),
  link: z.enum(['explicit', 'inferred']).nullable(),
  link_reason: z
    .string()
    .nullable()
    .describe('why, in words, e.g. "latest production deployment of payments-api, 3.2 h before"'),
});

/** GET /api/v1/incidents: incidents with the deployment each counts against and why. */
export const incidentsApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/incidents',
    policy: 'api:read',
    summary: 'Incidents opened in a window, each with its deployment link and the reason for it',
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        incidentsReport(deps, {
          team: q(req, 'team'),
          service: q(req, 'service'),
          from: q(req, 'from'),
          to: q(req, 'to'),
        }),
        incidentsCsvRows,
        'incidents',
      ),
    openapi: {
      description:
        'Incidents opened in `[from, to)`, newest first. `link` is `explicit` when the incident names its ' +
        'deployment (`deployment_id`), `inferred` when definitions’ `incident_link_hours` is set and the ' +
        'service’s latest successful production deployment finished within that many hours before it opened, ' +
        'else null; `link_reason` says why. See docs/metrics.md "Incident links".',
      query: z.object({
        team: z.string().optional().describe('A team key; a parent team covers its whole subtree. Absent: the org'),
        service: z.string().optional().describe('A service name'),
        from: when('Window start, inclusive'),
        to: when('Window end, exclusive'),
      }),
      response: z.looseObject({
        scope: z.looseObject({}),
        incident_link_hours: z.number().nullable(),
        incidents: z.array(incident),
      }),
      csv: true,
    },
  },
];
