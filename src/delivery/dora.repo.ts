import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import type { ReportScope } from './report-scope.js';

const statements = new WeakMap<Db, Map<string, Statement>>();
// Versions released: distinct (service, version) ids, plus one per successful deployment without a version.
const VERSIONS = `COUNT(DISTINCT CASE WHEN status = 'success' THEN version_key END) + COALESCE(SUM(status = 'success' AND version_key IS NULL), 0)`;
const FAILED = `(status <> 'success' OR caused_incident = 1)`;

function stmt(db: Db, sql: string): Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map<string, Statement>()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/** WHERE clause + params for deployments / commits / incidents in a scope. */
function where(scope: ReportScope, cols: { team: string; service: string; time: string }, extra = '') {
  const parts: string[] = [];
  if (scope.teamIds) parts.push(`${cols.team} IN (SELECT value FROM json_each(@teams))`);
  if (scope.serviceId !== null) parts.push(`${cols.service} = @service`);
  parts.push(`${cols.time} >= @from AND ${cols.time} < @to`);
  if (extra) parts.push(extra);
  return parts.join(' AND ');
}

const params = (scope: ReportScope, env?: string) => ({
  ...(scope.teamIds ? { teams: JSON.stringify(scope.teamIds) } : {}),
  ...(scope.serviceId !== null ? { service: scope.serviceId } : {}),
  from: scope.from.toISOString(),
  to: scope.to.toISOString(),
  ...(env !== undefined ? { env } : {}),
});

const D = { team: 'team_id', service: 'service_id', time: 'finished_at' };
const C = { team: 'first_team_id', service: 'first_service_id', time: 'first_deployed_at' };
const I = { team: 'team_id', service: 'service_id', time: 'opened_at' };

/** Read-only aggregates for DORA reports; everything is summed in SQL over indexed ranges. */
export function doraRepo(db: Db) {
  return {
    deploymentTotals(scope: ReportScope, env: string) {
      return stmt(
        db,
        `SELECT COUNT(*) AS total, COALESCE(SUM(status = 'success'), 0) AS successes,
          COALESCE(SUM(${FAILED}), 0) AS failed, COALESCE(SUM(rework), 0) AS rework,
          ${VERSIONS} AS versions
        FROM deployments WHERE environment = @env AND ${where(scope, D)}`,
      ).get(params(scope, env)) as {
        total: number;
        successes: number;
        failed: number;
        rework: number;
        versions: number;
      };
    },
    successesPerDay(scope: ReportScope, env: string) {
      return stmt(
        db,
        `SELECT substr(finished_at, 1, 10) AS day, COUNT(*) AS deployments, ${VERSIONS} AS versions
        FROM deployments WHERE environment = @env AND ${where(scope, D, `status = 'success'`)} GROUP BY day ORDER BY day`,
      ).all(params(scope, env)) as Array<{ day: string; deployments: number; versions: number }>;
    },
    failureReasons(scope: ReportScope, env: string) {
      return stmt(
        db,
        `SELECT failure_key AS reason, COUNT(*) AS count
        FROM deployments WHERE environment = @env AND ${where(scope, D, 'failure_key IS NOT NULL')} GROUP BY failure_key`,
      ).all(params(scope, env)) as Array<{ reason: string; count: number }>;
    },
    leadHours(scope: ReportScope) {
      return stmt(db, `SELECT lead_hours FROM commits WHERE ${where(scope, C, 'lead_hours > 0')}`)
        .pluck()
        .all(params(scope)) as number[];
    },
    resolvedIncidents(scope: ReportScope) {
      return stmt(
        db,
        `SELECT opened_at AS openedAt, resolved_at AS resolvedAt, linked_deployment_ref IS NOT NULL AS causedByDeployment
        FROM incidents WHERE ${where(scope, I, 'resolved_at IS NOT NULL')}`,
      ).all(params(scope)) as Array<{ openedAt: string; resolvedAt: string; causedByDeployment: number }>;
    },
    /** Production deployments in scope (for windows, heatmaps and weekly charts; small per team). */
    deployments(scope: ReportScope, env: string) {
      return stmt(
        db,
        `SELECT d.finished_at AS finishedAt, d.status, ${FAILED} AS failed, d.team_id AS teamId, d.service_id AS serviceId,
          COALESCE(d.failure_key, '') AS reason
        FROM deployments d WHERE environment = @env AND ${where(scope, D)} ORDER BY finished_at`,
      ).all(params(scope, env)) as Array<{
        finishedAt: string;
        status: string;
        failed: number;
        teamId: number;
        serviceId: number;
        reason: string;
      }>;
    },
    /** Commits first deployed in scope, with the day of deployment (lead-time trend). */
    leadsWithTime(scope: ReportScope) {
      return stmt(
        db,
        `SELECT first_deployed_at AS at, lead_hours AS hours FROM commits WHERE ${where(scope, C, 'lead_hours > 0')}`,
      ).all(params(scope)) as Array<{ at: string; hours: number }>;
    },
  };
}
