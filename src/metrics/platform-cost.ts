/** One day of cost for a team/namespace. */
export interface CostDay {
  cost: number;
  cpuRequested: number | null;
  cpuUsed: number | null;
  memoryRequestedGb: number | null;
  memoryUsedGb: number | null;
}

const ratio = (used: number | null, requested: number | null): number | null =>
  used === null || requested === null || requested <= 0 ? null : used / requested;

/**
 * Utilization of one row: used ÷ requested, the mean of CPU and memory where both are known
 * (either one alone otherwise); null when neither is known.
 */
export function utilization(row: CostDay): number | null {
  const parts = [ratio(row.cpuUsed, row.cpuRequested), ratio(row.memoryUsedGb, row.memoryRequestedGb)].filter(
    (v): v is number => v !== null,
  );
  return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null;
}

/** Idle cost = cost × (1 − utilization), never negative; null when utilization is unknown. */
export function idleCost(row: CostDay): number | null {
  const u = utilization(row);
  return u === null ? null : row.cost * Math.max(0, 1 - u);
}

/** Totals over rows: cost, idle cost (rows with known utilization), CPU and memory utilization (Σused ÷ Σrequested). */
export function summarizeCost(rows: CostDay[]) {
  let cost = 0,
    idle = 0,
    costWithUtil = 0,
    cpuU = 0,
    cpuR = 0,
    memU = 0,
    memR = 0;
  for (const r of rows) {
    cost += r.cost;
    const i = idleCost(r);
    if (i !== null) {
      idle += i;
      costWithUtil += r.cost;
    }
    if (r.cpuUsed !== null && r.cpuRequested !== null && r.cpuRequested > 0) {
      cpuU += r.cpuUsed;
      cpuR += r.cpuRequested;
    }
    if (r.memoryUsedGb !== null && r.memoryRequestedGb !== null && r.memoryRequestedGb > 0) {
      memU += r.memoryUsedGb;
      memR += r.memoryRequestedGb;
    }
  }
  return {
    cost,
    idleCost: idle,
    /** Share of the cost that has utilization data and is idle. */
    idleShare: costWithUtil > 0 ? idle / costWithUtil : null,
    cpuUtilization: cpuR > 0 ? cpuU / cpuR : null,
    memoryUtilization: memR > 0 ? memU / memR : null,
    n: rows.length,
  };
}

/** Cost per successful deployment; null without deployments. */
export const costPerDeployment = (cost: number, successes: number): number | null =>
  successes > 0 ? cost / successes : null;
