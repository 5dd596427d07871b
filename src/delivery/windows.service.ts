import { BatchProblems, parseBatch } from '../batch.js';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { subtreeIds } from '../directory/directory.service.js';
import { notFound } from '../errors.js';
import { blockCount } from '../metrics/dora.js';
import {
  adherence,
  DAY_NAMES,
  heatmap,
  predictability,
  suggestSlots,
  type DeploymentWindow,
} from '../metrics/deployment-windows.js';
import { getDefinitions } from './definitions.service.js';
import { doraRepo } from './dora.repo.js';
import { resolveReportScope, scopeJson, type ScopeQuery } from './report-scope.js';
import { windowInput } from './windows.schema.js';
import { windowsRepo, type WindowRow } from './windows.repo.js';
import { DAY_MS, WEEK_MS } from '../units.js';

/** A window as the API shows it. */
export const windowJson = (w: WindowRow) => ({
  id: w.id,
  team: w.teamKey,
  service: w.serviceName,
  weekdays: w.weekdays,
  days: w.weekdays.map((d) => DAY_NAMES[d - 1]).join(', '),
  start: w.start,
  end: w.end,
  timezone: w.timezone,
  label: w.label,
});

/** Windows that apply to a team: its subtree's, its services', and those of the teams above it (all without a team). */
export function listWindows(deps: Deps, teamKey?: string) {
  const all = windowsRepo(deps.db).all();
  if (!teamKey) return all.map(windowJson);
  const scope = resolveReportScope(deps, { team: teamKey });
  const ids = new Set(scope.teamIds ?? []);
  const teams = directoryRepo(deps.db).teams();
  for (let t = teams.find((x) => x.key === teamKey); t?.parentId;) {
    const parentId = t.parentId;
    ids.add(parentId);
    t = teams.find((x) => x.id === parentId);
  }
  const subtree = new Set(scope.teamIds ?? []);
  const services = directoryRepo(deps.db)
    .services()
    .filter((s) => subtree.has(s.teamId))
    .map((s) => s.id);
  return all
    .filter((w) => (w.teamId !== null && ids.has(w.teamId)) || (w.serviceId !== null && services.includes(w.serviceId)))
    .map(windowJson);
}

/** Adds windows (one or `{windows: [...]}`), atomically. Returns the stored windows. */
export function createWindows(deps: Deps, body: unknown) {
  const items = parseBatch(windowInput, body, 'windows');
  const dir = directoryRepo(deps.db);
  const problems = new BatchProblems();
  const owners = items.map((w, i) => {
    if (w.team) {
      const t = dir.teamByKey(w.team);
      if (!t) problems.add(i, 'team', `unknown team key "${w.team}"`);
      return { teamId: t?.id ?? null, serviceId: null };
    }
    const s = dir.serviceByName(w.service!);
    if (!s) problems.add(i, 'service', `unknown service "${w.service}"`);
    return { teamId: null, serviceId: s?.id ?? null };
  });
  problems.throwIfAny();
  const repo = windowsRepo(deps.db);
  const now = deps.now().toISOString();
  const ids = deps.db.transaction(() =>
    items.map((w, i) =>
      repo.insert(
        {
          ...owners[i],
          weekdays: [...new Set(w.weekdays)].sort(),
          start: w.start,
          end: w.end,
          timezone: w.timezone,
          label: w.label ?? null,
        },
        now,
      ),
    ),
  )();
  const created = new Set(ids);
  return repo
    .all()
    .filter((w) => created.has(w.id))
    .map(windowJson);
}

/** Removes one window; 404 when it does not exist. */
export function deleteWindow(deps: Deps, id: string): void {
  if (!/^\d+$/.test(id) || !windowsRepo(deps.db).delete(Number(id))) throw notFound(`Deployment window ${id}`);
}

/** For each deployment: the windows of its service, its team and the teams above it. */
function windowsFinder(deps: Deps) {
  const windows = windowsRepo(deps.db).all();
  const teams = directoryRepo(deps.db).teams();
  const byTeam = new Map<number, DeploymentWindow[]>();
  for (const w of windows) {
    if (w.teamId === null) continue;
    for (const id of subtreeIds(teams, w.teamId)) byTeam.set(id, [...(byTeam.get(id) ?? []), w]);
  }
  const byService = new Map<number, DeploymentWindow[]>();
  for (const w of windows)
    if (w.serviceId !== null) byService.set(w.serviceId, [...(byService.get(w.serviceId) ?? []), w]);
  return {
    windows,
    find: (teamId: number, serviceId: number) => [...(byService.get(serviceId) ?? []), ...(byTeam.get(teamId) ?? [])],
  };
}

/**
 * Deployment-window report for a scope: adherence (share of production deployments inside one of
 * their windows), predictability (CV of weekly successful deployments), a weekday × hour heatmap
 * in `timezone` (default: the first window's zone, else UTC) and suggested slots.
 */
export function windowsReport(deps: Deps, query: ScopeQuery & { timezone?: string } = {}) {
  const scope = resolveReportScope(deps, query);
  const env = getDefinitions(deps).production_environment;
  const deployments = doraRepo(deps.db).deployments(scope, env);
  const finder = windowsFinder(deps);
  const relevant = new Map<number, WindowRow>();
  const items = deployments.map((d) => {
    const ws = finder.find(d.teamId, d.serviceId);
    for (const w of ws) relevant.set((w as WindowRow).id, w as WindowRow);
    return { finishedAt: d.finishedAt, windows: ws };
  });
  const weeks = new Array(blockCount(scope.from, scope.to, 7)).fill(0) as number[];
  const start = Math.floor(scope.from.getTime() / DAY_MS) * DAY_MS;
  for (const d of deployments) {
    if (d.status !== 'success') continue;
    const b = Math.floor((Date.parse(d.finishedAt) - start) / WEEK_MS);
    if (b >= 0 && b < weeks.length) weeks[b]++;
  }
  const shown = [...relevant.values()];
  const timezone = query.timezone || shown[0]?.timezone || 'UTC';
  const cells = heatmap(
    deployments.map((d) => ({ finishedAt: d.finishedAt, failed: d.failed === 1 })),
    timezone,
  );
  const adh = adherence(items);
  const pred = predictability(weeks);
  return {
    scope: scopeJson(scope),
    windows: shown.map(windowJson),
    adherence: { rate: adh.rate === null ? null : Math.round(adh.rate * 1000) / 1000, inside: adh.inside, n: adh.n },
    predictability: {
      cv: pred.cv === null ? null : Math.round(pred.cv * 1000) / 1000,
      weeks: pred.weeks,
      mean_per_week: Math.round(pred.mean_per_week * 100) / 100,
      weekly: weeks,
    },
    heatmap: { timezone, cells },
    suggested: suggestSlots(cells),
    definitions: {
      production_environment: env,
      adherence:
        'share of production deployments (that have windows) finishing inside a window of their service, team or a team above it',
      predictability:
        'coefficient of variation (population) of weekly successful deployments; weeks are 7-day blocks from the UTC day of from',
      suggested:
        'weekday/hour slots with ≥ 3 deployments and a failure rate at or below the overall rate, most deployments first',
      href: '/delivery/definitions#windows',
    },
  };
}
