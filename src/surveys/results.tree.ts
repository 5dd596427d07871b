import type { Team } from '../directory/directory.repo.js';
import { suppressTree, type GroupStatus, type TreeGroup } from '../metrics/privacy.js';

/** Marks the (never shown) group of people filed directly under a parent team. */
export const DIRECT = '\u0000direct';

/** Every team's subtree ids (itself first), from one walk of the hierarchy. */
export function subtreesOf(teams: readonly Team[]): Map<number, number[]> {
  const subtree = new Map<number, number[]>();
  const build = (id: number): number[] => {
    const ids = [id, ...teams.filter((t) => t.parentId === id).flatMap((t) => build(t.id))];
    subtree.set(id, ids);
    return ids;
  };
  teams.filter((t) => t.parentId === null).forEach((t) => build(t.id));
  return subtree;
}

/** Rows of (team, who) grouped as who-lists per team. */
export function whoByTeam(rows: Iterable<{ teamId: number; who: string | number }>): Map<number, Array<string | number>> {
  const m = new Map<number, Array<string | number>>();
  for (const r of rows) {
    const list = m.get(r.teamId);
    if (list) list.push(r.who);
    else m.set(r.teamId, [r.who]);
  }
  return m;
}

/** Distinct respondents over some teams, from respondents listed per team. */
export function distinctOver(byTeam: ReadonlyMap<number, ReadonlyArray<string | number>>, ids: readonly number[]): number {
  const seen = new Set<string | number>();
  for (const id of ids) for (const who of byTeam.get(id) ?? []) seen.add(who);
  return seen.size;
}

/**
 * Privacy status of every team subtree (and of each parent's directly filed people) from the
 * respondents of one window listed per team: metrics.md's threshold and complementary rules from
 * the org down. Also answers the org's own distinct respondents.
 */
export function treeStatuses(teams: readonly Team[], subtree: ReadonlyMap<number, number[]>, byTeam: ReadonlyMap<number, ReadonlyArray<string | number>>, k: number) {
  const nodes: TreeGroup[] = teams.map((t) => ({ key: t.key, parent: t.parentKey, respondents: distinctOver(byTeam, subtree.get(t.id)!) }));
  for (const t of teams) {
    if (teams.some((c) => c.parentId === t.id)) nodes.push({ key: `${t.key}${DIRECT}`, parent: t.key, respondents: distinctOver(byTeam, [t.id]) });
  }
  const orgRespondents = distinctOver(byTeam, teams.map((t) => t.id));
  const status: Map<string, GroupStatus> = suppressTree(nodes, k, orgRespondents);
  return { status, orgRespondents };
}
