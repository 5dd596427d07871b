import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { resolveTeamScope } from '../directory/directory.service.js';
import { invalid } from '../errors.js';
import { checkWindowBounds, DEFAULT_WINDOW_DAYS, defaultWindowEnd } from '../reports/reports.schema.js';

const DAY_MS = 86_400_000;

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

function parseTime(value: string | Date | null | undefined, field: string): Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value;
  const v = String(value).trim();
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(v) || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v);
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!ok || Number.isNaN(d.getTime()))
    throw invalid([{ field, message: 'must be an ISO date (2026-03-01) or instant (2026-03-01T10:00:00Z)' }]);
  return d;
}

/**
 * Resolves team (subtree), service and the window `[from, to)`. The default is the survey
 * reports' default (`defaultWindowEnd`): the 90 days up to the next whole hour, so a delivery
 * page and a survey page opened together count the same window.
 * Unknown team or service, or a bad date, is a 422 naming the field.
 */
export function resolveReportScope(deps: Deps, q: ScopeQuery): ReportScope {
  const to = parseTime(q.to, 'to') ?? defaultWindowEnd(deps.now());
  const from = parseTime(q.from, 'from') ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  if (from.getTime() >= to.getTime()) throw invalid([{ field: 'to', message: 'must be after from' }]);
  checkWindowBounds(from, to);
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
