import { queryTo } from '../../reports/reports.schema.js';
import type { Request } from 'express';
import { invalid } from '../../errors.js';
import { languageCounts } from '../../i18n/languages.report.js';
import { hiddenReason, type HiddenReason } from '../../privacy/engine.js';
import { segmentRequest } from '../../reports/segments.js';
import type { QuestionResult } from '../../surveys/results.present.js';
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

const suppressedMessage = (r: { suppressed_reason?: HiddenReason; threshold: number }) =>
  hiddenReason(r.suppressed_reason ?? 'below_threshold', r.threshold);

/** CSV cells of one question's figures. */
const questionCells = (q: QuestionResult) => ({
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
});

/** CSV rows of a breakdown: one per group and question; a hidden group is one row saying why. */
function breakdownCsvRows(r: SurveyResults): CsvRow[] {
  if (!r.breakdown) return [];
  const head = {
    survey: r.survey,
    team: r.team ?? '(org)',
    from: r.from,
    to: r.to,
    segment: (r.segment ?? []).join('; '),
  };
  return r.breakdown.groups.flatMap((g): CsvRow[] =>
    g.suppressed
      ? [
          {
            ...head,
            by: r.breakdown!.by,
            value: g.value,
            suppressed: true,
            respondents: null,
            message: g.reason ?? null,
          },
        ]
      : g.questions.map((q) => ({
          ...head,
          by: r.breakdown!.by,
          value: g.value,
          suppressed: false,
          respondents: g.respondents,
          devex_score: g.devex_score,
          ...questionCells(q),
        })),
  );
}

/** One CSV row per question; a suppressed group is one row saying so. */
function resultsCsvRows(r: SurveyResults): CsvRow[] {
  // With ?by= the CSV is the breakdown: one row per group and question.
  if (r.breakdown) return breakdownCsvRows(r);
  const head = {
    survey: r.survey,
    team: r.team ?? '(org)',
    from: r.from,
    to: r.to,
    ...(r.segment ? { segment: r.segment.join('; ') } : {}),
  };
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
      ...questionCells(q),
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
      const { segments, by } = segmentRequest(deps, req.query);
      const results = surveyResults(deps, String(req.params.key), { ...resultsQuery(req), segments, by });
      // How many answered in each language (the privacy rules hide small ones); whole groups only, not segments.
      const languages = results.segment?.length ? undefined : languageCounts(deps, results);
      const report = languages ? { ...results, languages } : results;
      sendReport(req, res, report, resultsCsvRows, `${report.survey}-results${report.team ? `-${report.team}` : ''}`);
    },
  },
];
