/**
 * Privacy rules of metrics.md → "Privacy rules": the anonymity threshold and complementary
 * suppression. Pure: callers pass distinct-respondent counts per group, these decide what hides.
 */

/** Default anonymity threshold k. */
export const DEFAULT_THRESHOLD = 5;
/** k is never configured below this. */
export const MIN_THRESHOLD = 3;

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
 * - shown: at or above k and not needed to protect a sibling
 * - below_threshold: 1 … k−1 distinct respondents
 * - complementary: at or above k but hidden so a suppressed sibling cannot be computed by subtraction
 * - empty: no respondents; nothing to hide and not counted as suppressed
 */
export type GroupStatus = 'shown' | 'below_threshold' | 'complementary' | 'empty';

/** A group among siblings, with its distinct respondents in the window. */
export interface GroupCount {
  key: string;
  respondents: number;
}

/** True for a status whose figures must not be shown. */
export const isHidden = (s: GroupStatus): boolean => s === 'below_threshold' || s === 'complementary';

/**
 * Decides suppression for one set of sibling groups (children of one parent; teams without a
 * parent are children of the org):
 * - every group with 1 … k−1 respondents is `below_threshold`;
 * - when the parent is visible (shown, or derivable: `complementary`) and exactly one sibling is
 *   below the threshold, the next-smallest non-empty sibling (fewest respondents, ties by key) is
 *   `complementary` too, so the hidden one cannot be computed as parent − the rest. The same
 *   applies when several siblings are below the threshold but together still have fewer than k
 *   respondents (parent − the rest would show that combined small group);
 * - when the parent is `complementary` (hidden but computable from its own siblings) and none of
 *   its children is hidden, its smallest non-empty child is hidden, so the parent cannot be
 *   rebuilt as the sum of its children.
 * `parent` defaults to 'shown' (e.g. the org). Returns a status for every group.
 */
export function suppressSmallGroups(
  groups: readonly GroupCount[],
  k: number,
  parent: GroupStatus = 'shown',
): Map<string, GroupStatus> {
  const status = new Map<string, GroupStatus>();
  for (const g of groups) {
    status.set(g.key, g.respondents <= 0 ? 'empty' : g.respondents < k ? 'below_threshold' : 'shown');
  }
  if (parent === 'below_threshold' || parent === 'empty') return status;
  const shownBySize = groups
    .filter((g) => status.get(g.key) === 'shown')
    .sort((a, b) => a.respondents - b.respondents || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const below = groups.filter((g) => status.get(g.key) === 'below_threshold');
  const suppressedCount = below.length;
  const belowTotal = below.reduce((s, g) => s + g.respondents, 0);
  if (suppressedCount >= 1 && belowTotal < k && shownBySize.length > 0) {
    status.set(shownBySize[0].key, 'complementary');
  } else if (parent === 'complementary' && suppressedCount === 0 && shownBySize.length > 0) {
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
  const orgStatus: GroupStatus = orgRespondents <= 0 ? 'empty' : orgRespondents < k ? 'below_threshold' : 'shown';
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

/** The org-level status for a total count of distinct respondents. */
export const statusOf = (respondents: number, k: number): GroupStatus =>
  respondents <= 0 ? 'empty' : respondents < k ? 'below_threshold' : 'shown';
