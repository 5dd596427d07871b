import type { Team } from '../directory/directory.repo.js';
import { statusOf, suppressSmallGroups, type GroupStatus } from '../privacy/engine.js';
import { DIRECT } from '../privacy/tree.js';
import type { Ctx } from './results.compose.js';
import type { Span } from './results.repo.js';

/** A group of teams to count: a team's subtree, or the responses filed directly under a parent. */
interface Group {
  key: string;
  ids: number[];
}

function siblingGroups(teams: Team[], parentId: number | null): Group[] {
  const kids = teams.filter((t) => t.parentId === parentId);
  const subtree = (id: number): number[] => [
    id,
    ...teams.filter((t) => t.parentId === id).flatMap((t) => subtree(t.id)),
  ];
  const groups = kids.map((t) => ({ key: t.key, ids: subtree(t.id) }));
  // People filed under the parent itself are one more (never shown) child of that parent.
  if (parentId !== null) groups.push({ key: `${teams.find((t) => t.id === parentId)!.key}${DIRECT}`, ids: [parentId] });
  return groups;
}

/** Statuses of one sibling level: capped counts first, exact ones only when the smallest shown sibling matters. */
function levelStatus(ctx: Ctx, w: Span, groups: Group[], parent: GroupStatus): Map<string, GroupStatus> {
  const { repo, survey, k } = ctx;
  const capped = groups.map((g) => ({ key: g.key, respondents: repo.respondentsCapped(survey.id, w, g.ids, k) }));
  const first = suppressSmallGroups(capped, k, parent);
  if (![...first.values()].includes('complementary')) return first;
  return suppressSmallGroups(
    groups.map((g) => ({ key: g.key, respondents: repo.respondents(survey.id, w, g.ids) })),
    k,
    parent,
  );
}

/** The privacy status of one team's subtree (`teamIds`) or the org in a window, walking from the org down. */
export function groupStatus(ctx: Ctx, w: Span, team: Team | null, teamIds: number[]): GroupStatus {
  const { repo, survey, k, teams } = ctx;
  let status = statusOf(
    repo.respondentsCapped(
      survey.id,
      w,
      teams.map((t) => t.id),
      k,
    ),
    k,
  );
  if (!team) return status;
  const chain: Team[] = [];
  for (let t: Team | undefined = team; t;) {
    chain.unshift(t);
    const parentId: Team['parentId'] = t.parentId;
    t = teams.find((p) => p.id === parentId);
  }
  let parentId: number | null = null;
  for (const node of chain) {
    // Everything below a group under the threshold is under it too (or empty).
    if (status === 'below_threshold' || status === 'empty')
      return statusOf(repo.respondentsCapped(survey.id, w, teamIds, k), k);
    status = levelStatus(ctx, w, siblingGroups(teams, parentId), status).get(node.key)!;
    parentId = node.id;
  }
  return status;
}
