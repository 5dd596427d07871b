import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';

function build(db: Db) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    mapped: p(`SELECT s.id, s.team_id AS teamId, s.name FROM pagerduty_services m JOIN services s ON s.id = m.service_id
      WHERE m.pagerduty_service = ?`),
    list: p(`SELECT m.pagerduty_service AS pagerdutyService, s.name AS service FROM pagerduty_services m
      JOIN services s ON s.id = m.service_id ORDER BY m.pagerduty_service`),
    clear: p('DELETE FROM pagerduty_services'),
    insert:
      p(`INSERT INTO pagerduty_services (pagerduty_service, service_id, created_at, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (pagerduty_service) DO UPDATE SET service_id = excluded.service_id, updated_at = excluded.updated_at`),
    incident: p(`SELECT id, opened_at AS openedAt, resolved_at AS resolvedAt, severity, deployment_ref AS deploymentRef,
      reason, service_id AS serviceId FROM incidents WHERE external_id = ?`),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof build>>();

export interface MappedService {
  id: number;
  teamId: number;
  name: string;
}

/** The PagerDuty service mapping and the incident reads of the PagerDuty webhook. */
export function pagerdutyRepo(db: Db) {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = build(db)));
  const s = q;
  return {
    mapped: (pagerdutyService: string) => s.mapped.get(pagerdutyService) as MappedService | undefined,
    list: () => s.list.all() as Array<{ pagerdutyService: string; service: string }>,
    replace: (rows: Array<{ pagerdutyService: string; serviceId: number }>, now: string) => {
      s.clear.run();
      for (const r of rows) s.insert.run(r.pagerdutyService, r.serviceId, now, now);
    },
    incident: (externalId: string) =>
      s.incident.get(externalId) as
        | {
            id: number;
            openedAt: string;
            resolvedAt: string | null;
            severity: string | null;
            deploymentRef: string | null;
            reason: string | null;
            serviceId: number | null;
          }
        | undefined,
  };
}
