import type { Team } from '../directory/directory.repo.js';
import type { TeamScope } from '../directory/directory.service.js';
import {
  combinedStatus,
  distinctWho,
  filteredStatus,
  hiddenReason,
  isHidden,
  suppressSmallGroups,
  type GroupCount,
  type GroupStatus,
} from '../privacy/engine.js';
import { subtreesOf } from '../privacy/tree.js';
import { previousWindow, segmentParams, type ReportWindow, type SegmentFilter } from '../reports/reports.schema.js';
import {
  questionsFor,
  shownResult,
  suppressedResult,
  type Breakdown,
  type BreakdownGroup,
  type Ctx,
  type ResultsBase,
  type SurveyResults,
} from './results.compose.js';
import { addCells, devexOf, questionResult, type QuestionTally, type Tallies } from './results.present.js';
import type { Span } from './results.repo.js';
import { groupStatus } from './results.status.js';
import { weekAligned, weeklyView } from './results.weekly.js';
import { segmentsRepo, type SegmentCell } from './segments.repo.js';

/**
 * Segment filters and breakdowns of survey results (metrics.md → "Privacy rules"), decided by the
 * privacy engine from the responses of the window and the attributes stored with each one:
 * - the filtered group (scope ∧ filter) shows only with k distinct respondents and when, for each
 *   condition of the filter (each attribute key, and the team: its parent teams and the org), the
 *   same scope without that condition minus the group holds 0 or at least k people;
 * - the groups of a breakdown are siblings: the sibling rule across them, the filter rule for each;
 * - in weekly mode (people) every UTC week is judged on its own, over the team-weeks the
 *   unfiltered scope may show, and figures count only the shown weeks.
 * Privacy decisions loop over responses (one row each); figures are SQL aggregates of answers.
 */

/** The breakdown group of responses with no value for the key: counted among the siblings, never shown. */
const NONE = '\u0000none';

/** One response as the privacy decisions of segments see it. */
export interface Row {
  team: number;
  who: string | number;
  unit: string;
  v: Array<string | null>;
}

/** A segmented group over a window: its status, the units (weeks, or '' in exact mode) it shows, and its people there. */
export interface SegmentGroup {
  status: GroupStatus;
  shownUnits: Set<string>;
  hiddenUnits: number;
  respondents: number;
}

/** What a segmented computation answers: the filtered group, and per breakdown value its group. */
export interface SegmentView {
  group: SegmentGroup;
  groups: Map<string, SegmentGroup>;
  cells: SegmentCell[];
}

const who = (r: Row) => r.who;

/**
 * Decides and counts the filtered group (scope ∧ filter) of a window and, with `by`, each of its
 * groups by value. `weekly`: `w` is week-aligned and each UTC week is judged on its own.
 */
function segmentView(
  ctx: Ctx,
  w: Span,
  weekly: boolean,
  scope: TeamScope,
  filter: SegmentFilter,
  by: string | null,
  /** Rows already read for this survey, window and keys (many scopes of one request share them). */
  memo?: Map<string, Row[]>,
): SegmentView {
  const { repo, survey, k, teams } = ctx;
  const seg = segmentsRepo(repo.db);
  const keys = [...new Set([...filter.map((c) => c.key), ...(by ? [by] : [])])];
  const at = new Map(keys.map((key, i) => [key, i]));
  const memoKey = JSON.stringify([survey.id, w.from, w.to, keys, weekly]);
  let rows = memo?.get(memoKey);
  if (!rows) {
    rows = [];
    for (const [team, person, week, ...v] of seg.rows(survey.id, w, keys))
      rows.push({ team, who: person, unit: weekly ? week : '', v });
    memo?.set(memoKey, rows);
  }

  // The predicates of the filter rule.
  const conds = filter.map((c) => {
    const i = at.get(c.key)!;
    const values = new Set(c.values);
    return (r: Row) => r.v[i] !== null && values.has(r.v[i]);
  });
  const allBut = (r: Row, skip: number) => conds.every((c, j) => j === skip || c(r));
  const scopeIds = new Set(scope.teamIds);
  const inScope = scope.team ? (r: Row) => scopeIds.has(r.team) : () => true;
  const inGroup = (r: Row) => inScope(r) && allBut(r, -1);
  const wider: Array<(r: Row) => boolean> = conds.map((_, i) => (r: Row) => inScope(r) && allBut(r, i));
  // Without the team condition: each team above it, and the org (for a filter, and for every
  // breakdown group, whose value is one more condition).
  const aboveTeam: Array<(r: Row) => boolean> = [];
  if (scope.team) {
    const subtree = subtreesOf(teams);
    for (let t: Team | undefined = teams.find((p) => p.id === scope.team!.parentId); t;) {
      const ids = new Set(subtree.get(t.id));
      aboveTeam.push((r) => ids.has(r.team) && allBut(r, -1));
      const parentId = t.parentId;
      t = teams.find((p) => p.id === parentId);
    }
    aboveTeam.push((r) => allBut(r, -1));
  }
  if (conds.length) wider.push(...aboveTeam);
  // Each value of a condition with several (OR): its part of the group.
  const parts = filter.flatMap((c) =>
    c.values.length > 1 ? c.values.map((value) => (r: Row) => r.v[at.get(c.key)!] === value) : [],
  );
  const byAt = by ? at.get(by)! : -1;
  const valueOf = (r: Row) => (byAt < 0 ? NONE : (r.v[byAt] ?? NONE));

  // The unfiltered scope's status per unit (the team tree, per week in weekly mode).
  let baseStatus: (unit: string) => GroupStatus;
  if (weekly) {
    const g = weeklyView(repo, survey.id, k, teams, w).group(scope.team);
    const shown = new Set(g.shownWeeks);
    const hidden: GroupStatus = isHidden(g.status) ? g.status : 'below_threshold';
    baseStatus = (unit) => (shown.has(unit) ? 'shown' : hidden);
  } else {
    const s = groupStatus(ctx, w, scope.team, scope.teamIds);
    baseStatus = () => s;
  }

  const units = new Map<string, Row[]>();
  for (const r of rows) {
    const list = units.get(r.unit);
    if (list) list.push(r);
    else units.set(r.unit, [r]);
  }
  const values = by
    ? [...new Set(rows.filter(inGroup).map(valueOf))].sort((a, b) =>
        a === NONE ? 1 : b === NONE ? -1 : a < b ? -1 : 1,
      )
    : [];
  const perUnit = new Map<string, GroupStatus[]>();
  const groupUnits = new Map(values.map((v) => [v, [] as GroupStatus[]]));
  const shownUnits = new Set<string>();
  const groupShown = new Map(values.map((v) => [v, new Set<string>()]));
  for (const [unit, unitRows] of units) {
    const members = unitRows.filter(inGroup);
    if (!members.length) continue;
    const base = baseStatus(unit);
    const status = isHidden(base) ? base : filteredStatus(unitRows, inGroup, wider, who, k, parts);
    perUnit.set(unit, [status]);
    if (status === 'shown') shownUnits.add(unit);
    if (!by) continue;
    // The groups of the breakdown in this unit: siblings under the filtered group.
    const counts = values.map((value): GroupCount => {
      const inValue = (r: Row) => inGroup(r) && valueOf(r) === value;
      const n = distinctWho(
        members.filter((r) => valueOf(r) === value),
        who,
      );
      if (isHidden(status)) return { key: value, respondents: n, forced: n ? status : 'empty' };
      const own = filteredStatus(
        unitRows,
        inValue,
        [
          ...wider.map((f) => (r: Row) => f(r) && valueOf(r) === value),
          ...(conds.length ? [] : aboveTeam.map((f) => (r: Row) => f(r) && valueOf(r) === value)),
          inGroup,
        ],
        who,
        k,
        parts,
      );
      // No value is never shown: it only counts among the siblings.
      const forced: GroupStatus | undefined =
        own === 'rest_too_small' ? own : value === NONE && own === 'shown' ? 'complementary' : undefined;
      return { key: value, respondents: n, forced };
    });
    const union = (keys: readonly string[]) => {
      const set = new Set(keys);
      return distinctWho(
        members.filter((r) => set.has(valueOf(r))),
        who,
      );
    };
    const decided = suppressSmallGroups(counts, k, status, union);
    for (const value of values) {
      const s = decided.get(value)!;
      if (s === 'empty') continue;
      groupUnits.get(value)!.push(s);
      if (s === 'shown') groupShown.get(value)!.add(unit);
    }
  }
  const summary = (statuses: GroupStatus[], shown: Set<string>, member: (r: Row) => boolean): SegmentGroup => ({
    status: combinedStatus(statuses),
    shownUnits: shown,
    hiddenUnits: statuses.filter(isHidden).length,
    respondents: distinctWho(
      rows.filter((r) => shown.has(r.unit) && member(r)),
      who,
    ),
  });
  const group = summary([...perUnit.values()].flat(), shownUnits, inGroup);
  const groups = new Map(
    values
      .filter((v) => v !== NONE)
      .map((v) => [v, summary(groupUnits.get(v)!, groupShown.get(v)!, (r) => inGroup(r) && valueOf(r) === v)]),
  );
  const cells =
    group.status === 'shown'
      ? seg.cells(survey.id, w, scope.team ? scope.teamIds : null, filter, by, weekly, ctx.choiceIds)
      : [];
  return { group, groups, cells };
}

/** Tallies of the cells of one group (breakdown value, or every value) over its shown units. */
function talliesOf(cells: readonly SegmentCell[], g: SegmentGroup, value?: string): Tallies {
  return addCells(
    new Map(),
    cells.filter((c) => g.shownUnits.has(c.week) && (value === undefined || (c.grp ?? NONE) === value)),
  );
}

/** The breakdown object of a segment view (hidden groups: no figure, a reason). */
function breakdownOf(ctx: Ctx, view: SegmentView, by: string): Breakdown {
  const groups: BreakdownGroup[] = [];
  if (view.group.status !== 'shown') return { by, groups };
  for (const [value, g] of view.groups) {
    if (g.status !== 'shown') {
      const reason = isHidden(g.status) ? g.status : 'below_threshold';
      groups.push({
        value,
        suppressed: true,
        respondents: null,
        devex_score: null,
        questions: [],
        suppressed_reason: reason,
        reason: hiddenReason(reason, ctx.k),
      });
      continue;
    }
    const tallies = talliesOf(view.cells, g, value);
    const questions = questionsFor(ctx, tallies).map((q) => questionResult(q, tallies.get(q.id)));
    groups.push({ value, suppressed: false, respondents: g.respondents, devex_score: devexOf(questions), questions });
  }
  return { by, groups };
}

/**
 * Results of a survey for a team (or the org) filtered by segments and/or broken down `by` one
 * attribute key, in `window` (exact) or its whole weeks (`weekly`). Without a filter the group's
 * own figures are those of `unfiltered` (the regular results, with runs and response rate); with
 * one they come from the answers of the matching responses, with no response rate (invitations
 * carry no attributes).
 */
export function segmentedResults(
  ctx: Ctx,
  window: ReportWindow,
  weekly: boolean,
  scope: TeamScope,
  base: ResultsBase,
  filter: SegmentFilter,
  by: string | null,
  unfiltered: () => SurveyResults,
  memo?: Map<string, Row[]>,
): SurveyResults {
  const counted = weekly ? weekAligned(window) : window;
  const view = segmentView(ctx, counted, weekly, scope, filter, by, memo);
  const breakdown = by ? { breakdown: breakdownOf(ctx, view, by) } : {};
  if (!filter.length) {
    const r = unfiltered();
    return { ...r, ...(r.suppressed ? { breakdown: { by: by!, groups: [] } } : breakdown) };
  }
  const names = { survey_name: ctx.survey.name, team_name: scope.team?.name ?? null };
  const echo = { segment: segmentParams(filter) };
  const period = (hidden?: number) =>
    weekly
      ? {
          period_privacy: {
            mode: 'weekly' as const,
            requested: { from: window.from, to: window.to },
            ...(hidden === undefined ? {} : { hidden_weeks: hidden }),
          },
        }
      : {};
  const at = { ...base, from: counted.from, to: counted.to };
  if (view.group.status !== 'shown') {
    const status: GroupStatus = isHidden(view.group.status) ? view.group.status : 'below_threshold';
    return {
      ...suppressedResult(ctx, at, status),
      ...names,
      ...echo,
      ...period(),
      ...(by ? { breakdown: { by, groups: [] } } : {}),
    };
  }
  const prevWindow = previousWindow(counted);
  const prev = segmentView(ctx, prevWindow, weekly, scope, filter, null, memo);
  const prevTallies: Tallies =
    prev.group.status === 'shown' ? talliesOf(prev.cells, prev.group) : new Map<number, QuestionTally>();
  const shown = shownResult(
    ctx,
    at,
    {
      respondents: view.group.respondents,
      invited: 0,
      invitedRespondents: 0,
      tallies: talliesOf(view.cells, view.group),
    },
    { window: prevWindow, status: prev.group.status, tallies: prevTallies },
  );
  const { invited: _invited, ...rest } = shown;
  return {
    ...rest,
    response_rate: null,
    response_rate_low: false,
    team_name: names.team_name,
    ...echo,
    ...period(view.group.hiddenUnits),
    ...breakdown,
  };
}
