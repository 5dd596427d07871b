import type { Deps } from '../deps.js';
import { listTeams } from '../directory/directory.service.js';
import { blockCount, quantile7, round } from '../metrics/dora.js';
import { costReport } from './cost.service.js';
import { getDefinitions, reasonResolver } from './definitions.service.js';
import { doraRepo } from './dora.repo.js';
import { doraReport } from './dora.service.js';
import { resolveReportScope, type ScopeQuery } from './report-scope.js';
import { windowsReport } from './windows.service.js';
import { DAY_MS, WEEK_MS } from '../units.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** DORA for every team (hierarchy order, with depth) over one window: the org delivery table. */
export function orgDelivery(deps: Deps, query: Omit<ScopeQuery, 'team' | 'service'> = {}) {
  const teams = listTeams(deps);
  const children = new Map<number | null, typeof teams>();
  for (const t of teams) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const ordered: Array<{ team: (typeof teams)[number]; depth: number; isGroup: boolean }> = [];
  const walk = (parent: number | null, depth: number) => {
    for (const t of children.get(parent) ?? []) {
      ordered.push({ team: t, depth, isGroup: (children.get(t.id) ?? []).length > 0 });
      walk(t.id, depth + 1);
    }
  };
  walk(null, 0);
  const org = doraReport(deps, query);
  return {
    scope: org.scope,
    org,
    teams: ordered.map(({ team, depth, isGroup }) => ({
      key: team.key,
      name: team.name,
      depth,
      is_group: isGroup,
      dora: doraReport(deps, { ...query, team: team.key }),
    })),
  };
}

/** Weekly series, heatmap and cost for one team's delivery page (and its JSON twin). */
export function teamDelivery(deps: Deps, teamKey: string, query: Omit<ScopeQuery, 'team' | 'service'> = {}) {
  const dora = doraReport(deps, { ...query, team: teamKey });
  const scope = resolveReportScope(deps, { ...query, team: teamKey });
  const defs = getDefinitions(deps);
  const repo = doraRepo(deps.db);
  const weeks = blockCount(scope.from, scope.to, 7);
  const origin = Math.floor(scope.from.getTime() / DAY_MS) * DAY_MS;
  const weekOf = (iso: string) => Math.floor((Date.parse(iso) - origin) / WEEK_MS);
  const labels = Array.from({ length: weeks }, (_, i) => new Date(origin + i * WEEK_MS).toISOString().slice(0, 10));
  const success = new Array(weeks).fill(0) as number[];
  const failed = new Array(weeks).fill(0) as number[];
  const resolve = reasonResolver(defs);
  const reasonWeeks = new Map<string, number[]>();
  for (const d of repo.deployments(scope, defs.production_environment)) {
    const w = weekOf(d.finishedAt);
    if (w < 0 || w >= weeks) continue;
    if (d.failed) {
      failed[w]++;
      const r = resolve(d.reason);
      if (!reasonWeeks.has(r)) reasonWeeks.set(r, new Array<number>(weeks).fill(0));
      reasonWeeks.get(r)![w]++;
    } else success[w]++;
  }
  const leadsByWeek = Array.from({ length: weeks }, () => [] as number[]);
  for (const l of repo.leadsWithTime(scope)) {
    const w = weekOf(l.at);
    if (w >= 0 && w < weeks) leadsByWeek[w].push(l.hours);
  }
  const windows = windowsReport(deps, { ...query, team: teamKey });
  const cost = costReport(deps, { ...query, team: teamKey });
  const maxCell = Math.max(1, ...windows.heatmap.cells.map((c) => c.deployments));
  const heatRows = WEEKDAYS.map((name, i) => ({
    weekday: name,
    cells: windows.heatmap.cells.slice(i * 24, i * 24 + 24).map((c) => ({
      ...c,
      level: c.deployments === 0 ? 0 : Math.min(5, Math.ceil((c.deployments / maxCell) * 5)),
      // A cell is "in window" when its local start hour is inside one of the windows shown.
      inWindow: windows.windows.some(
        (w) => w.timezone === windows.heatmap.timezone && inLocalWindow(w, c.weekday, c.hour),
      ),
    })),
  }));
  return {
    team: teamKey,
    dora,
    windows,
    cost,
    heat_rows: heatRows,
    charts: {
      weekly: { labels, success, failed, headline: defs.labels.deployment_frequency },
      lead: {
        labels,
        median: leadsByWeek.map((l) =>
          round(
            quantile7(
              [...l].sort((a, b) => a - b),
              0.5,
            ),
            2,
          ),
        ),
        n: leadsByWeek.map((l) => l.length),
        label: defs.labels.lead_time,
      },
      reasons: {
        labels,
        series: [...reasonWeeks].sort((a, b) => sum(b[1]) - sum(a[1])).map(([reason, counts]) => ({ reason, counts })),
      },
      cost: {
        labels: cost.daily.map((d) => d.date),
        cost: cost.daily.map((d) => d.cost),
        idle: cost.daily.map((d) => d.idle_cost),
      },
    },
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Whether a local weekday/hour slot starts inside a window (same zone as the heatmap). */
function inLocalWindow(w: { weekdays: number[]; start: string; end: string }, weekday: number, hour: number): boolean {
  const minutes = hour * 60;
  const start = Number(w.start.slice(0, 2)) * 60 + Number(w.start.slice(3));
  const end = Number(w.end.slice(0, 2)) * 60 + Number(w.end.slice(3));
  if (start < end) return w.weekdays.includes(weekday) && minutes >= start && minutes < end;
  if (minutes >= start) return w.weekdays.includes(weekday);
  return minutes < end && w.weekdays.includes(weekday === 1 ? 7 : weekday - 1);
}
