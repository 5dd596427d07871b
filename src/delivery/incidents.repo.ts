import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import type { ReportScope } from './report-scope.js';

// The inferred link: the latest successful production deployment of the incident's service that
// finished within @hours before it opened (ties: the later id). Explicit links win; @hours NULL = off.
const INFERRED = `(SELECT d.external_id FROM deployments d
    WHERE d.service_id = incidents.service_id AND d.environment = @env AND d.status = 'success'
      AND d.finished_at <= incidents.opened_at
      AND d.finished_at >= strftime('%Y-%m-%dT%H:%M:%fZ', incidents.opened_at, printf('-%.3f seconds', @hours * 3600.0))
    ORDER BY d.finished_at DESC, d.id DESC LIMIT 1)`;
const LINK_SET = `UPDATE incidents SET linked_deployment_ref = COALESCE(deployment_ref,
    CASE WHEN @hours IS NOT NULL AND service_id IS NOT NULL THEN ${INFERRED} END)`;
// Runs after LINK_SET (an UPDATE reads the old values of the row it changes).
const KIND_SET = `UPDATE incidents SET link = CASE WHEN deployment_ref IS NOT NULL THEN 'explicit'
    WHEN linked_deployment_ref IS NOT NULL THEN 'inferred' END`;
const BY_IDS = `WHERE external_id IN (SELECT value FROM json_each(@ids))`;
const BY_RANGE = `WHERE service_id = @serviceId AND opened_at >= @from AND opened_at <= @to`;

export interface IncidentListRow {
  id: string;
  service: string | null;
  team: string;
  openedAt: string;
  resolvedAt: string | null;
  severity: string | null;
  deploymentId: string | null;
  link: 'explicit' | 'inferred' | null;
  deploymentFinishedAt: string | null;
  deploymentService: string | null;
}

function build(db: Db) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    refsByIds: p(`SELECT linked_deployment_ref FROM incidents ${BY_IDS} AND linked_deployment_ref IS NOT NULL`).pluck(),
    linkByIds: p(`${LINK_SET} ${BY_IDS}`),
    kindByIds: p(`${KIND_SET} ${BY_IDS}`),
    refsByRange: p(
      `SELECT linked_deployment_ref FROM incidents ${BY_RANGE} AND linked_deployment_ref IS NOT NULL`,
    ).pluck(),
    linkByRange: p(`${LINK_SET} ${BY_RANGE}`),
    kindByRange: p(`${KIND_SET} ${BY_RANGE}`),
    refsAll: p(`SELECT DISTINCT linked_deployment_ref FROM incidents WHERE linked_deployment_ref IS NOT NULL`).pluck(),
    linkAll: p(LINK_SET),
    kindAll: p(KIND_SET),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof build>>();
const listCache = new WeakMap<Db, Map<string, Statement>>();

/** Incident links: the SQL that keeps `linked_deployment_ref` / `link` current, and the incident list. */
export function incidentsRepo(db: Db) {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = build(db)));
  const s = q;
  return {
    /** Relinks these incidents; returns the deployment refs linked before and after. */
    relinkIncidents(externalIds: string[], env: string, hours: number | null): string[] {
      const refs: string[] = [];
      for (let i = 0; i < externalIds.length; i += 5000) {
        const ids = JSON.stringify(externalIds.slice(i, i + 5000));
        refs.push(...(s.refsByIds.all({ ids }) as string[]));
        s.linkByIds.run({ ids, env, hours });
        s.kindByIds.run({ ids });
        refs.push(...(s.refsByIds.all({ ids }) as string[]));
      }
      return refs;
    },
    /** Relinks the incidents of a service opened in [from, to]; returns refs linked before and after. */
    relinkRange(serviceId: number, from: string, to: string, env: string, hours: number | null): string[] {
      const a = { serviceId, from, to };
      const refs = s.refsByRange.all(a) as string[];
      s.linkByRange.run({ ...a, env, hours });
      s.kindByRange.run(a);
      return [...refs, ...(s.refsByRange.all(a) as string[])];
    },
    /** Relinks every incident (the definitions changed); returns refs linked before and after. */
    relinkAll(env: string, hours: number | null): string[] {
      const before = s.refsAll.all() as string[];
      s.linkAll.run({ env, hours });
      s.kindAll.run();
      return [...before, ...(s.refsAll.all() as string[])];
    },
    /** Incidents opened in the scope's window, newest first, with the linked deployment's time. */
    list(scope: ReportScope): IncidentListRow[] {
      const parts = ['i.opened_at >= @from', 'i.opened_at < @to'];
      if (scope.teamIds) parts.push('i.team_id IN (SELECT value FROM json_each(@teams))');
      if (scope.serviceId !== null) parts.push('i.service_id = @service');
      const sql = `SELECT i.external_id AS id, s.name AS service, t.key AS team, i.opened_at AS openedAt,
          i.resolved_at AS resolvedAt, i.severity, i.linked_deployment_ref AS deploymentId, i.link,
          d.finished_at AS deploymentFinishedAt, ds.name AS deploymentService
        FROM incidents i JOIN teams t ON t.id = i.team_id
        LEFT JOIN services s ON s.id = i.service_id
        LEFT JOIN deployments d ON d.external_id = i.linked_deployment_ref
        LEFT JOIN services ds ON ds.id = d.service_id
        WHERE ${parts.join(' AND ')} ORDER BY i.opened_at DESC, i.external_id`;
      let m = listCache.get(db);
      if (!m) listCache.set(db, (m = new Map<string, Statement>()));
      let st = m.get(sql);
      if (!st) m.set(sql, (st = db.prepare(sql)));
      return st.all({
        from: scope.from.toISOString(),
        to: scope.to.toISOString(),
        ...(scope.teamIds ? { teams: JSON.stringify(scope.teamIds) } : {}),
        ...(scope.serviceId !== null ? { service: scope.serviceId } : {}),
      }) as IncidentListRow[];
    },
  };
}
