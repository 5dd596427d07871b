import { coefficientOfVariation } from './dora.js';

/** A deployment window: ISO weekdays (1 = Monday … 7 = Sunday), local HH:MM start (inclusive) and end (exclusive). */
export interface DeploymentWindow {
  weekdays: number[];
  start: string;
  end: string;
  timezone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
/** ISO weekday names, Monday first. */
export const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Local ISO weekday and minutes after midnight of an instant in an IANA zone (DST-correct via Intl). */
export function localParts(
  instant: Date | string,
  timezone: string,
): { weekday: number; minutes: number; hour: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  const parts = f.formatToParts(typeof instant === 'string' ? new Date(instant) : instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const hour = Number(get('hour')) % 24;
  return { weekday: WEEKDAY[get('weekday')] ?? 1, hour, minutes: hour * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * True when the instant falls inside the window in the window's zone. An end before the start is
 * an overnight window: the part after midnight belongs to the weekday it started on.
 */
export function inWindow(instant: Date | string, w: DeploymentWindow): boolean {
  const { weekday, minutes } = localParts(instant, w.timezone);
  const start = toMinutes(w.start);
  const end = toMinutes(w.end);
  if (start < end) return w.weekdays.includes(weekday) && minutes >= start && minutes < end;
  if (minutes >= start) return w.weekdays.includes(weekday);
  const previous = weekday === 1 ? 7 : weekday - 1;
  return minutes < end && w.weekdays.includes(previous);
}

/** Share of deployments inside one of their windows; only deployments that have windows count. */
export function adherence(items: Array<{ finishedAt: string; windows: DeploymentWindow[] }>) {
  const withWindows = items.filter((i) => i.windows.length > 0);
  const inside = withWindows.filter((i) => i.windows.some((w) => inWindow(i.finishedAt, w))).length;
  return { rate: withWindows.length ? inside / withWindows.length : null, inside, n: withWindows.length };
}

/** Coefficient of variation of weekly successful-deployment counts (lower = more predictable). */
export function predictability(weeklyCounts: number[]) {
  const mean = weeklyCounts.length ? weeklyCounts.reduce((a, b) => a + b, 0) / weeklyCounts.length : 0;
  return {
    cv: weeklyCounts.length >= 2 ? coefficientOfVariation(weeklyCounts) : null,
    weeks: weeklyCounts.length,
    mean_per_week: mean,
  };
}

export interface HeatCell {
  weekday: number;
  hour: number;
  deployments: number;
  failed: number;
}

/** Weekday × hour counts of deployments and failures in a zone (7 × 24 cells, Monday first). */
export function heatmap(items: Array<{ finishedAt: string; failed: boolean }>, timezone: string): HeatCell[] {
  const cells: HeatCell[] = [];
  for (let d = 1; d <= 7; d++)
    for (let h = 0; h < 24; h++) cells.push({ weekday: d, hour: h, deployments: 0, failed: 0 });
  for (const i of items) {
    const { weekday, hour } = localParts(i.finishedAt, timezone);
    const cell = cells[(weekday - 1) * 24 + hour];
    cell.deployments++;
    if (i.failed) cell.failed++;
  }
  return cells;
}

/**
 * Suggested window slots: weekday/hour cells with at least `minDeployments`, whose failure rate is
 * at most the overall rate, by most deployments then lowest failure rate. At most `limit`.
 */
export function suggestSlots(cells: HeatCell[], limit = 5, minDeployments = 3) {
  const total = cells.reduce((a, c) => a + c.deployments, 0);
  const failed = cells.reduce((a, c) => a + c.failed, 0);
  const overall = total ? failed / total : 0;
  return cells
    .filter((c) => c.deployments >= minDeployments && c.failed / c.deployments <= overall)
    .sort(
      (a, b) =>
        b.deployments - a.deployments ||
        a.failed / a.deployments - b.failed / b.deployments ||
        a.weekday - b.weekday ||
        a.hour - b.hour,
    )
    .slice(0, limit)
    .map((c) => ({
      ...c,
      day: DAY_NAMES[c.weekday - 1],
      failure_rate: Math.round((c.failed / c.deployments) * 1000) / 1000,
    }));
}
