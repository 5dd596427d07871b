import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { resolveTeamScope, type TeamScope } from '../directory/directory.service.js';
import { cachedReport } from '../cache/report-cache.js';
import {
  combinedStatus,
  distinctWho,
  filteredStatus,
  hiddenReason,
  isHidden,
  suppressSmallGroups,
  suppressTree,
  type GroupStatus,
  type HiddenReason,
} from '../privacy/engine.js';
import { commentThresholdFor } from '../privacy/threshold.js';
import { subtreeCounts, subtreesOf } from '../privacy/tree.js';
import { wilsonInterval } from '../metrics/survey-stats.js';
import { reportWindow, segmentParams, type ReportWindow, type SegmentFilter } from '../reports/reports.schema.js';
import { currentSegments } from '../reports/segment-scope.js';
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
import { DAY_MS, WEEK_MS } from '../units.js';

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
  /** Why the report is hidden (privacy engine), never an exact count. */
  suppressed_reason?: HiddenReason;
  reason?: string;
  /** The segment filter applied (`role:backend`, …). */
  segment?: string[];
  /** `?by=`: the themes per value of one attribute (privacy rules across the groups). */
  breakdown?: { by: string; groups: ThemeGroup[] };
}

/** One group of a themes breakdown: its commenters and theme shares, or hidden with a reason. */
export interface ThemeGroup {
  value: string;
  suppressed: boolean;
  respondents: number | null;
  themes: ThemeRow[];
  suppressed_reason?: HiddenReason;
  reason?: string;
}

/** Share of commenters a team needs for a theme before the team is listed as affected. */
const TEAM_AFFECTED_SHARE = 0.2;
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** The anonymity threshold for comments: the setting and every survey's own, strictest wins. */
const commentThreshold = (deps: Deps): number => commentThresholdFor(deps.db);

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
export function themesReport(
  deps: Deps,
  query: { team?: string | null; from?: string; to?: string; segments?: SegmentFilter; by?: string | null },
): ThemesReport {
  const asked = reportWindow({ from: query.from, to: query.to }, deps.now());
  // People count whole weeks, as with survey results (privacy/period-mode.ts).
  const w = periodMode() === 'weekly' ? weekAligned(asked) : asked;
  const scope = resolveTeamScope(deps, query.team ?? null);
  // Memoised until any report input changes. Comments were tagged when they were written
  // (taxonomy.service.ts, syncCommentTags): reading the report writes nothing.
  const filter = query.segments ?? currentSegments();
  const by = query.by ?? null;
  const report = cachedReport(deps, ['themes', scope.team?.key ?? null, w.from, w.to, segmentParams(filter), by], () =>
    filter.length || by ? segmentedThemes(deps, w, scope, filter, by) : computeReport(deps, w, scope),
  );
  return w === asked
    ? report
    : {
        ...report,
        period_privacy: { mode: 'weekly', requested: { from: asked.from, to: asked.to }, counting: 'person_weeks' },
      };
}

/** A segment's share of the comments: its comment rows (all teams), their ids, and (weekly) the weeks it may show. */
interface Restriction {
  comments: CommentRow[];
  ids: Set<number>;
  weeks: Set<string> | null;
}

function computeReport(deps: Deps, w: ReportWindow, scope: TeamScope, only?: Restriction): ThemesReport {
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
  const comments = only ? only.comments : weekly ? [...repo.commentRows(s)] : repo.commentRows(s);
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
    // A segment shows only the weeks in which it passes the filter rule too.
    if (only?.weeks) weeks = new Set([...weeks].filter((week) => only.weeks!.has(week)));
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
  const tagRows = only ? onlyIds(repo.tagRows(s), only.ids) : repo.tagRows(s);
  const byTheme = countTags(countable(tagRows, 1, 6), new Set(visibleIds), 60, teamCounted);
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
          .filter((c) => (!weeks || weeks.has(c.week)) && (!only || only.ids.has(c.id)))
          // People count in person-weeks here too, so a phrase's count moves by whole team-weeks.
          .map((c) => (weekly ? { ...c, respondent: `${c.week}|${c.respondent}` } : c)),
        repo
          .commentTexts({ ...s, teamIds: visibleIds }, false, 1000)
          .filter((c) => (!weeks || weeks.has(c.week)) && (!only || only.ids.has(c.id)))
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

function* onlyIds(rows: Iterable<TagRow>, ids: Set<number>): Iterable<TagRow> {
  for (const r of rows) if (ids.has(r[5])) yield r;
}

/** A comment as the segment decisions see it. */
interface SegRow {
  row: CommentRow;
  id: number;
  team: number;
  week: string;
  /** Who counts: the person (exact) or the person-week (weekly). */
  who: string;
  v: Array<string | null>;
}

/**
 * Themes of a segment (scope ∧ filter) and/or its breakdown by one attribute, decided by the
 * privacy engine on commenters: the filter rule (each condition dropped, and the teams above)
 * over the whole window, or per UTC week in weekly mode (a week failing it is left out); the
 * sibling rule across the groups of a breakdown; then each shown group is a themes report over
 * its own comments, with every rule of the unfiltered report.
 */
function segmentedThemes(
  deps: Deps,
  w: ReportWindow,
  scope: TeamScope,
  filter: SegmentFilter,
  by: string | null,
): ThemesReport {
  const repo = themesRepo(deps.db);
  const k = commentThreshold(deps);
  const teams = directoryRepo(deps.db).teams();
  const weekly = periodMode() === 'weekly';
  const keys = [...new Set([...filter.map((c) => c.key), ...(by ? [by] : [])])];
  const at = new Map(keys.map((key, i) => [key, i]));
  const rows: SegRow[] = [];
  for (const [who, team, period, week, id, ...v] of repo.commentRowsWithValues(
    { from: w.from, to: w.to, teamIds: null },
    keys,
  ))
    rows.push({ row: [who, team, period, week], id, team, week, who: weekly ? `${week}|${who}` : who, v });
  const conds = filter.map((c) => {
    const i = at.get(c.key)!;
    const values = new Set(c.values);
    return (r: SegRow) => r.v[i] !== null && values.has(r.v[i]);
  });
  const matchAll = (r: SegRow, skip = -1) => conds.every((c, j) => j === skip || c(r));
  const scopeIds = new Set(scope.teamIds);
  const inScope = scope.team ? (r: SegRow) => scopeIds.has(r.team) : () => true;
  const inGroup = (r: SegRow) => inScope(r) && matchAll(r);
  const wider: Array<(r: SegRow) => boolean> = conds.map((_, i) => (r: SegRow) => inScope(r) && matchAll(r, i));
  // Without the team condition: each team above it, and the org (for a filter, and for every
  // breakdown group, whose value is one more condition).
  const aboveTeam: Array<(r: SegRow) => boolean> = [];
  if (scope.team) {
    const subtree = subtreesOf(teams);
    for (let t = teams.find((p) => p.id === scope.team!.parentId); t;) {
      const ids = new Set(subtree.get(t.id));
      aboveTeam.push((r) => ids.has(r.team) && matchAll(r));
      const parentId = t.parentId;
      t = teams.find((p) => p.id === parentId);
    }
    aboveTeam.push((r) => matchAll(r));
  }
  if (conds.length) wider.push(...aboveTeam);
  // Each value of a condition with several (OR): its part of the group.
  const parts = filter.flatMap((c) =>
    c.values.length > 1 ? c.values.map((value) => (r: SegRow) => r.v[at.get(c.key)!] === value) : [],
  );
  const byAt = by ? at.get(by)! : -1;
  const valueOf = (r: SegRow) => (byAt < 0 ? null : r.v[byAt]);
  const who = (r: SegRow) => r.who;
  const byWeek = new Map<string, SegRow[]>();
  for (const r of rows) {
    const list = byWeek.get(r.week);
    if (list) list.push(r);
    else byWeek.set(r.week, [r]);
  }
  /** The filter rule for one group: its status, and in weekly mode the weeks that pass. */
  const decide = (member: (r: SegRow) => boolean, widerOf: Array<(r: SegRow) => boolean>) => {
    if (!weekly) return { status: filteredStatus(rows, member, widerOf, who, k, parts), weeks: null };
    const statuses: GroupStatus[] = [];
    const weeks = new Set<string>();
    for (const [week, list] of byWeek) {
      if (!list.some(member)) continue;
      const st = filteredStatus(list, member, widerOf, who, k, parts);
      statuses.push(st);
      if (st === 'shown') weeks.add(week);
    }
    return { status: combinedStatus(statuses), weeks };
  };
  const restrict = (member: (r: SegRow) => boolean, weeks: Set<string> | null): Restriction => {
    // Every team's comments of the segment (the team tree decides on them), not only the scope's.
    const mine = rows.filter((r) => member(r));
    return { comments: mine.map((r) => r.row), ids: new Set(mine.map((r) => r.id)), weeks };
  };
  const segmentOnly = (r: SegRow) => matchAll(r);
  const base = {
    team: scope.team?.key ?? null,
    from: w.from,
    to: w.to,
    threshold: k,
    taxonomy_version: currentTaxonomy(deps).version,
    ...(filter.length ? { segment: segmentParams(filter) } : {}),
  };
  const hidden = (status: GroupStatus): ThemesReport => {
    const reason = isHidden(status) ? status : 'below_threshold';
    return {
      ...base,
      suppressed: true,
      respondents_with_comments: null,
      themes: [],
      by_owner: [],
      emerging: [],
      suppressed_reason: reason,
      reason: hiddenReason(reason, k),
      ...(by ? { breakdown: { by, groups: [] } } : {}),
    };
  };
  const main = decide(inGroup, wider);
  if (main.status !== 'shown') return hidden(main.status);
  const report = filter.length
    ? { ...computeReport(deps, w, scope, restrict(segmentOnly, main.weeks)), ...base }
    : computeReport(deps, w, scope);
  if (report.suppressed) return { ...hidden('below_threshold'), ...report };
  if (!by) return report;

  // The groups of the breakdown: siblings under the segment.
  const members = rows.filter(inGroup);
  const values = [...new Set(members.map((r) => valueOf(r) ?? NO_VALUE))].sort();
  const decided = values.map((value) => {
    const inValue = (r: SegRow) => inGroup(r) && (valueOf(r) ?? NO_VALUE) === value;
    const d = decide(inValue, [
      ...wider.map((f) => (r: SegRow) => f(r) && (valueOf(r) ?? NO_VALUE) === value),
      ...(conds.length ? [] : aboveTeam.map((f) => (r: SegRow) => f(r) && (valueOf(r) ?? NO_VALUE) === value)),
      inGroup,
    ]);
    const counted = members.filter((r) => (valueOf(r) ?? NO_VALUE) === value && (!d.weeks || d.weeks.has(r.week)));
    const forced: GroupStatus | undefined =
      d.status === 'rest_too_small'
        ? d.status
        : value === NO_VALUE && d.status === 'shown'
          ? 'complementary'
          : undefined;
    return { key: value, respondents: distinctWho(counted, who), forced, weeks: d.weeks, inValue };
  });
  const union = (keys: readonly string[]) => {
    const set = new Set(keys);
    return distinctWho(
      members.filter((r) => set.has(valueOf(r) ?? NO_VALUE)),
      who,
    );
  };
  const statuses = suppressSmallGroups(decided, k, 'shown', union);
  const groups: ThemeGroup[] = [];
  for (const g of decided) {
    if (g.key === NO_VALUE) continue;
    const status = statuses.get(g.key)!;
    const report =
      status === 'shown'
        ? computeReport(
            deps,
            w,
            scope,
            restrict((r) => segmentOnly(r) && (valueOf(r) ?? NO_VALUE) === g.key, g.weeks),
          )
        : null;
    if (!report || report.suppressed) {
      const reason = isHidden(status) ? status : 'below_threshold';
      groups.push({
        value: g.key,
        suppressed: true,
        respondents: null,
        themes: [],
        suppressed_reason: reason,
        reason: hiddenReason(reason, k),
      });
      continue;
    }
    groups.push({
      value: g.key,
      suppressed: false,
      respondents: report.respondents_with_comments,
      themes: report.themes,
    });
  }
  return { ...report, breakdown: { by, groups } };
}

/** The breakdown group of comments with no value for the key: counted among the siblings, never shown. */
const NO_VALUE = '\u0000none';

/** CSV rows of the themes report: one per theme. */
export function themesCsvRows(r: ThemesReport): Array<Record<string, string | number | boolean | null>> {
  if (r.breakdown && !r.suppressed)
    return r.breakdown.groups.flatMap((g): Array<Record<string, string | number | boolean | null>> =>
      g.suppressed
        ? [
            {
              team: r.team ?? 'org',
              from: r.from,
              to: r.to,
              segment: (r.segment ?? []).join('; '),
              by: r.breakdown!.by,
              value: g.value,
              suppressed: true,
              respondents_with_comments: null,
              note: g.reason ?? null,
            },
          ]
        : g.themes.map((t) => ({
            team: r.team ?? 'org',
            from: r.from,
            to: r.to,
            segment: (r.segment ?? []).join('; '),
            by: r.breakdown!.by,
            value: g.value,
            suppressed: false,
            respondents_with_comments: g.respondents,
            key: t.key,
            label: t.label,
            respondents: t.respondents,
            share: t.share,
            ci_low: t.ci95?.[0] ?? null,
            ci_high: t.ci95?.[1] ?? null,
          })),
    );
  if (r.suppressed)
    return [
      {
        team: r.team ?? 'org',
        from: r.from,
        to: r.to,
        respondents_with_comments: null,
        suppressed: true,
        note: r.reason ?? `fewer than ${r.threshold} commenters`,
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
