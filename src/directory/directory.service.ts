import { attributesRepo } from '../attributes/attributes.repo.js';
import { i18nRepo } from '../i18n/i18n.repo.js';
import { BatchProblems, parseBatch, type BatchResult } from '../batch.js';
import type { Deps } from '../deps.js';
import { invalid } from '../errors.js';
import { directoryRepo, type Team } from './directory.repo.js';
import { personInput, serviceInput, teamInput } from './directory.schema.js';

/** Upserts teams by key; parents may be existing teams or others in the same batch. Atomic. */
export function upsertTeams(deps: Deps, body: unknown): BatchResult {
  const items = parseBatch(teamInput, body, 'teams');
  const repo = directoryRepo(deps.db);
  const now = deps.now().toISOString();
  const problems = new BatchProblems();
  const batchKeys = new Set(items.map((t) => t.key));
  items.forEach((t, i) => {
    if (t.parent && t.parent === t.key) problems.add(i, 'parent', 'a team cannot be its own parent');
    else if (t.parent && !batchKeys.has(t.parent) && !repo.teamByKey(t.parent))
      problems.add(i, 'parent', `unknown team key "${t.parent}"`);
  });
  problems.throwIfAny();

  let duplicates = 0;
  deps.db.transaction(() => {
    const seen = new Set<string>();
    for (const t of items) {
      const existing = repo.teamByKey(t.key);
      if (existing || seen.has(t.key)) duplicates++;
      if (existing) repo.updateTeamName(existing.id, t.name, now);
      else repo.insertTeam(t.key, t.name, now);
      seen.add(t.key);
    }
    items.forEach((t, i) => {
      if (t.parent === undefined) return; // absent: keep the current parent
      const self = repo.teamByKey(t.key)!;
      const parent = t.parent ? repo.teamByKey(t.parent)! : null;
      repo.setParent(self.id, parent?.id ?? null, now);
      if (parent && createsCycle(repo.teams(), self.id)) {
        throw invalid([
          { index: i, field: 'parent', message: `"${t.parent}" is below "${t.key}"; teams cannot form a cycle` },
        ]);
      }
    });
  })();
  return { accepted: items.length, duplicates };
}

function createsCycle(teams: Team[], start: number): boolean {
  const parentOf = new Map(teams.map((t) => [t.id, t.parentId]));
  let cursor = parentOf.get(start) ?? null;
  for (let steps = 0; cursor !== null && steps <= teams.length; steps++) {
    if (cursor === start) return true;
    cursor = parentOf.get(cursor) ?? null;
  }
  return false;
}

/**
 * Resolves the team key of each batch item (by index) to its id; an unknown key is recorded as a
 * problem naming `field`, and its id is 0.
 */
export function teamIdsOf(deps: Deps, keys: string[], problems: BatchProblems, field = 'team'): number[] {
  const repo = directoryRepo(deps.db);
  return keys.map((key, i) => {
    const team = repo.teamByKey(key);
    if (!team) problems.add(i, field, `unknown team key "${key}"`);
    return team?.id ?? 0;
  });
}

/**
 * Upserts people by e-mail, with their attributes and start date. Unknown team keys reject the
 * whole batch.
 */
export function upsertPeople(deps: Deps, body: unknown): BatchResult {
  const items = parseBatch(personInput, body, 'people');
  const repo = directoryRepo(deps.db);
  const problems = new BatchProblems();
  const teamIds = teamIdsOf(
    deps,
    items.map((p) => p.team),
    problems,
  );
  const slackOwners = new Map<string, number>();
  items.forEach((p, i) => {
    if (!p.slack_user_id) return;
    const other = slackOwners.get(p.slack_user_id);
    if (other !== undefined && items[other].email !== p.email)
      problems.add(i, 'slack_user_id', `is also given to item ${other}`);
    slackOwners.set(p.slack_user_id, i);
  });
  problems.throwIfAny();
  const now = deps.now().toISOString();
  const attributes = attributesRepo(deps.db);
  let duplicates = 0;
  deps.db.transaction(() => {
    const seen = new Set<string>();
    items.forEach((p, i) => {
      if (seen.has(p.email) || repo.personByEmail(p.email)) duplicates++;
      seen.add(p.email);
      repo.upsertPerson(
        { email: p.email, name: p.name, teamId: teamIds[i], slackUserId: p.slack_user_id ?? null, active: p.active },
        now,
      );
      // Absent fields keep what is stored; given attributes replace the person's whole set.
      if (p.attributes !== undefined) attributes.setAttributes(p.email, p.attributes);
      if (p.start_date !== undefined) attributes.setStartDate(p.email, p.start_date);
      if (p.locale !== undefined) i18nRepo(deps.db).setPersonLocale(p.email, p.locale);
      if (p.channel !== undefined) repo.setChannel(p.email, p.channel);
    });
  })();
  return { accepted: items.length, duplicates };
}

/** Upserts services by name. */
export function upsertServices(deps: Deps, body: unknown): BatchResult {
  const items = parseBatch(serviceInput, body, 'services');
  const repo = directoryRepo(deps.db);
  const problems = new BatchProblems();
  const teamIds = teamIdsOf(
    deps,
    items.map((s) => s.team),
    problems,
  );
  problems.throwIfAny();
  const now = deps.now().toISOString();
  let duplicates = 0;
  deps.db.transaction(() => {
    const seen = new Set<string>();
    items.forEach((s, i) => {
      if (seen.has(s.name) || repo.serviceByName(s.name)) duplicates++;
      seen.add(s.name);
      repo.upsertService(s.name, teamIds[i], now);
    });
  })();
  return { accepted: items.length, duplicates };
}

/** A team and every team below it. */
export interface TeamScope {
  team: Team | null;
  /** ids of the team and its descendants; every team when `team` is null (the whole org). */
  teamIds: number[];
}

/** Children of each team id (null = the org root). */
export function childrenByParent(teams: Team[]): Map<number | null, Team[]> {
  const map = new Map<number | null, Team[]>();
  for (const t of teams) {
    const list = map.get(t.parentId) ?? [];
    list.push(t);
    map.set(t.parentId, list);
  }
  return map;
}

/** ids of `rootId` and all its descendants. */
export function subtreeIds(teams: Team[], rootId: number): number[] {
  const children = childrenByParent(teams);
  const out: number[] = [];
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    out.push(id);
    for (const c of children.get(id) ?? []) stack.push(c.id);
  }
  return out;
}

/**
 * Resolves a `team=` filter: a parent team covers its whole subtree; no key = the whole org.
 * An unknown key is a 422 naming the field.
 */
export function resolveTeamScope(deps: Deps, key?: string | null, field = 'team'): TeamScope {
  const repo = directoryRepo(deps.db);
  const teams = repo.teams();
  if (!key) return { team: null, teamIds: teams.map((t) => t.id) };
  const team = teams.find((t) => t.key === key);
  if (!team) throw invalid([{ field, message: `unknown team key "${key}"` }]);
  return { team, teamIds: subtreeIds(teams, team.id) };
}

export const listTeams = (deps: Deps) => directoryRepo(deps.db).teams();
/** The team with this key, or undefined. */
export const findTeam = (deps: Deps, key: string) => directoryRepo(deps.db).teamByKey(key);
export const listPeople = (deps: Deps) => directoryRepo(deps.db).people();
export const listServices = (deps: Deps) => directoryRepo(deps.db).services();
