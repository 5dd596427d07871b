import type { Deps } from '../deps.js';
import { directoryRepo, type Team } from '../directory/directory.repo.js';
import { resolveTeamScope, type TeamScope } from '../directory/directory.service.js';
import { invalid, notFound } from '../errors.js';
import { anonymityThreshold, isHidden, statusOf, suppressSmallGroups, suppressTree, type GroupStatus, type TreeGroup } from '../metrics/privacy.js';
import { previousWindow, reportWindow, type ReportWindow } from '../reports/reports.schema.js';
import { readSetting } from '../settings/settings.repo.js';
import { cachedResult } from './results.cache.js';
import { RESULT_DEFINITIONS } from './results.definitions.js';
import { addCells, changesBetween, devexOf, questionResult, type Change, type QuestionResult, type Tallies } from './results.present.js';
import { resultsRepo, type AnswerCell, type ResultsQuestion, type ResultsRepo, type ResultsSurvey, type Span } from './results.repo.js';

/** Filters of a results report; `from`/`to` are ISO dates or instants (default: the last 90 days). */
export interface ResultsOptions {
  team?: string | null;
  from?: string | null;
  to?: string | null;
}

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
  invited?: number;
  devex_score?: number | null;
  changes?: Change[];
  previous?: { from: string; to: string; suppressed: boolean };
  suppressed_reason?: 'below_threshold' | 'complementary';
  survey_name?: string;
  team_name?: string | null;
  definitions?: typeof RESULT_DEFINITIONS;
}

interface Ctx {
  repo: ResultsRepo;
  survey: ResultsSurvey;
  k: number;
  teams: Team[];
  choiceIds: number[];
  /** The survey's own questions, read once per report. */
  defined: ResultsQuestion[];
}

/** Org-wide setting that raises k for every survey (the stricter of it and the survey's own wins). */
export const THRESHOLD_SETTING = 'anonymity_threshold';

function context(deps: Deps, surveyKey: string): Ctx {
  const repo = resultsRepo(deps.db);
  const survey = repo.surveyByKey(surveyKey);
  if (!survey) throw notFound(`Survey "${surveyKey}"`);
  const k = anonymityThreshold(survey.anonymityThreshold, readSetting<number>(deps.db, THRESHOLD_SETTING));
  return { repo, survey, k, teams: directoryRepo(deps.db).teams(), choiceIds: repo.choiceQuestionIds(), defined: repo.surveyQuestions(survey.id) };
}

const DIRECT = '\u0000direct';

/** A group of teams to count: a team's subtree, or the responses filed directly under a parent. */
interface Group { key: string; ids: number[] }

function siblingGroups(teams: Team[], parentId: number | null): Group[] {
  const kids = teams.filter((t) => t.parentId === parentId);
  const subtree = (id: number): number[] => [id, ...teams.filter((t) => t.parentId === id).flatMap((t) => subtree(t.id))];
  const groups = kids.map((t) => ({ key: t.key, ids: subtree(t.id) }));
  // People filed under the parent itself are one more (never shown) child of that parent.
  if (parentId !== null) groups.push({ key: `${teams.find((t) => t.id === parentId)!.key}${DIRECT}`, ids: [parentId] });
  return groups;
}

/** Statuses of one sibling level: capped counts first, exact ones only when the smallest shown sibling matters. */
function levelStatus(ctx: Ctx, w: Span, groups: Group[], parent: GroupStatus): Map<string, GroupStatus> {
  const { repo, survey, k } = ctx;
  const capped = groups.map((g) => ({ key: g.key, respondents: repo.respondentsCapped(survey.id, w, g.ids, k) }));
  const first = suppressSmallGroups(capped, k, parent);
  if (![...first.values()].includes('complementary')) return first;
  return suppressSmallGroups(groups.map((g) => ({ key: g.key, respondents: repo.respondents(survey.id, w, g.ids) })), k, parent);
}

/** The privacy status of one team's subtree (`teamIds`) or the org in a window, walking from the org down. */
function groupStatus(ctx: Ctx, w: Span, team: Team | null, teamIds: number[]): GroupStatus {
  const { repo, survey, k, teams } = ctx;
  let status = statusOf(repo.respondentsCapped(survey.id, w, teams.map((t) => t.id), k), k);
  if (!team) return status;
  const chain: Team[] = [];
  for (let t: Team | undefined = team; t; t = teams.find((p) => p.id === t!.parentId)) chain.unshift(t);
  let parentId: number | null = null;
  for (const node of chain) {
    // Everything below a group under the threshold is under it too (or empty).
    if (status === 'below_threshold' || status === 'empty') return statusOf(repo.respondentsCapped(survey.id, w, teamIds, k), k);
    status = levelStatus(ctx, w, siblingGroups(teams, parentId), status).get(node.key)!;
    parentId = node.id;
  }
  return status;
}

const DAY_MS = 86_400_000;

/** Days from the Monday on or before a UTC midnight (1970-01-01 was a Thursday). */
const sinceMonday = (dayMs: number) => (Math.floor(dayMs / DAY_MS) + 3) % 7;

/**
 * Answer cells of a window: whole UTC weeks and days from answer_counts, the partial days at
 * either edge from the answers themselves. `teamIds` undefined = the whole org (always so when
 * `byTeam`).
 */
function windowCells(ctx: Ctx, w: Span, teamIds: readonly number[] | undefined, byTeam: true): Array<AnswerCell & { teamId: number }>;
function windowCells(ctx: Ctx, w: Span, teamIds: readonly number[] | undefined, byTeam?: false): AnswerCell[];
function windowCells(ctx: Ctx, w: Span, teamIds: readonly number[] | undefined, byTeam = false): AnswerCell[] {
  const { repo, survey, choiceIds } = ctx;
  const from = Date.parse(w.from), to = Date.parse(w.to);
  const firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  const endDay = Math.floor(to / DAY_MS) * DAY_MS;
  const raw = (span: Span) => (byTeam ? repo.answerCellsByTeam(survey.id, span, choiceIds) : repo.answerCells(survey.id, span, choiceIds, teamIds));
  if (firstDay >= endDay) return raw(w);
  const ids = teamIds ?? ctx.teams.map((t) => t.id);
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const buckets = (kind: 'd' | 'w', a: number, b: number): AnswerCell[] =>
    byTeam ? repo.bucketCellsByTeam(survey.id, kind + date(a), kind + date(b), ids) : repo.bucketCells(survey.id, kind + date(a), kind + date(b), ids);
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

function questionsFor(ctx: Ctx, ...tallies: Tallies[]): ResultsQuestion[] {
  const defined = ctx.defined;
  const known = new Set(defined.map((q) => q.id));
  const extra = [...new Set(tallies.flatMap((t) => [...t.keys()]))].filter((id) => !known.has(id));
  return extra.length ? [...defined, ...ctx.repo.questionsByIds(extra)] : defined;
}

function suppressedResult(ctx: Ctx, base: Pick<SurveyResults, 'survey' | 'team' | 'from' | 'to'>, status: GroupStatus): SurveyResults {
  return {
    ...base, respondents: null, suppressed: true, threshold: ctx.k, questions: [],
    suppressed_reason: status === 'complementary' ? 'complementary' : 'below_threshold',
  };
}

interface GroupFigures {
  respondents: number;
  invited: number;
  invitedRespondents: number;
  tallies: Tallies;
}

function shownResult(
  ctx: Ctx, base: Pick<SurveyResults, 'survey' | 'team' | 'from' | 'to'>, now: GroupFigures,
  prev: { window: Span; status: GroupStatus; tallies: Tallies },
): SurveyResults {
  const questionRows = questionsFor(ctx, now.tallies, prev.tallies);
  const questions = questionRows.map((q) => questionResult(q, now.tallies.get(q.id)));
  const rate = now.invited > 0 ? Math.min(1, now.invitedRespondents / now.invited) : null;
  const prevShown = prev.status === 'shown';
  return {
    ...base, respondents: now.respondents, response_rate: rate, response_rate_low: rate !== null && rate < 0.6,
    invited: now.invited, suppressed: false, threshold: ctx.k, devex_score: devexOf(questions), questions,
    // A hidden previous window shows no changes at all: a delta would reveal its favorability.
    changes: prevShown ? changesBetween(questionRows, prev.tallies, now.tallies, true) : [],
    previous: { from: prev.window.from, to: prev.window.to, suppressed: isHidden(prev.status) },
    survey_name: ctx.survey.name, definitions: RESULT_DEFINITIONS,
  };
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
  return cachedResult(deps.db, `surveyResults|${ctx.survey.key}|${ctx.k}|${base.team ?? ''}|${window.from}|${window.to}`, () =>
    computeResults(ctx, window, scope, base));
}

function computeResults(ctx: Ctx, window: ReportWindow, scope: TeamScope, base: Pick<SurveyResults, 'survey' | 'team' | 'from' | 'to'>): SurveyResults {
  const status = groupStatus(ctx, window, scope.team, scope.teamIds);
  if (isHidden(status)) return { ...suppressedResult(ctx, base, status), survey_name: ctx.survey.name, team_name: scope.team?.name ?? null };
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
  const prevTallies: Tallies = prevStatus === 'shown' ? addCells(new Map(), windowCells(ctx, prevWindow, teamIds)) : new Map();
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
  const subtree = new Map<number, number[]>();
  const build = (id: number): number[] => {
    const ids = [id, ...teams.filter((t) => t.parentId === id).flatMap((t) => build(t.id))];
    subtree.set(id, ids);
    return ids;
  };
  teams.filter((t) => t.parentId === null).forEach((t) => build(t.id));
  const byTeam = <T>(rows: Array<{ teamId: number } & T>) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.teamId);
      if (list) list.push(r);
      else m.set(r.teamId, [r]);
    }
    return m;
  };
  const distinctOver = (pairs: Map<number, Array<{ who: string | number }>>, ids: number[]) =>
    new Set(ids.flatMap((id) => (pairs.get(id) ?? []).map((p) => p.who))).size;
  const responded = byTeam(repo.respondentPairs(survey.id, w));
  const invited = withRates ? byTeam(repo.invitedPairs(survey.id, w)) : new Map();
  const invitedResponded = withRates ? byTeam(repo.invitedRespondentPairs(survey.id, w)) : new Map();
  const cells = byTeam(windowCells(ctx, w, undefined, true));
  const nodes: TreeGroup[] = teams.map((t) => ({ key: t.key, parent: t.parentKey, respondents: distinctOver(responded, subtree.get(t.id)!) }));
  for (const t of teams) {
    if (teams.some((c) => c.parentId === t.id)) nodes.push({ key: `${t.key}${DIRECT}`, parent: t.key, respondents: distinctOver(responded, [t.id]) });
  }
  const orgRespondents = distinctOver(responded, teams.map((t) => t.id));
  const status = suppressTree(nodes, k, orgRespondents);
  const figures = (team: Team): GroupFigures => {
    const ids = subtree.get(team.id)!;
    return {
      respondents: distinctOver(responded, ids), invited: distinctOver(invited, ids), invitedRespondents: distinctOver(invitedResponded, ids),
      tallies: addCells(new Map(), ids.flatMap((id) => cells.get(id) ?? [])),
    };
  };
  return { status, figures };
}

/**
 * Results for many teams at once (org heatmap, team pages), each exactly as `surveyResults` would
 * answer for that team, with complementary suppression applied across siblings. Keyed by team key;
 * `teamKeys` defaults to every team. `from`/`to` as in `surveyResults`.
 */
export function resultsByTeam(deps: Deps, surveyKey: string, options: { from?: string | null; to?: string | null; teamKeys?: string[] } = {}): Map<string, SurveyResults> {
  const ctx = context(deps, surveyKey);
  const window = reportWindow({ from: options.from ?? undefined, to: options.to ?? undefined }, deps.now());
  const unknown = (options.teamKeys ?? []).filter((key) => !ctx.teams.some((t) => t.key === key));
  if (unknown.length) throw invalid([{ field: 'team', message: `unknown team key "${unknown[0]}"` }]);
  const wanted = options.teamKeys ? ctx.teams.filter((t) => options.teamKeys!.includes(t.key)) : ctx.teams;
  const key = `resultsByTeam|${ctx.survey.key}|${ctx.k}|${window.from}|${window.to}|${wanted.map((t) => t.key).join(',')}`;
  return cachedResult(deps.db, key, () => computeByTeam(ctx, window, wanted));
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
    const prevTallies = prevStatus === 'shown' ? prev.figures(team).tallies : new Map();
    out.set(team.key, { ...shownResult(ctx, base, now.figures(team), { window: prevWindow, status: prevStatus, tallies: prevTallies }), team_name: team.name });
  }
  return out;
}

/** Favorability per DevEx dimension: mean of the dimension's Likert items with answers (0–1), with n answers. */
export interface DimensionScore {
  favorable: number | null;
  n: number;
  questions: number;
}

/**
 * Dimension scores per team key (null for a suppressed team), derived from `resultsByTeam`:
 * for the heatmap rows of the org overview.
 */
export function dimensionScores(deps: Deps, surveyKey: string, options: { from?: string | null; to?: string | null; teamKeys?: string[] } = {}): Map<string, Record<string, DimensionScore> | null> {
  const out = new Map<string, Record<string, DimensionScore> | null>();
  for (const [key, r] of resultsByTeam(deps, surveyKey, options)) out.set(key, r.suppressed ? null : dimensionsOf(r.questions));
  return out;
}

/** Groups a result's Likert questions by dimension (pure). */
export function dimensionsOf(questions: readonly QuestionResult[]): Record<string, DimensionScore> {
  const out: Record<string, DimensionScore & { sum: number }> = {};
  for (const q of questions) {
    if (q.type !== 'likert5' || !q.dimension) continue;
    const d = (out[q.dimension] ??= { favorable: null, n: 0, questions: 0, sum: 0 });
    if (q.n > 0 && q.favorable !== null) { d.sum += q.favorable; d.questions++; d.n += q.n; }
  }
  return Object.fromEntries(Object.entries(out).map(([k, { sum, ...d }]) => [k, { ...d, favorable: d.questions ? sum / d.questions : null }]));
}
