import type { Deps } from '../deps.js';
import { round } from '../metrics/dora.js';
import { costPerDeployment, idleCost, summarizeCost } from '../metrics/platform-cost.js';
import { costRepo } from './cost.repo.js';
import { getDefinitions } from './definitions.service.js';
import { resolveReportScope, scopeJson, type ScopeQuery } from './report-scope.js';
import { DAY_MS } from '../units.js';

/** The first UTC day whose midnight is at or after `t`. */
const dayAtOrAfter = (t: Date) => new Date(Math.ceil(t.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
const money = (v: number | null) => round(v, 2);

/** Platform cost report. */
export type CostReport = ReturnType<typeof costReport>;

/**
 * Cost, utilization and idle cost per team over `[from, to)` (a day counts when its midnight is in
 * the window), with cost per successful production deployment. `team` covers its subtree.
 */
export function costReport(deps: Deps, query: Omit<ScopeQuery, 'service'> = {}) {
  const scope = resolveReportScope(deps, { ...query, service: null });
  const defs = getDefinitions(deps);
  const env = defs.production_environment;
  const repo = costRepo(deps.db);
  const rows = repo.rows(dayAtOrAfter(scope.from), dayAtOrAfter(scope.to), scope.teamIds);
  const successes = repo.successesByTeam(env, scope.from.toISOString(), scope.to.toISOString(), scope.teamIds);
  const totalSuccesses = [...successes.values()].reduce((a, b) => a + b, 0);
  const all = summarizeCost(rows);
  const byTeam = new Map<number, typeof rows>();
  for (const r of rows) byTeam.set(r.teamId, [...(byTeam.get(r.teamId) ?? []), r]);
  const daily = new Map<string, { cost: number; idle: number }>();
  for (const r of rows) {
    const d = daily.get(r.date) ?? { cost: 0, idle: 0 };
    d.cost += r.cost;
    d.idle += idleCost(r) ?? 0;
    daily.set(r.date, d);
  }
  return {
    scope: { team: scopeJson(scope).team, from: scopeJson(scope).from, to: scopeJson(scope).to },
    cost: money(all.cost),
    idle_cost: money(all.idleCost),
    idle_share: round(all.idleShare, 3),
    utilization: { cpu: round(all.cpuUtilization, 3), memory: round(all.memoryUtilization, 3) },
    successful_deployments: totalSuccesses,
    cost_per_successful_deployment: money(costPerDeployment(all.cost, totalSuccesses)),
    days: daily.size,
    n: all.n,
    teams: [...byTeam.values()]
      .map((teamRows) => {
        const s = summarizeCost(teamRows);
        const deployments = successes.get(teamRows[0].teamId) ?? 0;
        return {
          team: teamRows[0].teamKey,
          name: teamRows[0].teamName,
          cost: money(s.cost),
          idle_cost: money(s.idleCost),
          idle_share: round(s.idleShare, 3),
          utilization: { cpu: round(s.cpuUtilization, 3), memory: round(s.memoryUtilization, 3) },
          successful_deployments: deployments,
          cost_per_successful_deployment: money(costPerDeployment(s.cost, deployments)),
          n: s.n,
        };
      })
      .sort((a, b) => (b.cost ?? 0) - (a.cost ?? 0)),
    daily: [...daily].map(([date, d]) => ({ date, cost: money(d.cost), idle_cost: money(d.idle) })),
    definitions: {
      production_environment: env,
      utilization: 'used ÷ requested, mean of CPU and memory where both are known',
      idle_cost: 'cost × (1 − utilization), never negative; rows without utilization add no idle cost',
      days: 'a day counts when its UTC midnight is in [from, to)',
      href: '/delivery/definitions#cost',
    },
  };
}

/** CSV: one row per team. */
export const costCsvRows = (r: CostReport) =>
  r.teams.map((t) => ({
    team: t.team,
    from: r.scope.from,
    to: r.scope.to,
    cost: t.cost,
    idle_cost: t.idle_cost,
    idle_share: t.idle_share,
    cpu_utilization: t.utilization.cpu,
    memory_utilization: t.utilization.memory,
    successful_deployments: t.successful_deployments,
    cost_per_successful_deployment: t.cost_per_successful_deployment,
    days_n: t.n,
  }));
