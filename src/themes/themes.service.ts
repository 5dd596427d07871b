import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { resolveTeamScope, type TeamScope } from '../directory/directory.service.js';
import { cachedReport } from '../cache/report-cache.js';
import { isHidden, suppressTree } from '../privacy/engine.js';
import { commentThresholdFor } from '../privacy/threshold.js';
import { subtreeCounts } from '../privacy/tree.js';
import { wilsonInterval } from '../metrics/survey-stats.js';
import { reportWindow, type ReportWindow } from '../reports/reports.schema.js';
import { periodMode } from '../privacy/period-mode.js';
import { weekAligned, weekStatuses } from '../surveys/results.weekly.js';
import { themeStates, type ThemeState } from '../loop/loop.service.js';
import {
  countComments,
  countTags,
  perPersonWeek,
  type CommentRow,
  type TagRow,
  type TeamWeekFilter,
} from './aggregate.js';
import { emergingPhrases } from './emerging.js';
import { pickQuotes } from './quotes.js';
import { nameIndex } from './redact.js';
import { frictionSentimentLabel } from './sentiment.js';
import { matchStrength } from './match.js';
import { currentTaxonomy, matcherFor } from './taxonomy.service.js';
import { frictionByOwner, type OwnerShare } from './ownership.js';
import type { ThemeOwner } from './taxonomy.js';
import { themesRepo, type Scope } from './themes.repo.js';

/** One theme of the themes report (pinned fields first). */
export interface ThemeRow {
  key: string;
  label: string;
  /** Distinct respondents mentioning it; null when fewer than k (never an exact small count). */
  respondents: number | null;
  share: number | null;
  ci95: [number, number] | null;
  /** Teams where it is prominent (≥ 20 % of the team's commenters), only teams at or above k. */
  teams: string[];
  /**
   * Share per period — a calendar month of whole UTC weeks, each week in its Monday's month —
   * (null for periods with fewer than k commenters), with its Wilson interval and commenters n
   * unless they would reveal fewer than k mentions; `partial` when the window covers only some
   * of the period's `weeks`.
   */
  trend: Array<{
    period: string;
    share: number | null;
    ci95: [number, number] | null;
    n: number | null;
    weeks: number;
    partial: boolean;
  }>;
  quotes: string[];
  definition: string;
  /** Mean sentiment; a friction theme is labelled negative or neutral, never positive. */
  sentiment: { mean: number | null; label: 'negative' | 'neutral' | null };
  status: ThemeState['status'];
  /** Who can fix it (taxonomy): platform, shared or other. */
  owner: ThemeOwner;
  /** Who is working on it (closing the loop), free text; null when nobody is named. */
  status_owner: string | null;
  below_threshold: boolean;
}

/** GET /api/v1/themes: the pinned shape plus scope, threshold and taxonomy version. */
export interface ThemesReport {
  team: string | null;
  from: string;
  to: string;
  threshold: number;
  taxonomy_version: number;
  suppressed: boolean;
  respondents_with_comments: number | null;
  themes: ThemeRow[];
  emerging: Array<{ phrase: string; count: number }>;
  /** Shown theme mentions per owner (platform, shared, other); empty when suppressed. */
  by_owner: OwnerShare[];
  /**
   * Weekly mode only (people): the window as asked; figures count the whole weeks of from/to, and
   * commenters are counted once per week they commented in (`counting: 'person_weeks'`).
   */
  period_privacy?: { mode: 'weekly'; requested: { from: string; to: string }; counting: 'person_weeks' };
}

/** Share of commenters a team needs for a theme before the team is listed as affected. */
export const TEAM_AFFECTED_SHARE = 0.2;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** The anonymity threshold for comments: the setting and every survey's own, strictest wins. */
export const commentThreshold = (deps: Deps): number => commentThresholdFor(deps.db);

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** The Monday 00:00 UTC on or before an instant (1970-01-01 was a Thursday). */
const mondayOnOrBefore = (ms: number) => {
  const day = Math.floor(ms / DAY_MS);
  return (day - ((day + 3) % 7)) * DAY_MS;
};
/** How many weeks (Mondays) a calendar month 'YYYY-MM' holds. */
function mondaysIn(period: string): number {
  const start = Date.parse(`${period}-01T00:00:00.000Z`);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 1);
  let n = 0;
  for (let t = mondayOnOrBefore(start); t < end.getTime(); t += WEEK_MS) if (t >= start) n++;
  return n;
}

/**
 * The trend periods of a window: calendar months made of whole UTC weeks, each week in the month
 * of its Monday, so no period splits a week and a period's weeks never depend on the window.
 * `weeks` counts the period's weeks inside the window; `partial` marks a period the window does
 * not cover whole (its first and last, usually).
 */
export function trendPeriods(w: {
  from: string;
  to: string;
}): Array<{ period: string; weeks: number; partial: boolean }> {
  const from = Date.parse(w.from);
  const to = Date.parse(w.to);
  const out = new Map<string, { weeks: number; partial: boolean }>();
  for (let t = mondayOnOrBefore(from); t < to; t += WEEK_MS) {
    const period = new Date(t).toISOString().slice(0, 7);
    const p = out.get(period) ?? { weeks: 0, partial: false };
    p.weeks++;
    if (t < from || t + WEEK_MS > to) p.partial = true;
    out.set(period, p);
  }
  return [...out].map(([period, p]) => ({
    period,
    weeks: p.weeks,
    partial: p.partial || p.weeks < mondaysIn(period),
  }));
}

/**
 * Friction themes of a team (its subtree) or the org over `[from, to)` (default: the 90 days
 * before now). Privacy: the whole report is suppressed when the group (after complementary
 * suppression) has fewer than k commenters; themes below k show no count; teams, quotes and
 * emerging phrases only draw on teams at or above k; months below k show no share.
 */
export function themesReport(deps: Deps, query: { team?: string | null; from?: string; to?: string }): ThemesReport {
  const asked = reportWindow({ from: query.from, to: query.to }, deps.now());
  // People count whole weeks, as with survey results (privacy/period-mode.ts).
  const w = periodMode() === 'weekly' ? weekAligned(asked) : asked;
  const scope = resolveTeamScope(deps, query.team ?? null);
  // Memoised until any report input changes. Comments were tagged when they were written
  // (taxonomy.service.ts, syncCommentTags): reading the report writes nothing.
  const report = cachedReport(deps, ['themes', scope.team?.key ?? null, w.from, w.to], () =>
    computeReport(deps, w, scope),
  );
  return w === asked
    ? report
    : {
        ...report,
        period_privacy: { mode: 'weekly', requested: { from: asked.from, to: asked.to }, counting: 'person_weeks' },
      };
}

function computeReport(deps: Deps, w: ReportWindow, scope: TeamScope): ThemesReport {
  const repo = themesRepo(deps.db);
  const taxonomy = currentTaxonomy(deps);
  const k = commentThreshold(deps);
  const teams = directoryRepo(deps.db).teams();
  const s: Scope = { from: w.from, to: w.to, teamIds: scope.team ? scope.teamIds : null };
  const base = {
    team: scope.team?.key ?? null,
    from: w.from,
    to: w.to,
    threshold: k,
    taxonomy_version: taxonomy.version,
  };

  const inScope = new Set(scope.teamIds);
  // Weekly mode (people): only weeks in which the scope's commenters reach k (per week, sibling
  // rule included); each team's own figures only from its own shown weeks; and every count in
  // person-weeks, so any two windows differ by whole team-weeks of at least k commenters.
  // The rows are read twice then (weeks, counts); exact mode streams them once.
  const weekly = periodMode() === 'weekly';
  const comments = weekly ? [...repo.commentRows(s)] : repo.commentRows(s);
  let weeks: Set<string> | null = null;
  let teamCounted: TeamWeekFilter | undefined;
  if (weekly) {
    const statuses = weekStatuses(
      (function* () {
        for (const [who, teamId, , week] of comments) yield [teamId, week, who] as const;
      })(),
      teams,
      k,
    );
    weeks = statuses.shownWeeks(scope.team);
    const byId = new Map(teams.map((t) => [t.id, t]));
    teamCounted = (team, week) => statuses.statusIn(byId.get(team) ?? null, week) === 'shown';
  }
  function* inWeeks<T extends unknown[]>(rows: Iterable<T>, at: number): Iterable<T> {
    for (const r of rows) if (!weeks || weeks.has(r[at] as string)) yield r;
  }
  const countable = <T extends CommentRow | TagRow>(rows: Iterable<T>, whoAt: number, weekAt: number) =>
    weekly ? perPersonWeek(inWeeks(rows, weekAt), whoAt, weekAt) : rows;
  const counts = countComments(countable(comments, 0, 3), scope.team ? inScope : null, teamCounted);
  const own = counts.ownByTeam;
  // Distinct commenters per subtree, the one way the privacy engine counts them.
  const distinct = subtreeCounts(teams, counts.whoByTeam);
  const status = suppressTree(
    teams.map((t) => ({ key: t.key, parent: t.parentKey, respondents: distinct.subtree.get(t.id) ?? 0 })),
    k,
    distinct.org,
  );
  const hiddenIds = new Set(teams.filter((t) => isHidden(status.get(t.key) ?? 'empty')).map((t) => t.id));
  const total = counts.total;
  if (total < k || (scope.team && hiddenIds.has(scope.team.id))) {
    return { ...base, suppressed: true, respondents_with_comments: null, themes: [], emerging: [], by_owner: [] };
  }

  const visibleIds = teams
    .filter((t) => inScope.has(t.id) && !hiddenIds.has(t.id) && (own.get(t.id) ?? 0) >= k)
    .map((t) => t.id);
  const byTheme = countTags(countable(repo.tagRows(s), 1, 6), new Set(visibleIds), 60, teamCounted);
  const periods = trendPeriods(w);
  const states = themeStates(deps);
  const names = nameIndex(
    directoryRepo(deps.db)
      .people()
      .map((p) => p.name),
  );
  const teamKey = new Map(teams.map((t) => [t.id, t.key]));
  const matcher = matcherFor(deps, taxonomy);
  const shownThemes = taxonomy.themes.filter((th) => (byTheme.get(th.key)?.n ?? 0) >= k);
  const texts = new Map(
    repo.commentsByIds(shownThemes.flatMap((th) => byTheme.get(th.key)!.recentIds)).map((c) => [c.id, c]),
  );

  const rows: ThemeRow[] = taxonomy.themes.map((th) => {
    const agg = byTheme.get(th.key);
    const n = agg?.n ?? 0;
    const shown = n === 0 || n >= k;
    const state = states.get(th.key);
    const share = (team: number) => (agg?.byTeam.get(team) ?? 0) / (own.get(team) ?? 1);
    const affected = visibleIds
      .filter((id) => share(id) >= TEAM_AFFECTED_SHARE)
      .sort((a, b) => share(b) - share(a))
      .map((id) => teamKey.get(id)!);
    const ci = shown ? wilsonInterval(n, total) : null;
    const candidates =
      n >= k
        ? agg!.recentIds
            .map((id) => texts.get(id))
            .filter((c) => c !== undefined)
            .map((c) => ({ ...c, strength: matchStrength(c.text, matcher, th.key) }))
        : [];
    return {
      key: th.key,
      label: th.label,
      respondents: shown ? n : null,
      share: shown ? round(n / total) : null,
      ci95: ci ? [round(ci[0]), round(ci[1])] : null,
      teams: n >= k ? affected : [],
      trend: periods.map(({ period, weeks: periodWeeks, partial }) => {
        const pn = counts.byPeriod.get(period) ?? 0;
        const pk = agg?.byPeriod.get(period) ?? 0;
        const visible = pn >= k && shown;
        // n and the interval would give away a mention count under k: only shown when it is not.
        const exact = visible && (pk === 0 || pk >= k);
        const pci = exact ? wilsonInterval(pk, pn) : null;
        return {
          period,
          share: visible ? round(pk / pn) : null,
          ci95: pci ? ([round(pci[0]), round(pci[1])] as [number, number]) : null,
          n: exact ? pn : null,
          weeks: periodWeeks,
          partial,
        };
      }),
      quotes: pickQuotes(candidates, names),
      definition: th.definition,
      sentiment: {
        mean: n >= k ? round(agg!.sentiment) : null,
        label: n >= k ? frictionSentimentLabel(agg!.sentiment) : null,
      },
      status: state?.status ?? 'new',
      owner: th.owner,
      status_owner: state?.owner ?? null,
      below_threshold: n > 0 && !shown,
    };
  });
  rows.sort((a, b) => (b.respondents ?? -1) - (a.respondents ?? -1) || a.label.localeCompare(b.label));

  const emerging = visibleIds.length
    ? emergingPhrases(
        repo
          .commentTexts({ ...s, teamIds: visibleIds }, true, 5000)
          .filter((c) => !weeks || weeks.has(c.week))
          // People count in person-weeks here too, so a phrase's count moves by whole team-weeks.
          .map((c) => (weekly ? { ...c, respondent: `${c.week}|${c.respondent}` } : c)),
        repo
          .commentTexts({ ...s, teamIds: visibleIds }, false, 1000)
          .filter((c) => !weeks || weeks.has(c.week))
          .map((c) => c.text),
        { minRespondents: Math.max(3, k) },
      ).map(({ phrase, count }) => ({ phrase, count }))
    : [];
  return {
    ...base,
    suppressed: false,
    respondents_with_comments: total,
    themes: rows,
    emerging,
    by_owner: frictionByOwner(rows),
  };
}

/** CSV rows of the themes report: one per theme. */
export function themesCsvRows(r: ThemesReport) {
  if (r.suppressed)
    return [
      {
        team: r.team ?? 'org',
        from: r.from,
        to: r.to,
        respondents_with_comments: null,
        suppressed: true,
        note: `fewer than ${r.threshold} commenters`,
      },
    ];
  return r.themes.map((t) => ({
    team: r.team ?? 'org',
    from: r.from,
    to: r.to,
    respondents_with_comments: r.respondents_with_comments,
    key: t.key,
    label: t.label,
    respondents: t.respondents,
    share: t.share,
    ci_low: t.ci95?.[0] ?? null,
    ci_high: t.ci95?.[1] ?? null,
    teams: t.teams.join('; '),
    sentiment: t.sentiment.mean,
    status: t.status,
    owner: t.owner,
    status_owner: t.status_owner,
    trend: t.trend.map((p) => `${p.period}=${p.share ?? ''}`).join('; '),
    quotes: t.quotes.join(' | '),
    suppressed: r.suppressed,
  }));
}
