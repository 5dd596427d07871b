import { z } from 'zod';
import { invalid } from '../../errors.js';
import { driversCsvRows, surveyDrivers } from '../../surveys/drivers.service.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';
import { resultsQuery } from './results.js';

const when = (what: string) =>
  z.string().optional().describe(`${what}: an ISO date (2026-03-02) or instant with a zone (2026-03-02T14:00:00Z)`);

const driversQuery = z.object({
  team: z.string().optional().describe('A team key; a parent team covers its whole subtree. Absent: the org'),
  from: when('Window start, inclusive'),
  to: when('Window end, exclusive'),
  outcome: z
    .string()
    .optional()
    .describe(
      'Question key of the outcome (a Likert or 0–10 question of the survey). Default: the survey’s first 0–10 ' +
        'question, else its first satisfaction question',
    ),
  exact: z
    .enum(['1'])
    .optional()
    .describe('Admin sessions only: `1` counts the exact window instead of whole UTC weeks'),
});

const interval = z.tuple([z.number(), z.number()]).describe('95 % interval [low, high]');
const driverRow = z
  .looseObject({
    question: z.string(),
    rho: z.number().nullable().describe('Spearman’s ρ with the outcome; null when suppressed or an item is constant'),
    ci95: interval.nullable().describe('Fisher-z interval tanh(atanh ρ ± 1.96/√(n−3))'),
    n: z.number().int().describe('Responses that answered both this item and the outcome'),
    favorable: z.number().nullable().describe('Share of Likert 4–5 answers, or of 0–10 promoters (9–10)'),
    focus: z.boolean().describe('Below-median favorability and above-median ρ: the “fix these first” quadrant'),
    suppressed: z.boolean(),
    reason: z.string().optional(),
  })
  .meta({ id: 'KeyDriver' });
const driversResponse = z
  .looseObject({
    survey: z.string(),
    team: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    outcome: z.string(),
    n: z.number().int().nullable().describe('Responses in scope that answered the outcome; null when hidden'),
    threshold: z.number().int(),
    min_pairs: z.number().int(),
    suppressed: z.boolean(),
    suppressed_reason: z
      .enum(['below_threshold', 'complementary', 'rest_too_small', 'no_responses', 'too_few_pairs'])
      .optional(),
    reason: z.string().optional(),
    drivers: z.array(driverRow),
  })
  .meta({ id: 'KeyDrivers' });

/** `outcome` of a drivers query: once, as text. */
function outcomeOf(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalid([{ field: 'outcome', message: 'must be given once' }]);
  return value;
}

/** GET /api/v1/surveys/:key/drivers (JSON, or CSV with ?format=csv). */
export const driversApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/surveys/:key/drivers',
    policy: 'api:read',
    summary: 'Key drivers of an outcome question: Spearman ρ per item within the same response (privacy rules applied)',
    openapi: {
      query: driversQuery,
      response: driversResponse,
      csv: true,
      description:
        'For each other Likert or 0–10 question: Spearman’s ρ between its answer and the outcome’s answer in the same ' +
        'response (average ranks for ties), with the Fisher-z 95 % interval. A group under the anonymity threshold, ' +
        'or hidden to protect a sibling, answers `suppressed: true` with no figures; a driver with fewer than 30 ' +
        'paired answers has `suppressed: true` and no ρ. An unknown or non-numeric `outcome` → 422 naming it.',
    },
    handler: (req, res, deps) => {
      const report = surveyDrivers(deps, String(req.params.key), {
        ...resultsQuery(req),
        outcome: outcomeOf(req.query.outcome),
      });
      sendReport(req, res, report, driversCsvRows, `${report.survey}-drivers${report.team ? `-${report.team}` : ''}`);
    },
  },
];
