import { cachedReport } from '../cache/report-cache.js';
import type { Deps } from '../deps.js';
import type { Team } from '../directory/directory.repo.js';
import { resolveTeamScope, type TeamScope } from '../directory/directory.service.js';
import { invalid } from '../errors.js';
import { isHidden } from '../privacy/engine.js';
import { groupStatus } from './results.status.js';
import { periodMode } from '../privacy/period-mode.js';
import {
  previousWindow,
  reportWindow,
  segmentParams,
  type ReportWindow,
  type SegmentFilter,
} from '../reports/reports.schema.js';
import { currentSegments } from '../reports/segment-scope.js';
import { segmentedResults } from './results.segments.js';
import {
  context,
  shownResult,
  suppressedResult,
  type Ctx,
  type GroupFigures,
  type ResultsBase,
  type SurveyResults,
} from './results.compose.js';
import { addCells, type QuestionTally, type Tallies } from './results.present.js';
import { distinctOver, subtreesOf, treeStatuses, whoByTeam } from '../privacy/tree.js';
import type { AnswerCell, Span } from './results.repo.js';
import { weeklyByTeam, weeklyResults } from './results.weekly.js';
import { runsRepo } from './runs.repo.js';
import { refreshRunStates, runParticipation, type RunParticipation } from './runs.participation.js';
import { DAY_MS } from '../units.js';

export { THRESHOLD_SETTING, type SurveyResults } from './results.compose.js';

/** Filters of a results report; `from`/`to` are ISO dates or instants (default: the last 90 days). */
export interface ResultsOptions {
  team?: string | null;
  from?: string | null;
  to?: string | null;
  /** Segment filter (parsed, reportable keys only); default: the request's (reports/segment-scope.ts). */
  segments?: SegmentFilter;
  /** Breakdown by one reportable attribute key. */
  by?: string | null;
}

/** Days from the Monday on or before a UTC midnight (1970-01-01 was a Thursday). */
const sinceMonday = (dayMs: number) => (Math.floor(dayMs / DAY_MS) + 3) % 7;

/**
 * Answer cells of a window: whole UTC weeks and days from answer_counts, the partial days at
 * either edge from the answers themselves. `teamIds` undefined = the whole org (always so when
 * `byTeam`).
 */
function windowCells(
  ctx: Ctx,
  w: Span,
  teamIds: readonly number[] | undefined,
  byTeam: true,
): Array<AnswerCell & { teamId: number }>;
function windowCells(ctx: Ctx, w: Span, teamIds: readonly number[] | undefined, byTeam?: false): AnswerCell[];
function windowCells(ctx: Ctx, w: Span, teamIds: readonly number[] | undefined, byTeam = false): AnswerCell[] {
  const { repo, survey, choiceIds } = ctx;
  const from = Date.parse(w.from),
    to = Date.parse(w.to);
  const firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const endDay = Math.floor(to / DAY_MS) * DAY_MS;
  const raw = (span: Span) =>
    byTeam ? repo.answerCellsByTeam(survey.id, span, choiceIds) : repo.answerCells(survey.id, span, choiceIds, teamIds);
  if (firstDay >= endDay) return raw(w);
  const ids = teamIds ?? ctx.teams.map((t) => t.id);
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const buckets = (kind: 'd' | 'w', a: number, b: number): AnswerCell[] =>
    byTeam
      ? repo.bucketCellsByTeam(survey.id, kind + date(a), kind + date(b), ids)
      : repo.bucketCells(survey.id, kind + date(a), kind + date(b), ids);
  const firstWeek = firstDay + ((7 - sinceMonday(firstDay)) % 7) * DAY_MS;
  const endWeek = endDay - sinceMonday(endDay) * DAY_MS;
  const cells: AnswerCell[] = [];
  if (firstWeek < endWeek) {
    cells.push(...buckets('w', firstWeek, endWeek));
    if (firstDay < firstWeek) cells.push(...buckets('d', firstDay, firstWeek));
    if (endWeek < endDay) cells.push(...buckets('d', endWeek, endDay));
  } else {
    cells.push(...buckets('d', firstDay, endDay));
  }
  if (from < firstDay) cells.push(...raw({ from: w.from, to: new Date(firstDay).toISOString() }));
  if (endDay < to) cells.push(...raw({ from: new Date(endDay).toISOString(), to: w.to }));
  return cells;
}

/**
 * Results of a survey for a team's subtree (or the whole org) in `[from, to)`: the pinned JSON of
 * api.md. Under the threshold, or hidden to protect a smaller sibling, it answers
 * `{suppressed: true, respondents: null, questions: []}`. Statistics come from SQL aggregates.
 * Unknown survey → 404; unknown team or bad dates → 422 naming the field.
 */
export function surveyResults(deps: Deps, surveyKey: string, options: ResultsOptions = {}): SurveyResults {
  const ctx = context(deps, surveyKey);
  const window = reportWindow({ from: options.from ?? undefined, to: options.to ?? undefined }, deps.now());
  const scope = resolveTeamScope(deps, options.team ?? undefined);
  const base = { survey: ctx.survey.key, team: scope.team?.key ?? null, from: window.from, to: window.to };
  const mode = periodMode();
  const filter = options.segments ?? currentSegments();
  const by = options.by ?? null;
  const plain = () => {
    const r = mode === 'weekly' ? weeklyResults(ctx, window, scope, base) : computeResults(ctx, window, scope, base);
    return withRuns(ctx, r, deps.now(), scope.team);
  };
  const result = cachedReport(
    deps,
    ['surveyResults', ctx.survey.key, ctx.k, base.team, window.from, window.to, segmentParams(filter), by],
    () =>
      filter.length || by ? segmentedResults(ctx, window, mode === 'weekly', scope, base, filter, by, plain) : plain(),
    'results',
  );
  refreshRunStates(result.runs, deps.now());
  return result;
}

/** Adds participation per run (the runs that opened in the result's window) to a shown result. */
function withRuns(ctx: Ctx, result: SurveyResults, now: Date, team: Team | null): SurveyResults {
  if (result.suppressed) return result;
  const runs = runsRepo(ctx.repo.db).openedIn(ctx.survey.id, result.from, result.to);
  return attachRuns(result, runParticipation(ctx.repo.db, runs, ctx.teams, ctx.k, now)(team));
}

/**
 * A shown result with its runs; the window's response rate is hidden when runs hidden for the
 * group could be worked out from it (metrics.md, privacy rules).
 */
function attachRuns(result: SurveyResults, group: { runs: RunParticipation[]; rateShown: boolean }): SurveyResults {
  if (result.suppressed) return result;
  if (group.rateShown) return { ...result, runs: group.runs };
  return { ...result, runs: group.runs, response_rate: null, response_rate_low: false, response_rate_suppressed: true };
}

function computeResults(ctx: Ctx, window: ReportWindow, scope: TeamScope, base: ResultsBase): SurveyResults {
  const status = groupStatus(ctx, window, scope.team, scope.teamIds);
  if (isHidden(status))
    return {
      ...suppressedResult(ctx, base, status),
      survey_name: ctx.survey.name,
      team_name: scope.team?.name ?? null,
    };
  const { repo, survey } = ctx;
  const teamIds = scope.team ? scope.teamIds : undefined;
  const figures = (w: Span): GroupFigures => ({
    respondents: repo.respondents(survey.id, w, teamIds),
    invited: repo.invited(survey.id, w, scope.teamIds),
    invitedRespondents: repo.invitedRespondents(survey.id, w, scope.teamIds),
    tallies: addCells(new Map(), windowCells(ctx, w, teamIds)),
  });
  const prevWindow = previousWindow(window);
  const prevStatus = groupStatus(ctx, prevWindow, scope.team, scope.teamIds);
  const prevTallies: Tallies =
    prevStatus === 'shown'
      ? addCells(new Map(), windowCells(ctx, prevWindow, teamIds))
      : new Map<number, QuestionTally>();
  return {
    ...shownResult(ctx, base, figures(window), { window: prevWindow, status: prevStatus, tallies: prevTallies }),
    team_name: scope.team?.name ?? null,
  };
}

/**
 * Per-team figures of one window for every team subtree, from a handful of grouped queries.
 * `withRates` false skips the response-rate queries (the previous window needs only statuses and tallies). */
function allTeams(ctx: Ctx, w: Span, withRates = true) {
  const { repo, survey, k, teams } = ctx;
  const subtree = subtreesOf(teams);
  const responded = whoByTeam(repo.respondentPairs(survey.id, w));
  const invited = withRates ? whoByTeam(repo.invitedPairs(survey.id, w)) : new Map();
  const invitedResponded = withRates ? whoByTeam(repo.invitedRespondentPairs(survey.id, w)) : new Map();
  const cells = new Map<number, AnswerCell[]>();
  for (const c of windowCells(ctx, w, undefined, true)) {
    const list = cells.get(c.teamId);
    if (list) list.push(c);
    else cells.set(c.teamId, [c]);
  }
  const { status } = treeStatuses(teams, responded, k);
  const figures = (team: Team): GroupFigures => {
    const ids = subtree.get(team.id)!;
    return {
      respondents: distinctOver(responded, ids),
      invited: distinctOver(invited, ids),
      invitedRespondents: distinctOver(invitedResponded, ids),
      tallies: addCells(
        new Map(),
        ids.flatMap((id) => cells.get(id) ?? []),
      ),
    };
  };
  return { status, figures };
}

/**
 * Results for many teams at once (org heatmap, team pages), each exactly as `surveyResults` would
 * answer for that team, with complementary suppression applied across siblings. Keyed by team key;
 * `teamKeys` defaults to every team. `from`/`to` as in `surveyResults`.
 */
export function resultsByTeam(
  deps: Deps,
  surveyKey: string,
  options: { from?: string | null; to?: string | null; teamKeys?: string[] } = {},
): Map<string, SurveyResults> {
  const ctx = context(deps, surveyKey);
  const window = reportWindow({ from: options.from ?? undefined, to: options.to ?? undefined }, deps.now());
  const unknown = (options.teamKeys ?? []).filter((key) => !ctx.teams.some((t) => t.key === key));
  if (unknown.length) throw invalid([{ field: 'team', message: `unknown team key "${unknown[0]}"` }]);
  const wanted = options.teamKeys ? ctx.teams.filter((t) => options.teamKeys!.includes(t.key)) : ctx.teams;
  const mode = periodMode();
  const filter = currentSegments();
  const key = ['resultsByTeam', ctx.survey.key, ctx.k, window.from, window.to, wanted.map((t) => t.key)];
  if (filter.length) {
    // Filtered: each team as surveyResults answers it (the filter rule looks above each team).
    return cachedReport(
      deps,
      [...key, segmentParams(filter)],
      () => {
        const rows = new Map();
        const out = new Map<string, SurveyResults>();
        for (const team of wanted) {
          const scope = { team, teamIds: subtreesOf(ctx.teams).get(team.id)! };
          const base = { survey: ctx.survey.key, team: team.key, from: window.from, to: window.to };
          out.set(
            team.key,
            segmentedResults(
              ctx,
              window,
              mode === 'weekly',
              scope,
              base,
              filter,
              null,
              () => {
                throw new Error('unreachable: a filter is given');
              },
              rows,
            ),
          );
        }
        return out;
      },
      'results',
    );
  }
  const out = cachedReport(
    deps,
    key,
    () => {
      const all = mode === 'weekly' ? weeklyByTeam(ctx, window, wanted) : computeByTeam(ctx, window, wanted);
      const first = all.values().next().value;
      if (!first) return all;
      // Every team's result covers the same window: the runs and their per-run privacy are decided once.
      const runs = runsRepo(ctx.repo.db).openedIn(ctx.survey.id, first.from, first.to);
      const forGroup = runParticipation(ctx.repo.db, runs, ctx.teams, ctx.k, deps.now());
      for (const team of wanted) all.set(team.key, attachRuns(all.get(team.key)!, forGroup(team)));
      return all;
    },
    'results',
  );
  for (const r of out.values()) refreshRunStates(r.runs, deps.now());
  return out;
}

function computeByTeam(ctx: Ctx, window: ReportWindow, wanted: Team[]): Map<string, SurveyResults> {
  const now = allTeams(ctx, window);
  const prevWindow = previousWindow(window);
  const prev = allTeams(ctx, prevWindow, false);
  const out = new Map<string, SurveyResults>();
  for (const team of wanted) {
    const base = { survey: ctx.survey.key, team: team.key, from: window.from, to: window.to };
    const status = now.status.get(team.key)!;
    if (isHidden(status)) {
      out.set(team.key, { ...suppressedResult(ctx, base, status), survey_name: ctx.survey.name, team_name: team.name });
      continue;
    }
    const prevStatus = prev.status.get(team.key)!;
    const prevTallies: Tallies = prevStatus === 'shown' ? prev.figures(team).tallies : new Map<number, QuestionTally>();
    out.set(team.key, {
      ...shownResult(ctx, base, now.figures(team), { window: prevWindow, status: prevStatus, tallies: prevTallies }),
      team_name: team.name,
    });
  }
  return out;
}
