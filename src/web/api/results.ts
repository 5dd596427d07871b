import { queryTo } from '../../reports/reports.schema.js';
import type { Request } from 'express';
import { invalid } from '../../errors.js';
import { surveyResults, type ResultsOptions, type SurveyResults } from '../../surveys/results.service.js';
import type { CsvRow } from '../report-format.js';
import { sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

/** `team`, `from`, `to` from a query string; a repeated parameter is a 422 naming it. */
export function resultsQuery(req: Request): ResultsOptions {
  const one = (name: string): string | undefined => {
    const v = req.query[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw invalid([{ field: name, message: 'must be given once' }]);
    return v;
  };
  one('through');
  const to = queryTo(req.query);
  return { team: one('team'), from: one('from'), to: typeof to === 'string' && to ? to : one('to') };
}

const suppressedMessage = (r: SurveyResults) =>
  r.suppressed_reason === 'complementary'
    ? `hidden so that a sibling group with fewer than ${r.threshold} respondents cannot be computed by subtraction`
    : `fewer than ${r.threshold} respondents — hidden to protect anonymity`;

/** One CSV row per question; a suppressed group is one row saying so. */
export function resultsCsvRows(r: SurveyResults): CsvRow[] {
  const head = { survey: r.survey, team: r.team ?? '(org)', from: r.from, to: r.to };
  if (r.suppressed) return [{ ...head, suppressed: true, respondents: null, message: suppressedMessage(r) }];
  const changes = new Map((r.changes ?? []).map((c) => [`${c.question}@${c.version}`, c]));
  return r.questions.map((q) => {
    const c = changes.get(`${q.key}@${q.version}`);
    return {
      ...head,
      suppressed: false,
      respondents: r.respondents,
      response_rate: r.response_rate ?? null,
      devex_score: r.devex_score ?? null,
      question: q.key,
      version: q.version,
      text: q.text,
      type: q.type,
      dimension: q.dimension,
      n: q.n,
      favorable: q.favorable,
      ci95_low: q.ci95?.[0] ?? null,
      ci95_high: q.ci95?.[1] ?? null,
      mean: q.mean,
      sd: q.sd ?? null,
      distribution: Object.entries(q.distribution)
        .map(([k, v]) => `${k}:${v}`)
        .join('; '),
      enps: q.enps?.score ?? null,
      hours_median: q.hours?.median ?? null,
      hours_p25: q.hours?.p25 ?? null,
      hours_p75: q.hours?.p75 ?? null,
      change_delta: c?.delta ?? null,
      change_ci95_low: c?.ci95[0] ?? null,
      change_ci95_high: c?.ci95[1] ?? null,
      change_significant: c?.significant ?? null,
    };
  });
}

/** GET /api/v1/surveys/:key/results (JSON, or CSV with ?format=csv). */
export const resultsApi: RouteDef[] = [
  {
    method: 'get',
    path: '/api/v1/surveys/:key/results',
    policy: 'api:read',
    summary: 'Survey results for a team or the org (privacy rules applied)',
    handler: (req, res, deps) => {
      const report = surveyResults(deps, String(req.params.key), resultsQuery(req));
      sendReport(req, res, report, resultsCsvRows, `${report.survey}-results${report.team ? `-${report.team}` : ''}`);
    },
  },
];
