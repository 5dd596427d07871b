import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { resolveTeamScope } from '../directory/directory.service.js';
import { invalid } from '../errors.js';
import { reportWindow } from '../reports/reports.schema.js';

/** A resolved report scope: a team subtree (or the org) and/or one service, over [from, to). */
export interface ReportScope {
  teamKey: string | null;
  /** null = the whole org. */
  teamIds: number[] | null;
  serviceName: string | null;
  serviceId: number | null;
  from: Date;
  to: Date;
}

export interface ScopeQuery {
  team?: string | null;
  service?: string | null;
  from?: string | Date | null;
  to?: string | Date | null;
}

const iso = (v: string | Date | null | undefined): unknown => (v instanceof Date ? v.toISOString() : v);

/**
 * Resolves team (subtree), service and the window `[from, to)`. The window is parsed by the one
 * parser every report uses (`reportWindow`), so defaults (the 90 days up to the next whole hour)
 * and errors (which field a bad or backwards window names) match the survey reports.
 * Unknown team or service, or a bad date, is a 422 naming the field.
 */
export function resolveReportScope(deps: Deps, q: ScopeQuery): ReportScope {
  const window = reportWindow({ from: iso(q.from), to: iso(q.to) }, deps.now());
  const from = new Date(window.from);
  const to = new Date(window.to);
  const team = q.team ? resolveTeamScope(deps, q.team) : null;
  let serviceId: number | null = null;
  if (q.service) {
    const service = directoryRepo(deps.db).serviceByName(q.service);
    if (!service) throw invalid([{ field: 'service', message: `unknown service "${q.service}"` }]);
    serviceId = service.id;
  }
  return {
    teamKey: team?.team?.key ?? null,
    teamIds: team ? team.teamIds : null,
    serviceName: q.service || null,
    serviceId,
    from,
    to,
  };
}

/** The scope as reports show it. */
export const scopeJson = (s: ReportScope) => ({
  team: s.teamKey,
  service: s.serviceName,
  from: s.from.toISOString(),
  to: s.to.toISOString(),
});
