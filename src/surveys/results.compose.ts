import type { Deps } from '../deps.js';
import { directoryRepo, type Team } from '../directory/directory.repo.js';
import { notFound } from '../errors.js';
import { hiddenReason, isHidden, type GroupStatus, type HiddenReason } from '../privacy/engine.js';
import { thresholdFor } from '../privacy/threshold.js';
import { RESULT_DEFINITIONS } from './results.definitions.js';
import { LOW_RATE, type RunParticipation } from './runs.participation.js';
import {
  changesBetween,
  devexOf,
  questionResult,
  type Change,
  type QuestionResult,
  type Tallies,
} from './results.present.js';
import { resultsRepo, type ResultsQuestion, type ResultsRepo, type ResultsSurvey, type Span } from './results.repo.js';

/** The pieces of a results object both window modes (exact, weekly) assemble. */

/** The pinned results object of api.md, plus context fields beside it. */
export interface SurveyResults {
  survey: string;
  team: string | null;
  from: string;
  to: string;
  respondents: number | null;
  suppressed: boolean;
  threshold: number;
  questions: QuestionResult[];
  response_rate?: number | null;
  response_rate_low?: boolean;
  /** Set when the window's rate is hidden so that a run hidden for the group cannot be worked out from it. */
  response_rate_suppressed?: boolean;
  invited?: number;
  /** Participation per run that opened in the window (shown groups only). */
  runs?: RunParticipation[];
  devex_score?: number | null;
  changes?: Change[];
  previous?: { from: string; to: string; suppressed: boolean };
  suppressed_reason?: HiddenReason;
  /** Why the group is hidden, in words (never an exact count). */
  reason?: string;
  /** The segment filter applied (`role:backend`, …); absent without one. */
  segment?: string[];
  /** `?by=`: the same figures per value of one attribute (privacy rules across the groups). */
  breakdown?: Breakdown;
  survey_name?: string;
  team_name?: string | null;
  definitions?: typeof RESULT_DEFINITIONS;
  /** Weekly mode only: the window as asked, and how many weeks with answers were left out. */
  period_privacy?: { mode: 'weekly'; requested: { from: string; to: string }; hidden_weeks?: number };
}

/** One group of a breakdown (`?by=`): shown with the figures of a result, or hidden with a reason and no figure. */
export interface BreakdownGroup {
  value: string;
  suppressed: boolean;
  respondents: number | null;
  devex_score: number | null;
  questions: QuestionResult[];
  suppressed_reason?: HiddenReason;
  reason?: string;
}

/** A results breakdown by one attribute key. */
export interface Breakdown {
  by: string;
  groups: BreakdownGroup[];
}

/** What one results computation reads once: the survey, k, the teams and the questions. */
export interface Ctx {
  repo: ResultsRepo;
  survey: ResultsSurvey;
  k: number;
  teams: Team[];
  choiceIds: number[];
  /** The survey's own questions, read once per report. */
  defined: ResultsQuestion[];
}

export { THRESHOLD_SETTING } from '../privacy/threshold.js';

/** The context of one survey's results; unknown survey → 404. */
export function context(deps: Deps, surveyKey: string): Ctx {
  const repo = resultsRepo(deps.db);
  const survey = repo.surveyByKey(surveyKey);
  if (!survey) throw notFound(`Survey "${surveyKey}"`);
  const k = thresholdFor(deps.db, survey.anonymityThreshold);
  return {
    repo,
    survey,
    k,
    teams: directoryRepo(deps.db).teams(),
    choiceIds: repo.choiceQuestionIds(),
    defined: repo.surveyQuestions(survey.id),
  };
}

/** The survey's questions plus any answered in these tallies although no longer asked. */
export function questionsFor(ctx: Ctx, ...tallies: Tallies[]): ResultsQuestion[] {
  const defined = ctx.defined;
  const known = new Set(defined.map((q) => q.id));
  const extra = [...new Set(tallies.flatMap((t) => [...t.keys()]))].filter((id) => !known.has(id));
  return extra.length ? [...defined, ...ctx.repo.questionsByIds(extra)] : defined;
}

/** The fields every results object echoes. */
export type ResultsBase = Pick<SurveyResults, 'survey' | 'team' | 'from' | 'to'>;

/** A hidden group's results: no figure at all. */
export function suppressedResult(ctx: Ctx, base: ResultsBase, status: GroupStatus): SurveyResults {
  return {
    ...base,
    respondents: null,
    suppressed: true,
    threshold: ctx.k,
    questions: [],
    suppressed_reason: isHidden(status) ? status : 'below_threshold',
    reason: hiddenReason(isHidden(status) ? status : 'below_threshold', ctx.k),
  };
}

/** A shown group's raw figures in one window. */
export interface GroupFigures {
  respondents: number;
  invited: number;
  invitedRespondents: number;
  tallies: Tallies;
}

/** A shown group's results, with changes against the previous window when that one is shown. */
export function shownResult(
  ctx: Ctx,
  base: ResultsBase,
  now: GroupFigures,
  prev: { window: Span; status: GroupStatus; tallies: Tallies },
): SurveyResults {
  const questionRows = questionsFor(ctx, now.tallies, prev.tallies);
  const questions = questionRows.map((q) => questionResult(q, now.tallies.get(q.id)));
  // Responses ÷ invitations, each person once per run (metrics.md): both counts are (run, person) pairs.
  const rate = now.invited > 0 ? Math.min(1, now.invitedRespondents / now.invited) : null;
  const prevShown = prev.status === 'shown';
  return {
    ...base,
    respondents: now.respondents,
    response_rate: rate,
    response_rate_low: rate !== null && rate < LOW_RATE,
    invited: now.invited,
    suppressed: false,
    threshold: ctx.k,
    devex_score: devexOf(questions),
    questions,
    // A hidden previous window shows no changes at all: a delta would reveal its favorability.
    changes: prevShown ? changesBetween(questionRows, prev.tallies, now.tallies, true) : [],
    previous: { from: prev.window.from, to: prev.window.to, suppressed: isHidden(prev.status) },
    survey_name: ctx.survey.name,
    definitions: RESULT_DEFINITIONS,
  };
}
