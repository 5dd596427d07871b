import type { Request } from 'express';
import type { Deps } from '../../deps.js';
import { customMetricsSummary } from '../../delivery/custom-metrics.service.js';
import { incidentsReport } from '../../delivery/incident-links.service.js';
import type { ReportWindow } from '../../reports/reports.schema.js';
import { formatDate } from '../views.js';

/** The org's custom metrics for a team subtree (or the org) as pages list them beside DORA. */
export function customMetricsView(deps: Deps, w: ReportWindow, team: string | null) {
  return customMetricsSummary(deps, { team, from: w.from, to: w.to }).map((m) => ({
    key: m.key,
    label: m.label,
    unit: m.unit,
    better: m.better,
    kind: m.kind,
    value: m.kind === 'duration' ? m.median : m.rate,
    p75: m.p75,
    n: m.n,
    suppressed: m.suppressed,
    reason: m.suppressed_reason,
  }));
}

/** How many incidents a delivery page lists (the CSV and JSON links carry them all). */
const SHOWN_INCIDENTS = 15;

/**
 * The delivery pages' custom metrics (beside DORA, with the org's labels) and incident list (each
 * link with its reason), for the org (team null) or a team subtree.
 */
export function deliveryExtrasView(deps: Deps, w: ReportWindow, team: string | null, req: Request) {
  const q = new URLSearchParams();
  if (team) q.set('team', team);
  // The page's window as instants (a page may say `through`; the API takes `from` and `to`).
  if (typeof req.query.from === 'string' || typeof req.query.to === 'string' || typeof req.query.through === 'string') {
    q.set('from', w.from);
    q.set('to', w.to);
  }
  const query = q.toString();
  const link = (path: string, csv = false) =>
    `${path}${query || csv ? '?' : ''}${query}${csv ? `${query ? '&' : ''}format=csv` : ''}`;
  const window = { team, from: w.from, to: w.to };
  const metrics = customMetricsView(deps, w, team).map((m) => ({
    ...m,
    csvHref: link(`/api/v1/metrics/${m.key}`, true),
    jsonHref: link(`/api/v1/metrics/${m.key}`),
  }));
  const incidents = incidentsReport(deps, window);
  return {
    metrics,
    incidents: incidents.incidents.slice(0, SHOWN_INCIDENTS).map((i) => ({
      ...i,
      opened: formatDate(i.opened_at),
      restoredHours:
        i.resolved_at === null
          ? null
          : Math.round(((Date.parse(i.resolved_at) - Date.parse(i.opened_at)) / 3_600_000) * 10) / 10,
    })),
    incidentCount: incidents.incidents.length,
    more: Math.max(0, incidents.incidents.length - SHOWN_INCIDENTS),
    linkHours: incidents.incident_link_hours,
    links: { csv: link('/api/v1/incidents', true), json: link('/api/v1/incidents') },
  };
}
