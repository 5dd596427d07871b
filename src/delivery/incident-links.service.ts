import type { Deps } from '../deps.js';
import { round } from '../metrics/dora.js';
import { deliveryRepo } from './delivery.repo.js';
import { getDefinitions } from './definitions.service.js';
import { incidentsRepo, type IncidentListRow } from './incidents.repo.js';
import { resolveReportScope, scopeJson, type ScopeQuery } from './report-scope.js';

const HOUR_MS = 3_600_000;

/**
 * After deployments or incidents change: recomputes `caused_incident` / failure keys of the
 * deployments whose links moved, and adds their (service, finished_at) to the rework ranges.
 */
function refreshLinked(deps: Deps, refs: Iterable<string>, ranges: Array<[number, string]>): void {
  const repo = deliveryRepo(deps.db);
  const unique = [...new Set(refs)];
  repo.refreshIncidentLinks(unique);
  for (const ref of unique) {
    const d = repo.deploymentByExternal(ref);
    if (d) ranges.push([d.serviceId, d.finishedAt]);
  }
}

/** Relinks these incidents (explicit, else inferred) and refreshes the deployments involved. */
export function relinkIncidents(deps: Deps, externalIds: string[], ranges: Array<[number, string]>): void {
  const defs = getDefinitions(deps);
  const refs = incidentsRepo(deps.db).relinkIncidents(
    externalIds,
    defs.production_environment,
    defs.incident_link_hours,
  );
  refreshLinked(deps, refs, ranges);
}

/**
 * After deployments of these (service, finished_at) were written: the incidents of the service opened
 * up to `incident_link_hours` after may now infer another deployment. Returns the refs to refresh.
 */
export function relinkAroundDeployments(deps: Deps, changed: Array<[number, string]>): string[] {
  const defs = getDefinitions(deps);
  const hours = defs.incident_link_hours;
  if (hours === null) return [];
  const repo = incidentsRepo(deps.db);
  const refs: string[] = [];
  for (const [serviceId, t] of changed) {
    const to = new Date(Date.parse(t) + hours * HOUR_MS).toISOString();
    refs.push(...repo.relinkRange(serviceId, t, to, defs.production_environment, hours));
  }
  return refs;
}

/** Every incident relinked (incident_link_hours or the production environment changed). */
export function relinkAll(deps: Deps, env: string, hours: number | null): void {
  const refs = incidentsRepo(deps.db).relinkAll(env, hours);
  deliveryRepo(deps.db).refreshIncidentLinks(refs);
}

/** Why an incident counts against a deployment, in words. */
export function linkReason(r: IncidentListRow): string | null {
  if (r.link === 'explicit') return `named by the incident (deployment ${r.deploymentId})`;
  if (r.link === 'inferred' && r.deploymentFinishedAt) {
    const h = (Date.parse(r.openedAt) - Date.parse(r.deploymentFinishedAt)) / HOUR_MS;
    return `latest production deployment of ${r.deploymentService ?? r.service}, ${round(h, 1)} h before`;
  }
  return null;
}

/** GET /api/v1/incidents: incidents opened in the window with their link and its reason. */
export function incidentsReport(deps: Deps, query: ScopeQuery = {}) {
  const scope = resolveReportScope(deps, query);
  const defs = getDefinitions(deps);
  const rows = incidentsRepo(deps.db).list(scope);
  return {
    scope: scopeJson(scope),
    incident_link_hours: defs.incident_link_hours,
    incidents: rows.map((r) => ({
      id: r.id,
      service: r.service,
      team: r.team,
      opened_at: r.openedAt,
      resolved_at: r.resolvedAt,
      severity: r.severity,
      deployment_id: r.deploymentId,
      link: r.link,
      link_reason: linkReason(r),
    })),
  };
}

export type IncidentsReport = ReturnType<typeof incidentsReport>;

/** One CSV row per incident. */
export const incidentsCsvRows = (r: IncidentsReport) => r.incidents;
