import { z } from 'zod';
import { invalid, zodDetails } from '../../errors.js';
import { previewCadence } from '../../schedule/cadence.preview.js';
import { cadencePreviewInput } from '../../schedule/cadence.schema.js';
import type { RouteDef } from '../route.js';

const previewRun = z.object({
  at: z.string().describe('The instant (UTC)'),
  local: z.string().describe('Wall-clock time in the time zone, YYYY-MM-DDTHH:MM'),
  label: z.string().describe('For people: "Tue, 10 Mar 2026, 09:30 CET"'),
});

/** Reads a cadence and shows the next run dates before a survey is saved (the editor's preview). */
export const cadenceApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/cadence/preview',
    policy: 'api:read',
    summary: 'The next five run dates of a cadence in a time zone',
    openapi: {
      query: cadencePreviewInput,
      description:
        'Reads `cadence` as `POST /api/v1/surveys` does (cron, or `weekly on monday 10:00`, `every 2 weeks on ' +
        'tuesday 09:30`, `monthly on the first monday 10:00`, `quarterly on the last friday 16:00`) and lists the ' +
        'next five runs the scheduler would open from now (or from `starts_on`); none (`kind` `manual`) without a `cadence`. ' +
        'A bad cadence is a 422 naming `cadence`.',
      response: z.object({
        cadence: z.string().nullable().describe('Canonical form, as it would be stored; null: runs by hand'),
        kind: z.enum(['manual', 'cron', 'weekly', 'monthly', 'quarterly']),
        description: z.string(),
        timezone: z.string(),
        starts_on: z.string().nullable(),
        next: z.array(previewRun),
      }),
    },
    handler: (req, res, deps) => {
      const parsed = cadencePreviewInput.safeParse(req.query);
      if (!parsed.success) throw invalid(zodDetails(parsed.error));
      res.json(previewCadence(deps, parsed.data));
    },
  },
];
