/** A comment row of the window: [respondent, team id, period YYYY-MM, UTC week's Monday]. */
export type CommentRow = [string, number, string, string];
/** A tag row of the window: [theme key, respondent, team id, period, sentiment, comment id, UTC week's Monday]. */
export type TagRow = [string, string, number, string, number, number, string];

/** Commenter counts of one window. */
export interface CommentCounts {
  /** Commenters per team (the team a comment belongs to), over the whole org. */
  ownByTeam: Map<number, number>;
  /** The commenters themselves per team (for distinct counts over subtrees). */
  whoByTeam: Map<number, Set<string>>;
  /** Commenters in scope. */
  total: number;
  /** Commenters in scope per period. */
  byPeriod: Map<string, number>;
}

/** Per theme: commenters, mean sentiment, commenters per team and per period. */
export interface ThemeCounts {
  n: number;
  sentiment: number;
  byTeam: Map<number, number>;
  byPeriod: Map<string, number>;
  /** Most recent comment ids from quotable teams, newest first. */
  recentIds: number[];
}

const addTo = <K>(map: Map<K, Set<string>>, key: K, who: string) => {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(who);
};
const sizes = <K>(map: Map<K, Set<string>>) => new Map([...map].map(([k, v]) => [k, v.size]));

/** Whether a team's rows of a week count towards that team's own figures (weekly mode: its shown weeks). */
export type TeamWeekFilter = (team: number, week: string) => boolean;

/**
 * Distinct commenters per team (org-wide), in scope (null = all teams) and per period in scope.
 * `teamCounted` limits the per-team counts to the team-weeks that may be shown.
 */
export function countComments(
  rows: Iterable<CommentRow>,
  inScope: Set<number> | null,
  teamCounted?: TeamWeekFilter,
): CommentCounts {
  const byTeam = new Map<number, Set<string>>();
  const scoped = new Set<string>();
  const byPeriod = new Map<string, Set<string>>();
  for (const [who, team, period, week] of rows) {
    if (!teamCounted || teamCounted(team, week)) addTo(byTeam, team, who);
    if (inScope && !inScope.has(team)) continue;
    scoped.add(who);
    addTo(byPeriod, period, who);
  }
  return { ownByTeam: sizes(byTeam), whoByTeam: byTeam, total: scoped.size, byPeriod: sizes(byPeriod) };
}

/**
 * Rows with each person counted once per UTC week ("person-weeks"): people see theme counts that
 * add up over weeks, as a question's n adds up answers, so the difference of two windows is a sum
 * of whole team-weeks of at least k commenters and never one person's comments.
 */
export function* perPersonWeek<T extends CommentRow | TagRow>(rows: Iterable<T>, whoAt: number, weekAt: number) {
  for (const r of rows) {
    const copy = [...r] as unknown[];
    copy[whoAt] = `${String(r[weekAt])}|${String(r[whoAt])}`;
    yield copy as T;
  }
}

/**
 * Distinct commenters per theme, per theme and team, per theme and period, and mean sentiment,
 * in one pass over tag rows already limited to the scope and sorted newest first; keeps up to
 * `perTheme` recent comment ids per theme from `quotable` teams.
 */
export function countTags(
  rows: Iterable<TagRow>,
  quotable: Set<number>,
  perTheme = 60,
  teamCounted?: TeamWeekFilter,
): Map<string, ThemeCounts> {
  const acc = new Map<
    string,
    {
      who: Set<string>;
      sum: number;
      count: number;
      byTeam: Map<number, Set<string>>;
      byPeriod: Map<string, Set<string>>;
      ids: number[];
    }
  >();
  for (const [theme, who, team, period, sentiment, id, week] of rows) {
    const teamWeek = !teamCounted || teamCounted(team, week);
    let t = acc.get(theme);
    if (!t) acc.set(theme, (t = { who: new Set(), sum: 0, count: 0, byTeam: new Map(), byPeriod: new Map(), ids: [] }));
    t.who.add(who);
    t.sum += sentiment;
    t.count++;
    if (teamWeek) addTo(t.byTeam, team, who);
    addTo(t.byPeriod, period, who);
    if (t.ids.length < perTheme && quotable.has(team) && teamWeek) t.ids.push(id);
  }
  return new Map(
    [...acc].map(([k, t]) => [
      k,
      {
        n: t.who.size,
        sentiment: t.count ? t.sum / t.count : 0,
        byTeam: sizes(t.byTeam),
        byPeriod: sizes(t.byPeriod),
        recentIds: t.ids,
      },
    ]),
  );
}
