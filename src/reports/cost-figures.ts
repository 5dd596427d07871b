import type { Deps } from '../deps.js';
import { costFor, type Span } from './sources.js';
import type { CostReport } from '../delivery/cost.service.js';

/** The headline figures of a cost report: total, idle cost, CPU utilization, cost per successful deployment. */
export function costFigures(report: CostReport) {
  return {
    total: report.cost ?? null,
    idle_cost: report.idle_cost ?? null,
    idle_share: report.idle_share ?? null,
    utilization: report.utilization?.cpu ?? null,
    memory_utilization: report.utilization?.memory ?? null,
    successful_deployments: report.successful_deployments ?? 0,
    cost_per_successful_deployment: report.cost_per_successful_deployment ?? null,
    days: report.days ?? 0,
  };
}

/** Platform cost for the org and per team: total, idle, and cost per successful deployment. */
export function platformCost(deps: Deps, w: Span) {
  const report = costFor(deps, null, w);
  return {
    ...costFigures(report),
    teams: (report.teams ?? []).map((t) => ({
      team: t.team,
      name: t.name,
      cost: t.cost,
      idle_cost: t.idle_cost,
      idle_share: t.idle_share,
      utilization: t.utilization?.cpu ?? null,
      successful_deployments: t.successful_deployments,
      cost_per_successful_deployment: t.cost_per_successful_deployment,
    })),
  };
}

export type PlatformCost = ReturnType<typeof platformCost>;
