import { BatchProblems, parseBatch, type BatchResult } from '../batch.js';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { teamIdsOf } from '../directory/directory.service.js';
import { getDefinitions } from './definitions.service.js';
import { deliveryRepo, type DeploymentWrite } from './delivery.repo.js';
import { relinkAroundDeployments, relinkIncidents } from './incident-links.service.js';
import { costInput, deploymentInput, incidentInput } from './delivery.schema.js';
import { DAY_MS } from '../units.js';

/** A deployment ready to store: references resolved, times normalized. */
export interface DeploymentRecord extends Omit<DeploymentWrite, 'serviceId'> {
  serviceId: number;
  /** The change set; undefined keeps the stored one on a re-send. */
  commits?: Array<{ sha: string; committedAt: string | null }>;
  /** 'add' merges into the stored change set (GitHub: a push may arrive after the deployment). */
  commitsMode?: 'replace' | 'add';
}

/**
 * Writes deployments (insert or update by external id) and keeps the derived columns current:
 * commits' first production deployment and lead time, incident links and rework flags.
 * Call inside a transaction. Returns how many already existed.
 */
export function storeDeployments(deps: Deps, records: DeploymentRecord[]): number {
  const repo = deliveryRepo(deps.db);
  const env = getDefinitions(deps).production_environment;
  const now = deps.now().toISOString();
  const affected = new Set<number>();
  const ranges: Array<[number, string]> = [];
  let duplicates = 0;
  for (const rec of records) {
    const { commits, commitsMode, ...row } = rec;
    const existing = repo.deploymentByExternal(rec.externalId);
    const stored = { ...row, versionKey: row.version === null ? null : repo.versionKey(row.serviceId, row.version) };
    let id: number;
    if (existing) {
      duplicates++;
      id = existing.id;
      for (const c of repo.commitIdsOf(id)) affected.add(c);
      ranges.push([existing.serviceId, existing.finishedAt]);
      repo.updateDeployment(id, stored, now);
    } else {
      id = repo.insertDeployment(stored, now);
    }
    if (commits) {
      const ids = commits.map((c) => repo.upsertCommit(c.sha, c.committedAt));
      if (commitsMode === 'add' || !existing) repo.addDeploymentCommits(id, ids);
      else repo.replaceDeploymentCommits(id, ids);
      for (const c of ids) affected.add(c);
    }
    ranges.push([rec.serviceId, rec.finishedAt]);
  }
  const relinked = relinkAroundDeployments(deps, ranges);
  repo.refreshIncidentLinks([...records.map((r) => r.externalId), ...relinked]);
  for (const ref of new Set(relinked)) {
    const d = repo.deploymentByExternal(ref);
    if (d) ranges.push([d.serviceId, d.finishedAt]);
  }
  repo.refreshCommits(affected, env);
  refreshReworkRanges(deps, ranges, env);
  return duplicates;
}

/** Recomputes rework for [t, t + 24 h] of each (service, t), merging overlapping ranges. */
export function refreshReworkRanges(deps: Deps, ranges: Array<[number, string]>, env: string): void {
  const repo = deliveryRepo(deps.db);
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let current: [number, string, string] | null = null;
  const flush = () => {
    if (current) repo.refreshRework(current[0], current[1], current[2], env);
  };
  for (const [serviceId, t] of sorted) {
    const end = new Date(Date.parse(t) + DAY_MS).toISOString();
    if (current && current[0] === serviceId && t <= current[2]) {
      if (end > current[2]) current[2] = end;
    } else {
      flush();
      current = [serviceId, t, end];
    }
  }
  flush();
}

/** POST /api/v1/deployments: atomic, idempotent by `id`; unknown services of a known team are created. */
export function ingestDeployments(deps: Deps, body: unknown, source = 'api'): BatchResult {
  const items = parseBatch(deploymentInput, body, 'deployments');
  const dir = directoryRepo(deps.db);
  const problems = new BatchProblems();
  const teamIds = new Map<string, number>();
  const teamId = (key: string) => {
    if (!teamIds.has(key)) teamIds.set(key, dir.teamByKey(key)?.id ?? 0);
    return teamIds.get(key)!;
  };
  // A service new to Chorus is created by any item of the batch that names its team.
  const createdInBatch = new Set(items.filter((d) => d.team).map((d) => d.service));
  checkTeamOrService(dir, items, problems, createdInBatch);
  problems.throwIfAny();
  const env = getDefinitions(deps).production_environment;
  const now = deps.now().toISOString();
  let duplicates = 0;
  deps.db.transaction(() => {
    const seen = new Set<string>();
    const records = items.map((d): DeploymentRecord => {
      let service = dir.serviceByName(d.service);
      if (!service) {
        const owner = d.team ?? items.find((x) => x.service === d.service && x.team)!.team!;
        dir.upsertService(d.service, teamId(owner), now);
        service = dir.serviceByName(d.service)!;
      }
      if (seen.has(d.id)) duplicates++;
      seen.add(d.id);
      return {
        externalId: d.id,
        serviceId: service.id,
        teamId: d.team ? teamId(d.team) : service.teamId,
        environment: d.environment ?? env,
        status: d.status,
        version: d.version ?? null,
        headSha: null,
        startedAt: d.started_at ?? null,
        finishedAt: d.finished_at,
        failureReason: d.failure_reason || null,
        unplanned: d.unplanned ? 1 : 0,
        author: d.author ?? null,
        source,
        commits: d.commits?.map((c) => ({ sha: c.sha, committedAt: c.committed_at })),
      };
    });
    // Repeated ids inside one batch: the last one wins, stored once.
    const last = new Map(records.map((r) => [r.externalId, r]));
    duplicates += storeDeployments(deps, [...last.values()]);
  })();
  return { accepted: items.length, duplicates };
}

/** POST /api/v1/incidents: atomic, idempotent by `id`; links to the causing deployment by its `id`. */
export function ingestIncidents(deps: Deps, body: unknown): BatchResult {
  const items = parseBatch(incidentInput, body, 'incidents');
  const dir = directoryRepo(deps.db);
  const repo = deliveryRepo(deps.db);
  const problems = new BatchProblems();
  checkTeamOrService(dir, items, problems);
  problems.throwIfAny();
  const env = getDefinitions(deps).production_environment;
  const now = deps.now().toISOString();
  let duplicates = 0;
  deps.db.transaction(() => {
    const refs = new Set<string>();
    const seen = new Set<string>();
    for (const inc of items) {
      let service = inc.service ? dir.serviceByName(inc.service) : undefined;
      const team = inc.team ? dir.teamByKey(inc.team)! : undefined;
      if (inc.service && !service) {
        dir.upsertService(inc.service, team!.id, now);
        service = dir.serviceByName(inc.service)!;
      }
      const row = {
        externalId: inc.id,
        teamId: team?.id ?? service!.teamId,
        serviceId: service?.id ?? null,
        openedAt: inc.opened_at,
        resolvedAt: inc.resolved_at ?? null,
        severity: inc.severity ?? null,
        deploymentRef: inc.deployment_id ?? null,
        reason: inc.reason || null,
      };
      const existing = repo.incidentByExternal(inc.id);
      if (existing || seen.has(inc.id)) duplicates++;
      seen.add(inc.id);
      if (existing) {
        if (existing.deploymentRef) refs.add(existing.deploymentRef);
        repo.updateIncident(existing.id, row, now);
      } else repo.insertIncident(row, now);
      if (row.deploymentRef) refs.add(row.deploymentRef);
    }
    const ranges: Array<[number, string]> = [];
    // Relinking reads each incident's previous link, so the deployments it leaves are refreshed too.
    relinkIncidents(deps, [...seen], ranges);
    repo.refreshIncidentLinks(refs);
    for (const ref of refs) {
      const d = repo.deploymentByExternal(ref);
      if (d) ranges.push([d.serviceId, d.finishedAt]);
    }
    refreshReworkRanges(deps, ranges, env);
  })();
  return { accepted: items.length, duplicates };
}

/**
 * Each item names a known team, or a service that exists (or that another item of the batch
 * creates by naming its team); otherwise a problem naming `team` or `service`.
 */
function checkTeamOrService(
  dir: ReturnType<typeof directoryRepo>,
  items: Array<{ team?: string | null; service?: string | null }>,
  problems: BatchProblems,
  createdInBatch: Set<string> = new Set(),
): void {
  items.forEach((item, i) => {
    if (item.team && !dir.teamByKey(item.team)) problems.add(i, 'team', `unknown team key "${item.team}"`);
    else if (item.service && !item.team && !createdInBatch.has(item.service) && !dir.serviceByName(item.service)) {
      problems.add(i, 'service', `unknown service "${item.service}"; send "team" with it to create the service`);
    }
  });
}

/** POST /api/v1/costs: atomic, idempotent by (team, date, namespace). */
export function ingestCosts(deps: Deps, body: unknown): BatchResult {
  const items = parseBatch(costInput, body, 'costs');
  const repo = deliveryRepo(deps.db);
  const problems = new BatchProblems();
  const teams = teamIdsOf(
    deps,
    items.map((c) => c.team),
    problems,
  );
  problems.throwIfAny();
  const now = deps.now().toISOString();
  let duplicates = 0;
  deps.db.transaction(() => {
    const seen = new Set<string>();
    items.forEach((c, i) => {
      const key = `${teams[i]}|${c.date}|${c.namespace}`;
      if (seen.has(key) || repo.costExists(teams[i], c.date, c.namespace)) duplicates++;
      seen.add(key);
      repo.upsertCost(
        {
          teamId: teams[i],
          date: c.date,
          namespace: c.namespace,
          cost: c.cost,
          cpuRequested: c.cpu_requested ?? null,
          cpuUsed: c.cpu_used ?? null,
          memoryRequestedGb: c.memory_requested_gb ?? null,
          memoryUsedGb: c.memory_used_gb ?? null,
        },
        now,
      );
    });
  })();
  return { accepted: items.length, duplicates };
}
