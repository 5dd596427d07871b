import { dataVersion } from '../cache/cache.repo.js';
import type { Team } from '../directory/directory.repo.js';
import type { TeamScope } from '../directory/directory.service.js';
import { isHidden, statusOf, type GroupStatus } from '../privacy/engine.js';
import { previousWindow, type ReportWindow } from '../reports/reports.schema.js';
import { shownResult, suppressedResult, type Ctx, type ResultsBase, type SurveyResults } from './results.compose.js';
import { addCells, type QuestionTally, type Tallies } from './results.present.js';
import type { AnswerCell, ResultsRepo } from './results.repo.js';
import { distinctOver, subtreesOf, treeStatuses, whoByTeam } from '../privacy/tree.js';
import { DAY_MS, WEEK_MS } from '../units.js';

/** The Monday 00:00 UTC on or after an instant (1970-01-01 was a Thursday). */
function mondayOnOrAfter(ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const monday = day - ((Math.floor(day / DAY_MS) + 3) % 7) * DAY_MS;
  return monday === ms ? ms : monday + WEEK_MS;
}

/**
 * The whole UTC weeks a window counts in weekly mode: both ends move to the next Monday (unless
 * already one), so consecutive windows stay consecutive and the current week is included. A window
 * inside one week counts no week at all (`from` = `to`).
 */
export function weekAligned(w: { from: string; to: string }): ReportWindow {
  const from = mondayOnOrAfter(Date.parse(w.from));
  const to = Math.max(from, mondayOnOrAfter(Date.parse(w.to)));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), days: (to - from) / DAY_MS };
}

/** The Mondays ('YYYY-MM-DD') of the weeks of a week-aligned window. */
function weeksOf(w: { from: string; to: string }): string[] {
  const out: string[] = [];
  for (let t = Date.parse(w.from); t < Date.parse(w.to); t += WEEK_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** One group's share of a weekly window. */
export interface WeeklyGroup {
  /** shown when at least one of its weeks is shown; else why its weeks are hidden; empty when nobody answered. */
  status: GroupStatus;
  /** Weeks whose figures count (each has at least k distinct respondents and protects no sibling). */
  shownWeeks: string[];
  /** Weeks with answers that are left out. */
  hiddenWeeks: number;
  /** Distinct respondents over the shown weeks. */
  respondents: number;
}

/** One person's answer (or comment) placed by team and UTC week (its Monday): [team id, week, who]. */
export type WeekTriple = readonly [number, string, string | number];

/**
 * metrics.md's threshold and complementary rules applied to each UTC week on its own, over the
 * team tree: `statusIn(team, week)` for a team's subtree (team null = the org). People are
 * interned to small integers as rows stream in, so a large window costs little memory.
 */
export function weekStatuses(triples: Iterable<WeekTriple>, teams: readonly Team[], k: number) {
  const people = new Map<string | number, number>();
  const perWeek = new Map<string, Map<number, Set<number>>>();
  for (const [teamId, week, who] of triples) {
    let person = people.get(who);
    if (person === undefined) people.set(who, (person = people.size));
    let byTeam = perWeek.get(week);
    if (!byTeam) perWeek.set(week, (byTeam = new Map<number, Set<number>>()));
    const set = byTeam.get(teamId);
    if (set) set.add(person);
    else byTeam.set(teamId, new Set([person]));
  }
  const weeks = [...perWeek.keys()].sort();
  const decided = new Map(weeks.map((week) => [week, treeStatuses(teams, perWeek.get(week)!, k)]));
  const statusIn = (team: Team | null, week: string): GroupStatus => {
    const d = decided.get(week);
    if (!d) return 'empty';
    return team ? d.status.get(team.key)! : statusOf(d.orgRespondents, k);
  };
  /** The weeks a group's figures may count. */
  const shownWeeks = (team: Team | null) => new Set(weeks.filter((week) => statusIn(team, week) === 'shown'));
  return { weeks, statusIn, shownWeeks };
}

/** One week's people per team (respondent numbers) and its privacy decisions. */
interface WeekData {
  byTeam: Map<number, number[]>;
  decided: ReturnType<typeof treeStatuses>;
}

/**
 * Week data per database, kept while the report inputs are unchanged (the data version every
 * cached report is keyed on, src/cache/report-cache.ts): a
 * week's decisions do not depend on the window around it, so the trailing windows of a leadership
 * page, or a window and the one before it, share their weeks instead of reading them again.
 */
const memos = new WeakMap<object, { version: number; weeks: Map<string, WeekData> }>();
/** About three years of weekly pulses of one survey; a few MB for a 10,000-person org. */
const MEMO_WEEKS = 160;

function weekData(
  repo: ResultsRepo,
  surveyId: number,
  k: number,
  teams: readonly Team[],
  w: { from: string; to: string },
): Map<string, WeekData> {
  const version = dataVersion(repo.db);
  let memo = memos.get(repo.db);
  if (!memo || memo.version !== version) memos.set(repo.db, (memo = { version, weeks: new Map() }));
  const key = (week: string) => `${surveyId}|${k}|${week}`;
  const wanted = weeksOf(w);
  const missing = new Set(wanted.filter((week) => !memo.weeks.has(key(week))));
  if (missing.size) {
    const first = [...missing][0],
      last = [...missing][missing.size - 1];
    const fresh = new Map<string, Map<number, number[]>>([...missing].map((week) => [week, new Map()]));
    const span = {
      from: `${first}T00:00:00.000Z`,
      to: new Date(Date.parse(`${last}T00:00:00.000Z`) + WEEK_MS).toISOString(),
    };
    // People come numbered (respondent_keys), the same number in every week, and distinct per
    // team-week (the table's key): plain arrays of small integers are enough.
    for (const [teamId, week, person] of repo.respondentWeekPairs(surveyId, span)) {
      const byTeam = fresh.get(week);
      if (!byTeam) continue;
      const list = byTeam.get(teamId);
      if (list) list.push(person);
      else byTeam.set(teamId, [person]);
    }
    for (const [week, byTeam] of fresh) memo.weeks.set(key(week), { byTeam, decided: treeStatuses(teams, byTeam, k) });
  }
  const out = new Map(wanted.map((week) => [week, memo.weeks.get(key(week))!]));
  while (memo.weeks.size > MEMO_WEEKS) memo.weeks.delete(memo.weeks.keys().next().value!);
  return out;
}

/**
 * The privacy status of every team (subtree) and of the org in every UTC week of a week-aligned
 * window, and each group's share of it.
 */
export function weeklyView(
  repo: ResultsRepo,
  surveyId: number,
  k: number,
  teams: readonly Team[],
  w: { from: string; to: string },
) {
  const data = weekData(repo, surveyId, k, teams, w);
  const weeks = [...data.keys()].filter((week) => data.get(week)!.decided.orgRespondents > 0);
  const subtree = subtreesOf(teams);
  const statusIn = (team: Team | null, week: string): GroupStatus => {
    const d = data.get(week)!.decided;
    return team ? d.status.get(team.key)! : statusOf(d.orgRespondents, k);
  };

  /** A team's subtree, or the org (`team` null). */
  const group = (team: Team | null): WeeklyGroup => {
    const ids = team ? subtree.get(team.id)! : teams.map((t) => t.id);
    const statuses = weeks.map((week) => ({ week, status: statusIn(team, week) }));
    const shownWeeks = statuses.filter((s) => s.status === 'shown').map((s) => s.week);
    const hidden = statuses.filter((s) => s.status === 'below_threshold' || s.status === 'complementary');
    const seen = new Set<number>();
    for (const week of shownWeeks)
      for (const id of ids) for (const person of data.get(week)!.byTeam.get(id) ?? []) seen.add(person);
    const status: GroupStatus = shownWeeks.length
      ? 'shown'
      : hidden.some((s) => s.status === 'below_threshold')
        ? 'below_threshold'
        : hidden.length
          ? 'complementary'
          : 'empty';
    return { status, shownWeeks, hiddenWeeks: hidden.length, respondents: seen.size };
  };
  return { weeks, group };
}

export type WeeklyView = ReturnType<typeof weeklyView>;

/** Tallies of one group over its shown weeks. */
const weeklyTallies = (repo: ResultsRepo, surveyId: number, g: WeeklyGroup, teamIds: readonly number[]): Tallies => {
  const tallies = new Map<number, QuestionTally>();
  return g.shownWeeks.length ? addCells(tallies, repo.weekCells(surveyId, g.shownWeeks, teamIds)) : tallies;
};

/** Answer cells of every team and week of a window, to sum per group (many groups at once). */
function weekCellIndex(repo: ResultsRepo, surveyId: number, weeks: readonly string[], teamIds: readonly number[]) {
  const index = new Map<string, AnswerCell[]>();
  if (weeks.length) {
    for (const c of repo.weekCellsByTeam(surveyId, weeks, teamIds)) {
      const key = `${c.teamId}|${c.week}`;
      const list = index.get(key);
      if (list) list.push(c);
      else index.set(key, [c]);
    }
  }
  /** Tallies of a group (its subtree ids) over its shown weeks. */
  return (g: WeeklyGroup, ids: readonly number[]): Tallies =>
    addCells(
      new Map(),
      g.shownWeeks.flatMap((week) => ids.flatMap((id) => index.get(`${id}|${week}`) ?? [])),
    );
}

/** Both windows a weekly result compares: the counted weeks and the same number of weeks before. */
function weeklyWindows(ctx: Ctx, window: ReportWindow) {
  const counted = weekAligned(window);
  const previous = previousWindow(counted);
  const view = (w: ReportWindow) => weeklyView(ctx.repo, ctx.survey.id, ctx.k, ctx.teams, w);
  return {
    counted,
    previous,
    now: view(counted),
    before: view(previous),
    requested: { from: window.from, to: window.to },
  };
}

/** `surveyResults` in weekly mode: one group's figures over its shown weeks. */
export function weeklyResults(ctx: Ctx, window: ReportWindow, scope: TeamScope, base: ResultsBase): SurveyResults {
  const { repo, survey } = ctx;
  const w = weeklyWindows(ctx, window);
  const counted = { ...base, from: w.counted.from, to: w.counted.to };
  const names = { survey_name: survey.name, team_name: scope.team?.name ?? null };
  const g = w.now.group(scope.team);
  if (isHidden(g.status))
    return {
      ...suppressedResult(ctx, counted, g.status),
      ...names,
      period_privacy: { mode: 'weekly', requested: w.requested },
    };
  const pg = w.before.group(scope.team);
  const figures = {
    respondents: g.respondents,
    invited: repo.invited(survey.id, w.counted, scope.teamIds),
    invitedRespondents: repo.invitedRespondents(survey.id, w.counted, scope.teamIds),
    tallies: weeklyTallies(repo, survey.id, g, scope.teamIds),
  };
  const prevTallies: Tallies =
    pg.status === 'shown' ? weeklyTallies(repo, survey.id, pg, scope.teamIds) : new Map<number, QuestionTally>();
  return {
    ...shownResult(ctx, counted, figures, { window: w.previous, status: pg.status, tallies: prevTallies }),
    team_name: names.team_name,
    period_privacy: { mode: 'weekly', requested: w.requested, hidden_weeks: g.hiddenWeeks },
  };
}

/** `resultsByTeam` in weekly mode: every wanted team as `weeklyResults` would answer for it. */
export function weeklyByTeam(ctx: Ctx, window: ReportWindow, wanted: readonly Team[]): Map<string, SurveyResults> {
  const { repo, survey, teams } = ctx;
  const w = weeklyWindows(ctx, window);
  const all = teams.map((t) => t.id);
  const subtree = subtreesOf(teams);
  const tallyNow = weekCellIndex(repo, survey.id, w.now.weeks, all);
  const tallyBefore = weekCellIndex(repo, survey.id, w.before.weeks, all);
  const invited = whoByTeam(repo.invitedPairs(survey.id, w.counted));
  const invitedResponded = whoByTeam(repo.invitedRespondentPairs(survey.id, w.counted));
  const out = new Map<string, SurveyResults>();
  for (const team of wanted) {
    const counted = { survey: survey.key, team: team.key, from: w.counted.from, to: w.counted.to };
    const g = w.now.group(team);
    if (isHidden(g.status)) {
      out.set(team.key, {
        ...suppressedResult(ctx, counted, g.status),
        survey_name: survey.name,
        team_name: team.name,
        period_privacy: { mode: 'weekly', requested: w.requested },
      });
      continue;
    }
    const ids = subtree.get(team.id)!;
    const pg = w.before.group(team);
    const figures = {
      respondents: g.respondents,
      invited: distinctOver(invited, ids),
      invitedRespondents: distinctOver(invitedResponded, ids),
      tallies: tallyNow(g, ids),
    };
    out.set(team.key, {
      ...shownResult(ctx, counted, figures, {
        window: w.previous,
        status: pg.status,
        tallies: pg.status === 'shown' ? tallyBefore(pg, ids) : new Map<number, QuestionTally>(),
      }),
      team_name: team.name,
      period_privacy: { mode: 'weekly', requested: w.requested, hidden_weeks: g.hiddenWeeks },
    });
  }
  return out;
}
