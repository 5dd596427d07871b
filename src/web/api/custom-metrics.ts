import type { Request } from 'express';
import { z } from 'zod';
import { customMetricCsvRows, customMetricReport } from '../../delivery/custom-metrics.service.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

const q = (req: Request, name: string): string | undefined => {
  const v = req.query[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
};

const when = (what: string) =>
  z.string().optional().describe(`${what}: an ISO date (2026-03-02) or instant with a zone (2026-03-02T14:00:00Z)`);

const figure = {
  median: z.number().nullable().describe('duration metrics: hours'),
  p75: z.number().nullable(),
  n: z.number().int().nullable().describe('durations, events, or denominator events; null when hidden'),
  rate: z.number().nullable().describe('count: events per developer-week; ratio: events over events'),
  suppressed: z.boolean(),
  suppressed_reason: z.string().nullable(),
};

/** GET /api/v1/metrics/:key: one of the org's own metrics (definitions' custom_metrics). */
export const customMetricsApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/metrics/:key',
    policy: 'api:read',
    summary: "One of the org's own metrics over platform events, for a team or the org, with a row per team",
    handler: (req, res, deps) =>
      sendReport(
        req,
        res,
        customMetricReport(deps, String(req.params.key), {
          team: q(req, 'team'),
          from: q(req, 'from'),
          to: q(req, 'to'),
        }),
        customMetricCsvRows,
        `metric-${String(req.params.key)}`,
      ),
    openapi: {
      description:
        'A custom metric of the definitions (`custom_metrics`) over `POST /api/v1/events` of known people in ' +
        '`[from, to)`: `duration` (hours from a start event to the next end event with the same metadata ' +
        '`match` value: median, p75, n), `count` (events per developer-week: `rate`), `ratio` (start events ' +
        'over end events: `rate`). Events belong to the person’s team; a figure from fewer than k distinct ' +
        'people is hidden (`suppressed`). Unknown key → 404. See docs/metrics.md "Custom metrics".',
      query: z.object({
        team: z.string().optional().describe('A team key; a parent team covers its whole subtree. Absent: the org'),
        from: when('Window start, inclusive'),
        to: when('Window end, exclusive'),
      }),
      response: z.looseObject({
        key: z.string(),
        label: z.string(),
        unit: z.string(),
        better: z.enum(['lower', 'higher']),
        kind: z.enum(['duration', 'count', 'ratio']),
        scope: z.looseObject({}),
        ...figure,
        by_team: z.array(z.object({ team: z.string(), name: z.string(), ...figure })),
        definition: z.looseObject({}),
      }),
      errors: { 404: 'no custom metric with this key' },
      csv: true,
    },
  },
];
