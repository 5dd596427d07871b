import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';

/** A deployment row as stored (camelCase). */
export interface DeploymentRow {
  id: number;
  externalId: string;
  serviceId: number;
  teamId: number;
  environment: string;
  status: 'success' | 'failure' | 'rolled_back';
  version: string | null;
  headSha: string | null;
  startedAt: string | null;
  finishedAt: string;
  failureReason: string | null;
  unplanned: number;
  author: string | null;
  source: string;
}

export type DeploymentWrite = Omit<DeploymentRow, 'id'>;
type StoredWrite = DeploymentWrite & { versionKey: number | null };

const DEPLOYMENT_COLS = `id, external_id AS externalId, service_id AS serviceId, team_id AS teamId, environment, status, version,
  head_sha AS headSha, started_at AS startedAt, finished_at AS finishedAt, failure_reason AS failureReason, unplanned, author, source`;

// Derived columns. A commit's first successful production deployment over all history (ties by id).
// CROSS JOIN pins the join order: start from the commit's few deployments, never from the time index.
// lead_hours comes with it (NULL when the commit time is unknown or nothing was deployed).
const FIRST_DEPLOY_SET = `
  UPDATE commits SET (first_deployment_id, first_deployed_at, first_team_id, first_service_id, lead_hours) = (
    SELECT d.id, d.finished_at, d.team_id, d.service_id,
      (unixepoch(d.finished_at, 'subsec') - unixepoch(commits.committed_at, 'subsec')) / 3600.0
    FROM deployment_commits dc CROSS JOIN deployments d ON d.id = dc.deployment_id
    WHERE dc.commit_id = commits.id AND d.environment = @env AND d.status = 'success'
    ORDER BY d.finished_at, d.id LIMIT 1)`;
const INCIDENT_SET = `
  UPDATE deployments SET
    caused_incident = EXISTS (SELECT 1 FROM incidents i WHERE i.linked_deployment_ref = deployments.external_id),
    incident_reason = (SELECT i.reason FROM incidents i WHERE i.linked_deployment_ref = deployments.external_id
                       AND i.reason IS NOT NULL AND trim(i.reason) <> '' ORDER BY i.opened_at, i.external_id LIMIT 1)`;
// Runs after INCIDENT_SET (an UPDATE sees the old values of the row it changes).
const FAILURE_KEY_SET = `
  UPDATE deployments SET failure_key = CASE WHEN status <> 'success' OR caused_incident = 1
    THEN lower(trim(COALESCE(NULLIF(trim(failure_reason), ''), incident_reason, ''))) END`;
// Rework: unplanned, or a success of the same service within 24 h after a failed, rolled-back or
// incident-causing production deployment. Only production deployments carry the flag.
const REWORK_SET = `
  UPDATE deployments SET rework = CASE
    WHEN environment <> @env THEN 0
    WHEN unplanned = 1 THEN 1
    WHEN status = 'success' AND EXISTS (
      SELECT 1 FROM deployments p
      WHERE p.service_id = deployments.service_id AND p.environment = @env
        AND p.finished_at < deployments.finished_at
        AND p.finished_at >= strftime('%Y-%m-%dT%H:%M:%fZ', deployments.finished_at, '-1 day')
        AND (p.status <> 'success' OR p.caused_incident = 1)) THEN 1
    ELSE 0 END`;

function build(db: Db) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    deploymentByExternal: p(`SELECT ${DEPLOYMENT_COLS} FROM deployments WHERE external_id = ?`),
    deploymentsByHeadSha: p(`SELECT ${DEPLOYMENT_COLS} FROM deployments WHERE head_sha = ?`),
    insertDeployment:
      p(`INSERT INTO deployments (external_id, service_id, team_id, environment, status, version, head_sha, started_at,
        finished_at, failure_reason, unplanned, author, source, version_key, created_at, updated_at)
      VALUES (@externalId, @serviceId, @teamId, @environment, @status, @version, @headSha, @startedAt, @finishedAt, @failureReason,
        @unplanned, @author, @source, @versionKey, @now, @now)`),
    updateDeployment:
      p(`UPDATE deployments SET service_id = @serviceId, team_id = @teamId, environment = @environment, status = @status,
        version = @version, head_sha = @headSha, started_at = @startedAt, finished_at = @finishedAt, failure_reason = @failureReason,
        unplanned = @unplanned, author = @author, source = @source, version_key = @versionKey, rework = 0, updated_at = @now WHERE id = @id`),
    commitIdsOf: p('SELECT commit_id FROM deployment_commits WHERE deployment_id = ?').pluck(),
    upsertCommit: p(`INSERT INTO commits (sha, committed_at) VALUES (?, ?)
      ON CONFLICT (sha) DO UPDATE SET committed_at = COALESCE(excluded.committed_at, commits.committed_at) RETURNING id`).pluck(),
    commitIdBySha: p('SELECT id FROM commits WHERE sha = ?').pluck(),
    clearDeploymentCommits: p('DELETE FROM deployment_commits WHERE deployment_id = ?'),
    addDeploymentCommit: p('INSERT OR IGNORE INTO deployment_commits (deployment_id, commit_id) VALUES (?, ?)'),
    firstDeploySome: p(`${FIRST_DEPLOY_SET} WHERE id IN (SELECT value FROM json_each(@ids))`),
    firstDeployAll: p(FIRST_DEPLOY_SET),
    incidentLinkSome: p(`${INCIDENT_SET} WHERE external_id IN (SELECT value FROM json_each(@refs))`),
    failureKeySome: p(`${FAILURE_KEY_SET} WHERE external_id IN (SELECT value FROM json_each(@refs))`),
    versionKey: p(`INSERT INTO deployment_versions (service_id, version) VALUES (?, ?)
      ON CONFLICT (service_id, version) DO UPDATE SET version = excluded.version RETURNING id`).pluck(),
    reworkRange: p(
      `${REWORK_SET} WHERE service_id = @serviceId AND environment = @env AND finished_at >= @from AND finished_at <= @to`,
    ),
    reworkAll: p(REWORK_SET),
    incidentByExternal: p(`SELECT id, deployment_ref AS deploymentRef FROM incidents WHERE external_id = ?`),
    insertIncident:
      p(`INSERT INTO incidents (external_id, team_id, service_id, opened_at, resolved_at, severity, deployment_ref, reason, created_at, updated_at)
      VALUES (@externalId, @teamId, @serviceId, @openedAt, @resolvedAt, @severity, @deploymentRef, @reason, @now, @now)`),
    updateIncident:
      p(`UPDATE incidents SET team_id = @teamId, service_id = @serviceId, opened_at = @openedAt, resolved_at = @resolvedAt,
        severity = @severity, deployment_ref = @deploymentRef, reason = @reason, updated_at = @now WHERE id = @id`),
    costExists: p('SELECT 1 FROM costs WHERE team_id = ? AND date = ? AND namespace = ?').pluck(),
    upsertCost:
      p(`INSERT INTO costs (team_id, date, namespace, cost, cpu_requested, cpu_used, memory_requested_gb, memory_used_gb, created_at, updated_at)
      VALUES (@teamId, @date, @namespace, @cost, @cpuRequested, @cpuUsed, @memoryRequestedGb, @memoryUsedGb, @now, @now)
      ON CONFLICT (team_id, date, namespace) DO UPDATE SET cost = excluded.cost, cpu_requested = excluded.cpu_requested,
        cpu_used = excluded.cpu_used, memory_requested_gb = excluded.memory_requested_gb, memory_used_gb = excluded.memory_used_gb,
        updated_at = excluded.updated_at`),
    deliverySeen: p('SELECT outcome FROM webhook_deliveries WHERE delivery_id = ?').pluck(),
    recordDelivery: p(`INSERT INTO webhook_deliveries (delivery_id, event, outcome, received_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (delivery_id) DO NOTHING`),
    pushByAfter: p(
      'SELECT after_sha AS afterSha, repository, ref, pusher_email AS pusherEmail, commit_shas AS commitShas FROM github_pushes WHERE after_sha = ?',
    ),
    upsertPush:
      p(`INSERT INTO github_pushes (after_sha, repository, ref, pusher_email, commit_shas, received_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (after_sha) DO UPDATE SET commit_shas = excluded.commit_shas, pusher_email = excluded.pusher_email`),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof build>>();

/** All SQL that writes delivery data and keeps its derived columns current. */
export function deliveryRepo(db: Db) {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = build(db)));
  const s = q;
  return {
    deploymentByExternal: (externalId: string) => s.deploymentByExternal.get(externalId) as DeploymentRow | undefined,
    deploymentsByHeadSha: (sha: string) => s.deploymentsByHeadSha.all(sha) as DeploymentRow[],
    insertDeployment: (d: StoredWrite, now: string) => Number(s.insertDeployment.run({ ...d, now }).lastInsertRowid),
    updateDeployment: (id: number, d: StoredWrite, now: string) => s.updateDeployment.run({ ...d, id, now }),
    /** The id of a (service, version), created on first use. */
    versionKey: (serviceId: number, version: string) => Number(s.versionKey.get(serviceId, version)),
    commitIdsOf: (deploymentId: number) => s.commitIdsOf.all(deploymentId) as number[],
    upsertCommit: (sha: string, committedAt: string | null) => Number(s.upsertCommit.get(sha, committedAt)),
    commitIdBySha: (sha: string) => s.commitIdBySha.get(sha) as number | undefined,
    replaceDeploymentCommits: (deploymentId: number, commitIds: number[]) => {
      s.clearDeploymentCommits.run(deploymentId);
      for (const c of commitIds) s.addDeploymentCommit.run(deploymentId, c);
    },
    addDeploymentCommits: (deploymentId: number, commitIds: number[]) => {
      for (const c of commitIds) s.addDeploymentCommit.run(deploymentId, c);
    },
    /** Recomputes first production deployment and lead time of these commits. */
    refreshCommits: (commitIds: Iterable<number>, env: string) => {
      const all = [...new Set(commitIds)];
      for (let i = 0; i < all.length; i += 5000) {
        const ids = JSON.stringify(all.slice(i, i + 5000));
        s.firstDeploySome.run({ ids, env });
      }
    },
    /** Recomputes every commit (the production environment name changed). */
    refreshAllCommits: (env: string) => {
      s.firstDeployAll.run({ env });
    },
    refreshIncidentLinks: (deploymentRefs: Iterable<string>) => {
      const all = [...new Set(deploymentRefs)];
      for (let i = 0; i < all.length; i += 5000) {
        const refs = JSON.stringify(all.slice(i, i + 5000));
        s.incidentLinkSome.run({ refs });
        s.failureKeySome.run({ refs });
      }
    },
    /** Recomputes the rework flag of one service's deployments finishing in [from, to]. */
    refreshRework: (serviceId: number, from: string, to: string, env: string) =>
      s.reworkRange.run({ serviceId, from, to, env }),
    refreshAllRework: (env: string) => s.reworkAll.run({ env }),
    incidentByExternal: (externalId: string) =>
      s.incidentByExternal.get(externalId) as { id: number; deploymentRef: string | null } | undefined,
    insertIncident: (i: IncidentWrite, now: string) => s.insertIncident.run({ ...i, now }),
    updateIncident: (id: number, i: IncidentWrite, now: string) => s.updateIncident.run({ ...i, id, now }),
    costExists: (teamId: number, date: string, namespace: string) => s.costExists.get(teamId, date, namespace) === 1,
    upsertCost: (c: CostWrite, now: string) => s.upsertCost.run({ ...c, now }),
    deliveryOutcome: (deliveryId: string) => s.deliverySeen.get(deliveryId) as string | undefined,
    recordDelivery: (deliveryId: string, event: string, outcome: string, now: string) =>
      s.recordDelivery.run(deliveryId, event, outcome, now),
    pushByAfter: (sha: string) =>
      s.pushByAfter.get(sha) as
        | { afterSha: string; repository: string; ref: string | null; pusherEmail: string | null; commitShas: string }
        | undefined,
    upsertPush: (
      afterSha: string,
      repository: string,
      ref: string | null,
      pusherEmail: string | null,
      shas: string[],
      now: string,
    ) => s.upsertPush.run(afterSha, repository, ref, pusherEmail, JSON.stringify(shas), now),
  };
}

export interface IncidentWrite {
  externalId: string;
  teamId: number;
  serviceId: number | null;
  openedAt: string;
  resolvedAt: string | null;
  severity: string | null;
  deploymentRef: string | null;
  reason: string | null;
}

export interface CostWrite {
  teamId: number;
  date: string;
  namespace: string;
  cost: number;
  cpuRequested: number | null;
  cpuUsed: number | null;
  memoryRequestedGb: number | null;
  memoryUsedGb: number | null;
}
