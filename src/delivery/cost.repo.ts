import type { Db } from '../db/open.js';

/** SQL for cost reports (small tables: one row per team per day). */
export function costRepo(db: Db) {
  return {
    rows(fromDay: string, toDayExclusive: string, teamIds: number[] | null) {
      const teamFilter = teamIds ? 'AND c.team_id IN (SELECT value FROM json_each(@teams))' : '';
      return db
        .prepare(
          `SELECT c.team_id AS teamId, t.key AS teamKey, t.name AS teamName, c.date, c.namespace, c.cost,
          c.cpu_requested AS cpuRequested, c.cpu_used AS cpuUsed, c.memory_requested_gb AS memoryRequestedGb, c.memory_used_gb AS memoryUsedGb
        FROM costs c JOIN teams t ON t.id = c.team_id WHERE c.date >= @from AND c.date < @to ${teamFilter} ORDER BY c.date, t.key`,
        )
        .all({ from: fromDay, to: toDayExclusive, ...(teamIds ? { teams: JSON.stringify(teamIds) } : {}) }) as Array<{
        teamId: number;
        teamKey: string;
        teamName: string;
        date: string;
        namespace: string;
        cost: number;
        cpuRequested: number | null;
        cpuUsed: number | null;
        memoryRequestedGb: number | null;
        memoryUsedGb: number | null;
      }>;
    },
    successesByTeam(env: string, from: string, to: string, teamIds: number[] | null) {
      const teamFilter = teamIds ? 'AND team_id IN (SELECT value FROM json_each(@teams))' : '';
      const rows = db
        .prepare(
          `SELECT team_id AS teamId, COUNT(*) AS n FROM deployments
          WHERE environment = @env AND status = 'success' AND finished_at >= @from AND finished_at < @to ${teamFilter} GROUP BY team_id`,
        )
        .all({ env, from, to, ...(teamIds ? { teams: JSON.stringify(teamIds) } : {}) }) as Array<{
        teamId: number;
        n: number;
      }>;
      return new Map(rows.map((r) => [r.teamId, r.n]));
    },
  };
}
