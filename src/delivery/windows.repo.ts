import type { Db } from '../db/open.js';

/** A stored deployment window with its owner. */
export interface WindowRow {
  id: number;
  teamId: number | null;
  teamKey: string | null;
  serviceId: number | null;
  serviceName: string | null;
  weekdays: number[];
  start: string;
  end: string;
  timezone: string;
  label: string | null;
}

/** SQL for deployment windows (a small table). */
export function windowsRepo(db: Db) {
  return {
    all(): WindowRow[] {
      const rows = db
        .prepare(
          `SELECT w.id, w.team_id AS teamId, t.key AS teamKey, w.service_id AS serviceId, s.name AS serviceName,
          w.weekdays, w.start_time AS start, w.end_time AS "end", w.timezone, w.label
        FROM deployment_windows w LEFT JOIN teams t ON t.id = w.team_id LEFT JOIN services s ON s.id = w.service_id ORDER BY w.id`,
        )
        .all() as Array<Omit<WindowRow, 'weekdays'> & { weekdays: string }>;
      return rows.map((r) => ({ ...r, weekdays: JSON.parse(r.weekdays) as number[] }));
    },
    insert(
      w: {
        teamId: number | null;
        serviceId: number | null;
        weekdays: number[];
        start: string;
        end: string;
        timezone: string;
        label: string | null;
      },
      now: string,
    ): number {
      return Number(
        db
          .prepare(
            `INSERT INTO deployment_windows (team_id, service_id, weekdays, start_time, end_time, timezone, label, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(w.teamId, w.serviceId, JSON.stringify(w.weekdays), w.start, w.end, w.timezone, w.label, now)
          .lastInsertRowid,
      );
    },
    delete: (id: number) => db.prepare('DELETE FROM deployment_windows WHERE id = ?').run(id).changes > 0,
  };
}
