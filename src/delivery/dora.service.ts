import type { Deps } from '../deps.js';
import { byReason, frequencyClass, hoursSummary, perWeek, quantile7, round } from '../metrics/dora.js';
import { doraTiers } from '../metrics/dora-tiers.js';
import { deliveryBenchmark } from './benchmark.service.js';
import { getDefinitions, reasonResolver } from './definitions.service.js';
import type { Definitions } from './definitions.schema.js';
import { doraRepo } from './dora.repo.js';
import { resolveReportScope, scopeJson, type ScopeQuery } from './report-scope.js';
import { DAY_MS, HOUR_MS } from '../units.js';

/** The pinned `GET /api/v1/dora` body. */
export type DoraReport = ReturnType<typeof doraReport>;

/** Where each definition is explained (pages link every figure here). */
export const DEFINITIONS_PATH = '/delivery/definitions';

/** The definitions in force, as every delivery report records them. */
export function definitionsInForce(defs: Definitions) {
  return {
    labels: defs.labels,
    headline: defs.headline,
    production_environment: defs.production_environment,
    failure_reasons: defs.failure_reasons,
    tier_year: defs.tier_year,
    deploy_workflow_pattern: defs.deploy_workflow_pattern,
    benchmark_edition: defs.benchmark_edition,
    benchmark_industry: defs.benchmark_industry,
    benchmark_org_size: defs.benchmark_org_size,
    incident_link_hours: defs.incident_link_hours,
    window: '[from, to) by finished_at (deployments) and opened_at (incidents), UTC',
    quantiles: 'type 7 (linear interpolation between order statistics)',
    frequency_class:
      'Four Keys; weeks are 7-day blocks from the UTC day of from, months 30-day blocks; complete blocks only',
    href: DEFINITIONS_PATH,
  };
}

function restore(rows: Array<{ openedAt: string; resolvedAt: string }>) {
  const hours = rows.map((r) => (Date.parse(r.resolvedAt) - Date.parse(r.openedAt)) / HOUR_MS).sort((a, b) => a - b);
  return { median: round(quantile7(hours, 0.5), 2), p90: round(quantile7(hours, 0.9), 2), n: hours.length };
}

/**
 * DORA metrics for a team (its whole subtree), a service, or the org over `[from, to)` exactly
 * as metrics.md defines them, with tiers for the configured report year and the definitions used.
 */
export function doraReport(deps: Deps, query: ScopeQuery = {}) {
  const scope = resolveReportScope(deps, query);
  const defs = getDefinitions(deps);
  const env = defs.production_environment;
  const repo = doraRepo(deps.db);
  const totals = repo.deploymentTotals(scope, env);
  const perDay = repo.successesPerDay(scope, env);
  const headline = defs.headline;
  const headlineCount = headline === 'versions' ? totals.versions : totals.successes;
  const cls = frequencyClass(
    perDay.map((d) => ({ day: d.day, count: headline === 'versions' ? d.versions : d.deployments })),
    scope.from,
    scope.to,
  );
  const lead = hoursSummary(repo.leadHours(scope));
  const resolve = reasonResolver(defs);
  const reasons = byReason(
    repo.failureReasons(scope, env).map((r) => ({ reason: resolve(r.reason), count: r.count })),
    totals.failed,
  );
  const incidents = repo.resolvedIncidents(scope);
  const ttr = restore(incidents);
  const fdr = restore(incidents.filter((i) => i.causedByDeployment));
  const rate = totals.total ? totals.failed / totals.total : null;
  return {
    scope: scopeJson(scope),
    deployment_frequency: {
      deployments: totals.successes,
      per_week: round(perWeek(headlineCount, scope.from, scope.to), 2),
      versions: totals.versions,
      class: cls,
      counting: headline,
    },
    lead_time_hours: lead,
    change_failure_rate: { rate: round(rate, 3), failed: totals.failed, total: totals.total, by_reason: reasons },
    time_to_restore_hours: ttr,
    failed_deployment_recovery_hours: fdr,
    rework_rate: round(totals.total ? totals.rework / totals.total : null, 3),
    rework: { deployments: totals.rework, total: totals.total },
    tiers: doraTiers(defs.tier_year, {
      frequencyClass: cls,
      leadTimeMedianHours: lead.median,
      changeFailureRate: rate,
      timeToRestoreMedianHours: ttr.median,
      failedDeploymentRecoveryMedianHours: fdr.median,
      n: {
        deployments: headlineCount,
        leadTimeCommits: lead.n,
        changeFailureDeployments: totals.total,
        incidents: ttr.n,
        failedDeploymentIncidents: fdr.n,
      },
    }),
    benchmark: deliveryBenchmark(defs, {
      frequency: { count: headlineCount, days: (scope.to.getTime() - scope.from.getTime()) / DAY_MS },
      leadTime: { median: lead.median, n: lead.n },
      changeFailure: { failed: totals.failed, total: totals.total },
      recovery: { median: fdr.median, n: fdr.n },
      rework: { deployments: totals.rework, total: totals.total },
    }),
    definitions: definitionsInForce(defs),
  };
}

/** One CSV row per report (the pinned fields flattened, reasons joined). */
export function doraCsvRow(r: DoraReport) {
  return {
    team: r.scope.team,
    service: r.scope.service,
    from: r.scope.from,
    to: r.scope.to,
    deployments: r.deployment_frequency.deployments,
    per_week: r.deployment_frequency.per_week,
    versions: r.deployment_frequency.versions,
    frequency_class: r.deployment_frequency.class,
    counting: r.deployment_frequency.counting,
    lead_time_median_hours: r.lead_time_hours.median,
    lead_time_p75_hours: r.lead_time_hours.p75,
    lead_time_p90_hours: r.lead_time_hours.p90,
    lead_time_n: r.lead_time_hours.n,
    change_failure_rate: r.change_failure_rate.rate,
    failed: r.change_failure_rate.failed,
    total: r.change_failure_rate.total,
    failure_reasons: r.change_failure_rate.by_reason.map((b) => `${b.reason}: ${b.count}`).join('; '),
    time_to_restore_median_hours: r.time_to_restore_hours.median,
    time_to_restore_p90_hours: r.time_to_restore_hours.p90,
    time_to_restore_n: r.time_to_restore_hours.n,
    failed_deployment_recovery_median_hours: r.failed_deployment_recovery_hours.median,
    failed_deployment_recovery_n: r.failed_deployment_recovery_hours.n,
    rework_rate: r.rework_rate,
    tier_year: r.tiers.year,
    tier_deployment_frequency: r.tiers.deployment_frequency,
    tier_lead_time: r.tiers.lead_time,
    tier_change_failure_rate: r.tiers.change_failure_rate,
    tier_time_to_restore: r.tiers.time_to_restore,
    production_environment: r.definitions.production_environment,
  };
}
