import { hiddenReason } from '../../privacy/engine.js';
import { queryTo, segmentParams, throughDate, type SegmentFilter } from '../../reports/reports.schema.js';
import { pageSegments } from '../segment-bar.js';
import type { Request } from 'express';
import type { Deps } from '../../deps.js';
import { listTeams } from '../../directory/directory.service.js';
import type { Team } from '../../directory/directory.repo.js';
import { AppError, fieldErrors } from '../../errors.js';
import { isCoreDimension } from '../../metrics/survey-stats.js';
import { definitionList } from '../../surveys/results.definitions.js';
import { surveyResults, type ResultsOptions, type SurveyResults } from '../../surveys/results.service.js';
import { resultsQuery } from '../api/results.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

/** Teams in tree order with their depth, for a select that shows parents above their children. */
function teamOptions(teams: Team[]): Array<{ key: string; label: string }> {
  const out: Array<{ key: string; label: string }> = [];
  const visit = (parentId: number | null, depth: number) => {
    for (const t of teams.filter((x) => x.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name))) {
      const hasChildren = teams.some((c) => c.parentId === t.id);
      out.push({
        key: t.key,
        label: `${'\u00a0\u00a0'.repeat(depth * 2)}${t.name}${hasChildren ? ' (all teams)' : ''}`,
      });
      visit(t.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/** Runs the report; a bad filter is shown next to its field and the report falls back without it. */
function runWithFilters(
  deps: Deps,
  key: string,
  req: Request,
  segments: SegmentFilter,
): { results: SurveyResults; errors: Record<string, string>; entered: Record<string, string> } {
  const entered = Object.fromEntries(
    // `exact` keeps an admin's exact-window switch on the export links.
    ['team', 'from', 'to', 'through', 'exact'].map((k) => {
      const value = req.query[k];
      return [k, typeof value === 'string' ? value : ''];
    }),
  );
  let errors: Record<string, string> = {};
  try {
    return { results: surveyResults(deps, key, { ...resultsQuery(req), segments }), errors, entered };
  } catch (err) {
    if (!(err instanceof AppError) || err.status !== 422) throw err;
    errors = fieldErrors(err.details);
    const kept: ResultsOptions = { segments };
    for (const f of ['team', 'from', 'to'] as const) if (!errors[f] && entered[f]) kept[f] = entered[f];
    if (!errors.through && !kept.to && entered.through) kept.to = queryTo({ through: entered.through }) as string;
    // from ≥ to is reported on `from`; without both dates the default window applies
    if (errors.from || errors.to || errors.through) {
      delete kept.from;
      delete kept.to;
    }
    try {
      return { results: surveyResults(deps, key, kept), errors, entered };
    } catch (again) {
      if (!(again instanceof AppError) || again.status !== 422) throw again;
      return { results: surveyResults(deps, key, { segments }), errors, entered };
    }
  }
}

const rowClass = (delta: number) => (delta > 0 ? 'fav' : 'unfav');

/** The view model: headline, chart data, one row per question, exports and definitions. */
function resultsView(results: SurveyResults, query: Record<string, string>, segments: SegmentFilter = []) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v));
  // Export links keep the segment filter of the page.
  for (const s of segmentParams(segments)) params.append('segment', s);
  const json = `/api/v1/surveys/${encodeURIComponent(results.survey)}/results${params.size ? `?${params.toString()}` : ''}`;
  const csvParams = new URLSearchParams(params);
  csvParams.set('format', 'csv');
  const changes = new Map((results.changes ?? []).map((c) => [`${c.question}@${c.version}`, c]));
  const questions = results.questions.map((q) => {
    const change = changes.get(`${q.key}@${q.version}`);
    return {
      ...q,
      isLikert: q.type === 'likert5',
      isScale: q.type === 'scale0_10',
      isHours: q.type === 'hours_lost',
      isText: q.type === 'text',
      change: change ? { ...change, cls: rowClass(change.delta) } : null,
    };
  });
  const chart = questions
    .filter((q) => q.isLikert && q.n > 0)
    .map((q) => ({
      label: q.key,
      text: q.text,
      n: q.n,
      favorable: q.favorable,
      neutral: q.neutral,
      unfavorable: q.unfavorable,
    }));
  const coreItems = questions.filter((q) => q.isLikert && q.n > 0 && isCoreDimension(q.dimension)).length;
  return {
    questions,
    chart,
    coreItems,
    significant: (results.changes ?? []).filter((c) => c.significant),
    exports: { json, csv: `/api/v1/surveys/${encodeURIComponent(results.survey)}/results?${csvParams.toString()}` },
    definitions: definitionList(),
  };
}

/** /surveys/:key/results — the results page of a survey for a team (subtree) or the org. */
export const resultsPages: RouteDef[] = [
  {
    method: 'get',
    path: '/surveys/:key/results',
    policy: 'page:viewer',
    summary: 'Survey results page with chart, table and exports',
    handler: (req, res, deps) => {
      const key = String(req.params.key);
      const seg = pageSegments(deps, req, `/surveys/${encodeURIComponent(key)}/results`);
      const { results, errors: windowErrors, entered } = runWithFilters(deps, key, req, seg.segments);
      const errors = { ...windowErrors, ...seg.errors };
      const query =
        errors.team || errors.from || errors.to || errors.through
          ? { team: results.team ?? '', from: results.from, to: results.to }
          : entered;
      renderPage(
        res,
        'results/show',
        {
          title: `${results.survey_name ?? results.survey} results`,
          results,
          ...resultsView(results, query, seg.segments),
          segmentBar: seg.bar,
          hiddenBecause: results.suppressed
            ? hiddenReason(results.suppressed_reason ?? 'below_threshold', results.threshold)
            : null,
          teams: teamOptions(listTeams(deps)),
          form: {
            team: errors.team ? entered.team : (results.team ?? ''),
            // The window as asked (weekly mode counts whole weeks around it; the note says which).
            from: errors.from ? entered.from : (results.period_privacy?.requested ?? results).from.slice(0, 10),
            through:
              errors.to || errors.through
                ? entered.through || entered.to
                : throughDate((results.period_privacy?.requested ?? results).to),
            fromExact: results.from,
            toExact: results.to,
          },
          errors,
        },
        { status: Object.keys(errors).length ? 422 : 200 },
      );
    },
  },
];
