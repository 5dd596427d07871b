import { cachedReport } from '../cache/report-cache.js';
import type { Deps } from '../deps.js';
import { resolveTeamScope } from '../directory/directory.service.js';
import { invalid } from '../errors.js';
import {
  DRIVER_MIN_PAIRS,
  driverMedians,
  itemFavorability,
  keyDrivers,
  type DriverInput,
  type DriverItemType,
} from '../metrics/drivers.js';
import {
  distinctOver,
  hiddenReason,
  isHidden,
  periodMode,
  statusOf,
  treeStatuses,
  whoByTeam,
  type GroupStatus,
  type HiddenReason,
} from '../privacy/index.js';
import { reportWindow } from '../reports/reports.schema.js';
import { context, type Ctx } from './results.compose.js';
import type { ResultsQuestion } from './results.repo.js';
import { weekAligned, weeklyView } from './results.weekly.js';
import { driversRepo } from './drivers.repo.js';

/** Filters of a key-drivers report; `outcome` is a question key of the survey. */
export interface DriversOptions {
  team?: string | null;
  from?: string | null;
  to?: string | null;
  outcome?: string | null;
}

/** One driver of the report: the pinned fields, then the item's wording and type. */
export interface DriverRow {
  question: string;
  rho: number | null;
  ci95: [number, number] | null;
  n: number;
  favorable: number | null;
  focus: boolean;
  suppressed: boolean;
  reason?: string;
  text: string;
  type: DriverItemType;
}

/** GET /api/v1/surveys/:key/drivers: the pinned `outcome`, `n`, `drivers`, plus scope and privacy. */
export interface DriversReport {
  survey: string;
  team: string | null;
  from: string;
  to: string;
  outcome: string;
  outcome_text: string;
  outcome_type: DriverItemType;
  /** How the outcome was picked: asked for (`outcome=`), or the default rule. */
  outcome_source: 'chosen' | 'default';
  /** Responses in scope that answered the outcome; null when hidden. */
  n: number | null;
  /** Distinct respondents in scope; null when hidden. */
  respondents: number | null;
  threshold: number;
  min_pairs: number;
  suppressed: boolean;
  suppressed_reason?: HiddenReason | 'no_responses' | 'too_few_pairs';
  reason?: string;
  drivers: DriverRow[];
  /** The medians the `focus` rule compared with (null when fewer than one shown driver). */
  medians: { favorable: number | null; rho: number | null };
  period_privacy?: { mode: 'weekly'; requested: { from: string; to: string }; hidden_weeks: number };
}

const ITEM_TYPES = new Set<string>(['likert5', 'scale0_10']);
const isItem = (q: ResultsQuestion): q is ResultsQuestion & { type: DriverItemType } => ITEM_TYPES.has(q.type);

/**
 * The outcome a survey's drivers are measured against. Asked for: any Likert or 0–10 question of
 * the survey (else 422 naming `outcome`). By default: the survey's first 0–10 question (the
 * eNPS-type "would you recommend"), else its first Likert question tagged with the dimension
 * `satisfaction` or whose key contains "satisfaction"; none → 422 naming `outcome`.
 */
function chooseOutcome(
  questions: readonly ResultsQuestion[],
  asked: string | null | undefined,
): { question: ResultsQuestion & { type: DriverItemType }; source: 'chosen' | 'default' } {
  if (asked) {
    const q = questions.find((x) => x.key === asked);
    if (!q) throw invalid([{ field: 'outcome', message: `"${asked}" is not a question of this survey` }]);
    if (!isItem(q))
      throw invalid([
        { field: 'outcome', message: `"${asked}" is a ${q.type} question; pick a Likert (1–5) or 0–10 question` },
      ]);
    return { question: q, source: 'chosen' };
  }
  const items = questions.filter(isItem);
  const q =
    items.find((x) => x.type === 'scale0_10') ??
    items.find((x) => x.type === 'likert5' && (x.dimension === 'satisfaction' || x.key.includes('satisfaction')));
  if (!q)
    throw invalid([
      {
        field: 'outcome',
        message: 'this survey has no 0–10 or satisfaction question to default to; name one with outcome=',
      },
    ]);
  return { question: q, source: 'default' };
}

/** The group's privacy status, respondents and (weekly mode) the weeks its figures may use. */
function groupPrivacy(ctx: Ctx, w: { from: string; to: string }, teamKey: string | null, teamIds: number[]) {
  const { repo, survey, k, teams } = ctx;
  const team = teamKey ? (teams.find((t) => t.key === teamKey) ?? null) : null;
  if (periodMode() === 'weekly') {
    const view = weeklyView(repo, survey.id, k, teams, w);
    const g = view.group(team);
    return { status: g.status, respondents: g.respondents, weeks: g.shownWeeks, hiddenWeeks: g.hiddenWeeks };
  }
  const byTeam = whoByTeam(repo.respondentPairs(survey.id, w));
  const decided = treeStatuses(teams, byTeam, k);
  const status: GroupStatus = team ? decided.status.get(team.key)! : statusOf(decided.orgRespondents, k);
  return { status, respondents: distinctOver(byTeam, teamIds), weeks: null, hiddenWeeks: 0 };
}

/**
 * Key drivers of a survey's outcome for a team's subtree (or the org) in `[from, to)`: Spearman's
 * ρ between each other Likert or 0–10 item and the outcome within the same response, with its
 * Fisher-z interval (metrics.md). Hidden (no figures) when the group is under k or hidden to
 * protect a sibling; a driver with fewer than 30 paired answers shows no ρ. People see whole UTC
 * weeks, each team-week judged on its own, as with survey results. Unknown survey → 404; unknown
 * team, bad window or an unusable outcome → 422 naming the field.
 */
export function surveyDrivers(deps: Deps, surveyKey: string, options: DriversOptions = {}): DriversReport {
  const ctx = context(deps, surveyKey);
  const asked = reportWindow({ from: options.from ?? undefined, to: options.to ?? undefined }, deps.now());
  const scope = resolveTeamScope(deps, options.team ?? undefined);
  const { question: outcome, source } = chooseOutcome(ctx.defined, options.outcome);
  const weekly = periodMode() === 'weekly';
  const w = weekly ? weekAligned(asked) : asked;
  const teamKey = scope.team?.key ?? null;
  return cachedReport(
    deps,
    ['drivers', ctx.survey.key, ctx.k, teamKey, w.from, w.to, outcome.key],
    (): DriversReport => {
      const privacy = groupPrivacy(ctx, w, teamKey, scope.teamIds);
      const base = {
        survey: ctx.survey.key,
        team: teamKey,
        from: w.from,
        to: w.to,
        outcome: outcome.key,
        outcome_text: outcome.text,
        outcome_type: outcome.type,
        outcome_source: source,
        threshold: ctx.k,
        min_pairs: DRIVER_MIN_PAIRS,
        ...(weekly
          ? {
              period_privacy: {
                mode: 'weekly' as const,
                requested: { from: asked.from, to: asked.to },
                hidden_weeks: privacy.hiddenWeeks,
              },
            }
          : {}),
      };
      if (isHidden(privacy.status) || privacy.respondents === 0) {
        const hidden = isHidden(privacy.status) ? privacy.status : null;
        return {
          ...base,
          n: null,
          respondents: null,
          suppressed: true,
          suppressed_reason: hidden ?? 'no_responses',
          // The privacy engine's words for why, never an exact count.
          reason: hidden ? hiddenReason(hidden, ctx.k) : 'no responses in this window',
          drivers: [],
          medians: { favorable: null, rho: null },
        };
      }
      return {
        ...base,
        ...computeDrivers(ctx, w, scope.teamIds, outcome, privacy.weeks),
        respondents: privacy.respondents,
      };
    },
    'results',
  );
}

function computeDrivers(
  ctx: Ctx,
  w: { from: string; to: string },
  teamIds: number[],
  outcome: ResultsQuestion & { type: DriverItemType },
  weeks: string[] | null,
) {
  const items = ctx.defined.filter(isItem).filter((q) => q.id !== outcome.id);
  const slot = new Map(items.map((q, i) => [q.id, i]));
  const pairs = items.map(() => ({ item: [] as number[], outcome: [] as number[] }));
  const answered = items.map(() => [] as number[]);
  let outcomeN = 0;
  // One response at a time: its outcome answer pairs with each item it answered.
  let current = -1;
  let outcomeValue: number | null = null;
  let pending: Array<[number, number]> = [];
  const flush = () => {
    if (outcomeValue !== null) {
      outcomeN++;
      for (const [i, v] of pending) {
        pairs[i].item.push(v);
        pairs[i].outcome.push(outcomeValue);
      }
    }
    pending = [];
    outcomeValue = null;
  };
  const ids = [outcome.id, ...items.map((q) => q.id)];
  for (const [responseId, questionId, value] of driversRepo(ctx.repo.db).answersByResponse(
    ctx.survey.id,
    w,
    teamIds,
    ids,
    weeks,
  )) {
    if (responseId !== current) {
      flush();
      current = responseId;
    }
    if (questionId === outcome.id) outcomeValue = value;
    else {
      const i = slot.get(questionId)!;
      pending.push([i, value]);
      answered[i].push(value);
    }
  }
  flush();
  const inputs: DriverInput[] = items.map((q, i) => ({
    question: q.key,
    item: pairs[i].item,
    outcome: pairs[i].outcome,
    favorable: itemFavorability(q.type, answered[i]),
  }));
  const byKey = new Map(items.map((q) => [q.key, q]));
  const drivers: DriverRow[] = keyDrivers(inputs).map((d) => ({
    ...d,
    text: byKey.get(d.question)!.text,
    type: byKey.get(d.question)!.type,
  }));
  const anyShown = drivers.some((d) => !d.suppressed);
  return {
    n: outcomeN,
    suppressed: !anyShown,
    ...(anyShown
      ? {}
      : {
          suppressed_reason: 'too_few_pairs' as const,
          reason: `no item has ${DRIVER_MIN_PAIRS} or more responses that answered both it and the outcome`,
        }),
    drivers,
    medians: driverMedians(drivers),
  };
}

/** CSV rows of a drivers report: one per driver; a hidden report is one row saying why. */
export function driversCsvRows(r: DriversReport) {
  const head = { survey: r.survey, team: r.team ?? '(org)', from: r.from, to: r.to, outcome: r.outcome, n: r.n };
  if (r.drivers.length === 0) return [{ ...head, suppressed: true, message: r.reason ?? '' }];
  return r.drivers.map((d) => ({
    ...head,
    suppressed: d.suppressed,
    question: d.question,
    text: d.text,
    rho: d.rho,
    ci95_low: d.ci95?.[0] ?? null,
    ci95_high: d.ci95?.[1] ?? null,
    pairs: d.n,
    favorable: d.favorable,
    focus: d.focus,
    message: d.reason ?? '',
  }));
}
