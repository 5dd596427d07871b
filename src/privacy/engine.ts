/**
 * The one privacy engine (metrics.md → "Privacy rules"). Every decision "may this group be shown?"
 * — a team, a team subtree, a team-week, a segment filter, a breakdown cell, a theme, a quote, a
 * value-model input, a trend point — is made here from distinct respondents:
 * - a group shows figures only with at least k distinct respondents (`statusOf`);
 * - siblings (children of one parent, or the groups of one breakdown): when any is hidden, the
 *   next-smallest shown ones hide too until the hidden ones together hold at least k distinct
 *   respondents (`suppressSmallGroups`, `suppressTree`);
 * - filters: a filtered group is shown only when, for each condition of the filter, the same scope
 *   without that condition minus the filtered group holds 0 or at least k distinct respondents
 *   (`restTooSmall`);
 * - a hidden group says why (`hiddenReason`), never with an exact count.
 * Pure: callers pass counts (or rows) and get statuses back. Windows: see period-mode.ts.
 */

/** Default anonymity threshold k. */
const DEFAULT_THRESHOLD = 5;
/** k is never configured below this. */
const MIN_THRESHOLD = 3;

/** The threshold in force: the configured value(s), at least MIN_THRESHOLD; the strictest wins. */
export function anonymityThreshold(...configured: Array<number | null | undefined>): number {
  const given = configured.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const k = given.length ? Math.max(...given) : DEFAULT_THRESHOLD;
  return Math.max(MIN_THRESHOLD, Math.ceil(k));
}

/** True when a group with this many distinct respondents is below the threshold (0 hides nothing). */
export const belowThreshold = (respondents: number, k: number): boolean => respondents > 0 && respondents < k;

/**
 * What happens to a group:
 * - shown: at or above k, needed by no rule to protect another group
 * - below_threshold: 1 … k−1 distinct respondents ("fewer than k")
 * - complementary: at or above k but hidden so a hidden sibling cannot be computed by subtraction
 * - rest_too_small: a filtered group whose scope without one of its conditions, minus the group,
 *   holds 1 … k−1 distinct respondents (showing it would single those out by subtraction)
 * - empty: no respondents; nothing to hide and not counted as suppressed
 */
export type GroupStatus = 'shown' | 'below_threshold' | 'complementary' | 'rest_too_small' | 'empty';

/** Why a hidden group is hidden, as a stable code (API `suppressed_reason`). */
export type HiddenReason = 'below_threshold' | 'complementary' | 'rest_too_small';

/** A group among siblings, with its distinct respondents in the window. */
export interface GroupCount {
  key: string;
  respondents: number;
  /** A status decided before the sibling rule (e.g. `rest_too_small` from the filter rule): kept, and counted as hidden. */
  forced?: GroupStatus;
}

/** True for a status whose figures must not be shown. */
export const isHidden = (s: GroupStatus): s is HiddenReason =>
  s === 'below_threshold' || s === 'complementary' || s === 'rest_too_small';

/** The status for a count of distinct respondents alone. */
export const statusOf = (respondents: number, k: number): GroupStatus =>
  respondents <= 0 ? 'empty' : respondents < k ? 'below_threshold' : 'shown';

/** The reason code of a hidden status (a shown or empty one has none). */
export const reasonOf = (s: GroupStatus): HiddenReason | undefined => (isHidden(s) ? s : undefined);

/** Why a group is hidden, in words people read; never an exact count. */
export function hiddenReason(reason: HiddenReason, k: number): string {
  switch (reason) {
    case 'below_threshold':
      return `fewer than ${k} respondents`;
    case 'complementary':
      return 'hidden to protect a smaller group';
    case 'rest_too_small':
      return 'the rest of this scope is too small';
  }
}

/**
 * Decides suppression for one set of sibling groups (children of one parent — teams without a
 * parent are children of the org — or the groups of one breakdown):
 * - every group with 1 … k−1 respondents is `below_threshold`; a `forced` status is kept;
 * - when the parent is visible (shown, or derivable: `complementary`) and some siblings are hidden
 *   but together hold fewer than k distinct respondents, the next-smallest shown siblings (fewest
 *   respondents, ties by key) become `complementary` one by one until the hidden ones together
 *   hold at least k, so no hidden group can be computed as parent − the rest;
 * - when the parent is `complementary` (hidden but computable from its own siblings) and none of
 *   its children is hidden, its smallest non-empty child is hidden, so the parent cannot be
 *   rebuilt as the sum of its children.
 * `union` counts the distinct respondents of several groups together (a person may sit in two
 * groups: moved team, changed attribute); by default their counts are summed. `parent` defaults to
 * 'shown' (e.g. the org). Returns a status for every group.
 */
export function suppressSmallGroups(
  groups: readonly GroupCount[],
  k: number,
  parent: GroupStatus = 'shown',
  union?: (keys: readonly string[]) => number,
): Map<string, GroupStatus> {
  const status = new Map<string, GroupStatus>();
  for (const g of groups) status.set(g.key, g.forced ?? statusOf(g.respondents, k));
  if (parent === 'below_threshold' || parent === 'empty') return status;
  const together =
    union ??
    ((keys: readonly string[]) =>
      keys.reduce((s, key) => s + (groups.find((g) => g.key === key)?.respondents ?? 0), 0));
  const shownBySize = groups
    .filter((g) => status.get(g.key) === 'shown')
    .sort((a, b) => a.respondents - b.respondents || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const hidden = groups.filter((g) => isHidden(status.get(g.key)!)).map((g) => g.key);
  if (hidden.length) {
    while (together(hidden) < k && shownBySize.length) {
      const next = shownBySize.shift()!;
      status.set(next.key, 'complementary');
      hidden.push(next.key);
    }
  } else if (parent !== 'shown' && shownBySize.length > 0) {
    // A hidden parent (complementary or rest_too_small) must not be rebuilt as the sum of its children.
    status.set(shownBySize[0].key, 'complementary');
  }
  return status;
}

/** A node of a group tree: key, parent key (null = child of the org) and distinct respondents. */
export interface TreeGroup extends GroupCount {
  parent: string | null;
}

/**
 * Applies `suppressSmallGroups` level by level from the org down over a whole tree, so a group
 * hidden at one level protects its children's level too. `orgRespondents` is the org total
 * (distinct respondents over every group). Returns the status of every group key.
 */
export function suppressTree(
  groups: readonly TreeGroup[],
  k: number,
  orgRespondents: number,
): Map<string, GroupStatus> {
  const orgStatus = statusOf(orgRespondents, k);
  const children = new Map<string | null, TreeGroup[]>();
  for (const g of groups) {
    const list = children.get(g.parent) ?? [];
    list.push(g);
    children.set(g.parent, list);
  }
  const out = new Map<string, GroupStatus>();
  const queue: Array<{ parent: string | null; status: GroupStatus }> = [{ parent: null, status: orgStatus }];
  while (queue.length) {
    const { parent, status } = queue.shift()!;
    const kids = children.get(parent) ?? [];
    const decided = suppressSmallGroups(kids, k, status);
    for (const g of kids) {
      out.set(g.key, decided.get(g.key)!);
      queue.push({ parent: g.key, status: decided.get(g.key)! });
    }
  }
  return out;
}

/** Distinct values of `who` over rows. */
export function distinctWho<R>(rows: Iterable<R>, who: (r: R) => unknown): number {
  const seen = new Set<unknown>();
  for (const r of rows) seen.add(who(r));
  return seen.size;
}

/**
 * The filter rule: a filtered group (rows where `inGroup`) may be shown only when, for each wider
 * scope — the same scope without one condition of the filter (`wider[i]`) — the rows of that
 * scope outside the group hold 0 or at least k distinct respondents. True when some wider scope
 * leaves 1 … k−1 people outside the group: subtracting the group from it would single them out.
 */
function restTooSmall<R>(
  rows: Iterable<R>,
  inGroup: (r: R) => boolean,
  wider: ReadonlyArray<(r: R) => boolean>,
  who: (r: R) => unknown,
  k: number,
): boolean {
  if (!wider.length) return false;
  const rest = wider.map(() => new Set<unknown>());
  for (const r of rows) {
    if (inGroup(r)) continue;
    for (let i = 0; i < wider.length; i++) if (wider[i](r)) rest[i].add(who(r));
  }
  return rest.some((s) => belowThreshold(s.size, k));
}

/**
 * The status of a filtered group from its rows: `below_threshold` under k, `rest_too_small` when
 * the filter rule fails (a wider scope minus the group, or one value's part of an OR condition,
 * holds 1 … k−1 people), else shown (or empty).
 */
export function filteredStatus<R>(
  rows: readonly R[],
  inGroup: (r: R) => boolean,
  wider: ReadonlyArray<(r: R) => boolean>,
  who: (r: R) => unknown,
  k: number,
  parts: ReadonlyArray<(r: R) => boolean> = [],
): GroupStatus {
  const members = rows.filter(inGroup);
  const status = statusOf(distinctWho(members, who), k);
  if (status !== 'shown') return status;
  // A condition with several values (OR): the group without one of them is the same filter with
  // that value dropped, so each value's part must hold 0 or at least k people too.
  if (parts.some((part) => belowThreshold(distinctWho(members.filter(part), who), k))) return 'rest_too_small';
  return restTooSmall(rows, inGroup, wider, who, k) ? 'rest_too_small' : 'shown';
}

/** How hidden statuses combine over several units (weeks) of one group: the most telling reason. */
export function combinedStatus(statuses: readonly GroupStatus[]): GroupStatus {
  if (statuses.includes('shown')) return 'shown';
  for (const s of ['below_threshold', 'rest_too_small', 'complementary'] as const) if (statuses.includes(s)) return s;
  return 'empty';
}
