import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { resolveTeamScope } from '../directory/directory.service.js';
import { isCoreDimension, wilsonInterval } from '../metrics/survey-stats.js';
import { costFigures } from './cost-figures.js';
import { dimensionCells, likertDimensions } from './heatmap.js';
import { DEFAULT_SURVEY, doraHeadline } from './org.report.js';
import { reportsRepo, type QuestionInfo } from './reports.repo.js';
import { splitWindow, type ReportWindow } from './reports.schema.js';
import { internalBenchmark } from './internal-benchmark.js';
import { costFor, doraFor, surveyFor, themesFor } from './sources.js';
import type { SurveyResults } from '../surveys/results.compose.js';
import type { Change as SurveyChange } from '../surveys/results.present.js';
import type { ThemesReport } from '../themes/themes.service.js';
import { cachedReport } from '../cache/report-cache.js';

/** Periods a trend is drawn over (metrics.md: trends need at least three). */
const TREND_PERIODS = 4;

const suppressedShape = (r: Pick<SurveyResults, 'survey' | 'team' | 'from' | 'to' | 'threshold'>): SurveyResults => ({
  survey: r.survey,
  team: r.team,
  from: r.from,
  to: r.to,
  threshold: r.threshold,
  respondents: null,
  suppressed: true,
  devex_score: null,
  questions: [],
  changes: [],
});

/**
 * One group's survey results in a window with sibling (complementary) suppression applied.
 * `surveyResults` walks from the org down to the group and makes the same suppression decisions
 * as the all-teams `resultsByTeam` (tested equal), at a fraction of the cost for a large org.
 */
function groupResults(deps: Deps, survey: string, key: string, w: { from: string; to: string }): SurveyResults {
  const r = surveyFor(deps, survey, key, w);
  return r.suppressed ? suppressedShape(r) : r;
}

/** DevEx score interval: the Wilson interval of the pooled core-dimension favorable answers, × 100. */
export function devexInterval(r: SurveyResults, dimensionOf: Map<string, string>): [number, number] | null {
  if (r.suppressed) return null;
  let k = 0,
    n = 0;
  for (const q of r.questions) {
    if (!isCoreDimension(q.dimension ?? dimensionOf.get(q.key)) || typeof q.favorable !== 'number' || !q.n) continue;
    k += q.favorable * q.n;
    n += q.n;
  }
  const ci = wilsonInterval(Math.round(k), n);
  return ci ? [Math.round(ci[0] * 1000) / 10, Math.round(ci[1] * 1000) / 10] : null;
}

/** Significant changes with the question's wording, for flags on the page. */
function flagged(changes: SurveyChange[] | undefined, questions: QuestionInfo[]) {
  return (changes ?? [])
    .filter((c) => c.significant)
    .map((c) => ({
      ...c,
      text: questions.find((q) => q.key === c.question)?.text ?? c.question,
      direction: (c.delta ?? 0) < 0 ? 'drop' : 'rise',
    }));
}

/** The themes part of a team summary: the team's report, or only the pinned fields when the team is hidden. */
type TeamThemes = ThemesReport | Pick<ThemesReport, 'suppressed' | 'respondents_with_comments' | 'themes' | 'emerging'>;

const suppressedThemes = (): TeamThemes => ({
  suppressed: true,
  respondents_with_comments: null,
  themes: [],
  emerging: [],
});

/**
 * The team summary: survey results (pinned shape), dimensions, a trend over four periods, changes
 * between the two halves of the window (Newcombe rule), DORA, cost and themes side by side.
 */
export function teamSummary(deps: Deps, key: string, w: ReportWindow, survey = DEFAULT_SURVEY) {
  return cachedReport(deps, ['team-summary', survey, key, w.from, w.to], () =>
    computeTeamSummary(deps, key, w, survey),
  );
}

function computeTeamSummary(deps: Deps, key: string, w: ReportWindow, survey: string) {
  const scope = resolveTeamScope(deps, key, 'team');
  const team = scope.team!;
  const teams = directoryRepo(deps.db).teams();
  const questions = reportsRepo(deps.db).questions();
  const dimensionOf = likertDimensions(questions);

  const results = groupResults(deps, survey, key, w);
  const shown = !results.suppressed && (results.respondents ?? 0) > 0;

  const trend = splitWindow(w, TREND_PERIODS)
    .map((p) => {
      const r = groupResults(deps, survey, key, p);
      const ok = !r.suppressed && (r.respondents ?? 0) > 0;
      // In weekly mode the result counts whole weeks: its own from/to say which.
      return {
        from: r.from,
        to: r.to,
        suppressed: r.suppressed,
        respondents: ok ? r.respondents : null,
        devex_score: ok ? (r.devex_score ?? null) : null,
        devex_ci95: ok ? devexInterval(r, dimensionOf) : null,
        dimensions: ok
          ? dimensionCells(r, dimensionOf).map(({ dimension, favorable, n }) => ({ dimension, favorable, n }))
          : [],
      };
      // A period shorter than a week can hold no whole week: it has nothing to show.
    })
    .filter((p) => p.from < p.to);

  const [firstHalf, secondHalf] = splitWindow(w, 2);
  const first = groupResults(deps, survey, key, firstHalf);
  const second = groupResults(deps, survey, key, secondHalf);
  // The second half's `changes` compare it with the window of equal length before it: the first half.
  const halfChanges =
    !first.suppressed && !second.suppressed
      ? (second.changes ?? surveyFor(deps, survey, key, secondHalf).changes ?? [])
      : [];

  const themes: TeamThemes = shown ? themesFor(deps, key, w) : suppressedThemes();
  return {
    team: {
      key: team.key,
      name: team.name,
      parent: team.parentKey,
      children: teams.filter((t) => t.parentId === team.id).map((t) => ({ key: t.key, name: t.name })),
    },
    from: w.from,
    to: w.to,
    suppressed: !shown,
    survey: results,
    devex_ci95: shown ? devexInterval(results, dimensionOf) : null,
    dimensions: shown ? dimensionCells(results, dimensionOf) : [],
    trend,
    halves: {
      first: { from: firstHalf.from, to: firstHalf.to },
      second: { from: secondHalf.from, to: secondHalf.to },
      compared: !first.suppressed && !second.suppressed,
      changes: halfChanges,
    },
    significant_changes: {
      between_halves: flagged(halfChanges, questions),
      vs_previous_window: shown ? flagged(results.changes, questions) : [],
    },
    dora: doraFor(deps, key, w),
    /** Where the team stands among the org's teams (percentiles, ≥ 10 teams; privacy rules applied). */
    internal_benchmark: internalBenchmark(deps, key, w, survey),
    cost: costFor(deps, key, w),
    themes,
  };
}

export type TeamSummary = ReturnType<typeof teamSummary>;

/** CSV rows: one line per figure (questions, dimensions, changes, delivery, cost, themes). */
export function teamCsvRows(s: TeamSummary) {
  const rows: Array<Record<string, string | number | boolean | null>> = [];
  const base = { team: s.team.key, from: s.from, to: s.to };
  if (s.suppressed)
    rows.push({
      ...base,
      section: 'survey',
      key: 'suppressed',
      value: null,
      n: null,
      ci_low: null,
      ci_high: null,
      note: 'fewer respondents than the anonymity threshold',
    });
  for (const q of s.survey.questions)
    rows.push({
      ...base,
      section: 'question',
      key: q.key,
      value: q.favorable ?? q.mean ?? null,
      n: q.n,
      ci_low: q.ci95?.[0] ?? null,
      ci_high: q.ci95?.[1] ?? null,
      note: '',
    });
  for (const d of s.dimensions)
    rows.push({
      ...base,
      section: 'dimension',
      key: d.dimension,
      value: d.favorable,
      n: d.n,
      ci_low: null,
      ci_high: null,
      note: '',
    });
  for (const c of s.halves.changes)
    rows.push({
      ...base,
      section: 'change_between_halves',
      key: c.question,
      value: c.delta,
      n: null,
      ci_low: c.ci95?.[0] ?? null,
      ci_high: c.ci95?.[1] ?? null,
      note: c.significant ? 'significant' : '',
    });
  const d = doraHeadline(s.dora);
  for (const [k, v] of Object.entries(d))
    if (typeof v !== 'object')
      rows.push({ ...base, section: 'dora', key: k, value: v, n: null, ci_low: null, ci_high: null, note: '' });
  for (const f of [...s.internal_benchmark.dimensions, ...s.internal_benchmark.dora])
    rows.push({
      ...base,
      section: 'internal_percentile',
      key: f.key,
      value: f.percentile,
      // `n` is the survey answer count column (audited for hidden groups); the team count goes in the note.
      n: null,
      ci_low: null,
      ci_high: null,
      note: f.reason ?? `percentile among ${f.teams} leaf teams of the org`,
    });
  for (const [k, v] of Object.entries(costFigures(s.cost)))
    rows.push({ ...base, section: 'cost', key: k, value: v, n: null, ci_low: null, ci_high: null, note: '' });
  for (const t of s.themes.themes)
    rows.push({
      ...base,
      section: 'theme',
      key: t.key,
      value: t.share,
      n: t.respondents,
      ci_low: t.ci95?.[0] ?? null,
      ci_high: t.ci95?.[1] ?? null,
      note: t.label,
    });
  return rows;
}
