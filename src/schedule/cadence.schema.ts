import { z } from 'zod';
import { isTimeZone } from '../time-zone.js';
import { parseLocalDate } from './local-time.js';

/** Query of `GET /api/v1/cadence/preview` (and the editor's server-rendered preview). */
export const cadencePreviewInput = z.object({
  cadence: z
    .string()
    .trim()
    .max(100, 'must be at most 100 characters')
    .optional()
    .transform((v) => (v ? v : null))
    .describe('A cron expression or a plain rhythm such as `every 2 weeks on tuesday 09:30`; empty: runs by hand'),
  timezone: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : 'UTC'))
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .describe('IANA time zone of the survey (default UTC)'),
  starts_on: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || parseLocalDate(v) !== null, 'must be a date YYYY-MM-DD, e.g. 2026-03-24')
    .describe('First day runs may open (YYYY-MM-DD); every-N-weeks rhythms count from it'),
  survey: z
    .string()
    .trim()
    .optional()
    .describe("An existing survey's key: without `starts_on`, every-N-weeks rhythms count from its creation week"),
});
export type CadencePreviewInput = z.output<typeof cadencePreviewInput>;
