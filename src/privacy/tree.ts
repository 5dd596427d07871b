import type { Team } from '../directory/directory.repo.js';
import { suppressTree, type GroupStatus, type TreeGroup } from './engine.js';

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
export function whoByTeam(
  rows: Iterable<{ teamId: number; who: string | number }>,
): Map<number, Array<string | number>> {
  const m = new Map<number, Array<string | number>>();
  for (const r of rows) {
    const list = m.get(r.teamId);
    if (list) list.push(r.who);
    else m.set(r.teamId, [r.who]);
  }
  return m;
}

/** Distinct respondents over some teams, from respondents listed per team. */
export function distinctOver(
  byTeam: ReadonlyMap<number, ReadonlyArray<string | number>>,
  ids: readonly number[],
): number {
  const seen = new Set<string | number>();
  for (const id of ids) for (const who of byTeam.get(id) ?? []) seen.add(who);
  return seen.size;
}

/**
 * Distinct respondents of every team's subtree and of each team alone, plus the org total, from
 * the people listed per team (each list distinct). Exact and linear: a person found under one team
 * only is counted up that team's ancestor chain; the rare person under several teams (moved in the
 * window) once per team on the union of their chains.
 */
export function subtreeCounts(
  teams: ReadonlyArray<Pick<Team, 'id' | 'parentId'>>,
  byTeam: ReadonlyMap<number, Iterable<string | number>>,
) {
  const home = new Map<string | number, number | Set<number>>();
  for (const [teamId, people] of byTeam) {
    for (const who of people) {
      const h = home.get(who);
      if (h === undefined) home.set(who, teamId);
      else if (typeof h === 'number') {
        if (h !== teamId) home.set(who, new Set([h, teamId]));
      } else h.add(teamId);
    }
  }
  const parentOf = new Map(teams.map((t) => [t.id, t.parentId]));
  const subtree = new Map<number, number>();
  const own = new Map<number, number>();
  const bump = (m: Map<number, number>, id: number) => m.set(id, (m.get(id) ?? 0) + 1);
  for (const h of home.values()) {
    const homes = typeof h === 'number' ? [h] : [...h];
    const chain = new Set<number>();
    for (const id of homes) {
      bump(own, id);
      for (
        let cur: number | null | undefined = id;
        cur !== null && cur !== undefined && !chain.has(cur);
        cur = parentOf.get(cur)
      )
        chain.add(cur);
    }
    for (const id of chain) bump(subtree, id);
  }
  return { subtree, own, org: home.size };
}

/**
 * Privacy status of every team subtree (and of each parent's directly filed people) from the
 * respondents of one window listed per team: metrics.md's threshold and complementary rules from
 * the org down. Also answers the org's own distinct respondents.
 */
export function treeStatuses(
  teams: readonly Team[],
  byTeam: ReadonlyMap<number, Iterable<string | number>>,
  k: number,
) {
  const counts = subtreeCounts(teams, byTeam);
  const nodes: TreeGroup[] = teams.map((t) => ({
    key: t.key,
    parent: t.parentKey,
    respondents: counts.subtree.get(t.id) ?? 0,
  }));
  const parents = new Set(teams.map((t) => t.parentId));
  for (const t of teams) {
    if (parents.has(t.id))
      nodes.push({ key: `${t.key}${DIRECT}`, parent: t.key, respondents: counts.own.get(t.id) ?? 0 });
  }
  const status: Map<string, GroupStatus> = suppressTree(nodes, k, counts.org);
  return { status, orgRespondents: counts.org };
}
