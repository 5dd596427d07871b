import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { notFound } from '../errors.js';
import { quantile7, round } from '../metrics/dora.js';
import {
  hiddenReason,
  isHidden,
  statusOf,
  subtreesOf,
  suppressTree,
  thresholdFor,
  type GroupStatus,
} from '../privacy/index.js';
import { customMetricsRepo, type PersonEvent } from './custom-metrics.repo.js';
import { getDefinitions } from './definitions.service.js';
import type { CustomMetric } from './definitions.schema.js';
import { resolveReportScope, scopeJson } from './report-scope.js';

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** One scope's figure before privacy: the values and the distinct people they come from. */
interface Figure {
  median: number | null;
  p75: number | null;
  n: number;
  rate: number | null;
  people: Set<number>;
}

/** A metric's raw rows for a window, computed once and cut per team subtree. */
function metricData(deps: Deps, m: CustomMetric, from: Date, to: Date) {
  const repo = customMetricsRepo(deps.db);
  const f = from.toISOString();
  const t = to.toISOString();
  if (m.kind === 'duration') {
    const rows = repo.durations(m.start_event, m.end_event!, m.match!, f, t).filter((r) => r.endAt !== null);
    return {
      kind: m.kind,
      rows: rows.map((r) => ({ ...r, hours: (Date.parse(r.endAt!) - Date.parse(r.at)) / HOUR_MS })),
    };
  }
  if (m.kind === 'count') {
    return { kind: m.kind, rows: repo.events(m.start_event, f, t), people: repo.activePeople() };
  }
  return { kind: m.kind, rows: repo.events(m.start_event, f, t), denominator: repo.events(m.end_event!, f, t) };
}
type Data = ReturnType<typeof metricData>;

/** The figure over the people of these teams (null = everyone). */
function figureOf(data: Data, teamIds: Set<number> | null, weeks: number): Figure {
  const inScope = (r: { teamId: number }) => teamIds === null || teamIds.has(r.teamId);
  const who = (rows: PersonEvent[]) => new Set(rows.map((r) => r.personId));
  if (data.kind === 'duration') {
    const rows = data.rows.filter(inScope);
    const hours = rows.map((r) => r.hours).sort((a, b) => a - b);
    return {
      median: round(quantile7(hours, 0.5), 2),
      p75: round(quantile7(hours, 0.75), 2),
      n: hours.length,
      rate: null,
      people: who(rows),
    };
  }
  if (data.kind === 'count') {
    const rows = data.rows.filter(inScope);
    const developers = data.people.filter(inScope).length;
    const rate = developers && weeks > 0 ? rows.length / (developers * weeks) : null;
    return { median: null, p75: null, n: rows.length, rate: round(rate, 3), people: who(rows) };
  }
  const num = data.rows.filter(inScope);
  const den = data.denominator.filter(inScope);
  return {
    median: null,
    p75: null,
    n: den.length,
    rate: round(den.length ? num.length / den.length : null, 3),
    people: who([...num, ...den]),
  };
}

const shown = (f: Figure, status: GroupStatus, k: number) =>
  isHidden(status)
    ? { median: null, p75: null, n: null, rate: null, suppressed: true, suppressed_reason: hiddenReason(status, k) }
    : { median: f.median, p75: f.p75, n: f.n, rate: f.rate, suppressed: false, suppressed_reason: null };

/** The custom metric of this key, or a 404. */
export function customMetric(deps: Pick<Deps, 'db'>, key: string): CustomMetric {
  const m = getDefinitions(deps).custom_metrics.find((x) => x.key === key);
  if (!m) throw notFound(`custom metric "${key}"`);
  return m;
}

/**
 * GET /api/v1/metrics/:key: the org's own metric for a team subtree or the org over `[from, to)`,
 * with one row per team. Events are about people: a figure from fewer than k distinct people is
 * hidden, decided by the privacy engine over the team tree (docs/metrics.md "Custom metrics").
 */
export function customMetricReport(
  deps: Deps,
  key: string,
  query: { team?: string | null; from?: string | null; to?: string | null } = {},
) {
  const m = customMetric(deps, key);
  const scope = resolveReportScope(deps, { team: query.team, from: query.from, to: query.to });
  const teams = directoryRepo(deps.db).teams();
  const subtrees = subtreesOf(teams);
  const k = thresholdFor(deps.db);
  const weeks = (scope.to.getTime() - scope.from.getTime()) / WEEK_MS;
  const data = metricData(deps, m, scope.from, scope.to);
  const figures = new Map(teams.map((t) => [t.key, figureOf(data, new Set(subtrees.get(t.id) ?? [t.id]), weeks)]));
  const org = figureOf(data, null, weeks);
  const statuses = suppressTree(
    teams.map((t) => ({
      key: t.key,
      parent: teams.find((p) => p.id === t.parentId)?.key ?? null,
      respondents: figures.get(t.key)!.people.size,
    })),
    k,
    org.people.size,
  );
  const inView = scope.teamIds ? new Set(scope.teamIds) : null;
  const top = scope.teamKey ? figures.get(scope.teamKey)! : org;
  const topStatus = scope.teamKey ? statuses.get(scope.teamKey)! : statusOf(org.people.size, k);
  return {
    key: m.key,
    label: m.label,
    unit: m.unit,
    better: m.better,
    kind: m.kind,
    scope: scopeJson(scope),
    ...shown(top, topStatus, k),
    by_team: teams
      .filter((t) => !inView || inView.has(t.id))
      .map((t) => ({ team: t.key, name: t.name, ...shown(figures.get(t.key)!, statuses.get(t.key)!, k) })),
    definition: m,
  };
}
export type CustomMetricReport = ReturnType<typeof customMetricReport>;

/** CSV: one row for the scope (team = the scope's team, or "all"), then one per team. */
export function customMetricCsvRows(r: CustomMetricReport) {
  const row = (team: string, x: Pick<CustomMetricReport, 'median' | 'p75' | 'n' | 'rate' | 'suppressed'>) => ({
    key: r.key,
    label: r.label,
    unit: r.unit,
    kind: r.kind,
    team,
    from: r.scope.from,
    to: r.scope.to,
    median: x.median,
    p75: x.p75,
    n: x.n,
    rate: x.rate,
    suppressed: x.suppressed,
  });
  return [row(r.scope.team ?? 'all', r), ...r.by_team.map((t) => row(t.team, t))];
}

/** Every custom metric's scope figure (pages show them beside DORA). */
export function customMetricsSummary(
  deps: Deps,
  query: { team?: string | null; from?: string | null; to?: string | null },
) {
  return getDefinitions(deps).custom_metrics.map((m) => customMetricReport(deps, m.key, query));
}
