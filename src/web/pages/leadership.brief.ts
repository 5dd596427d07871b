import type { LeadershipReport } from '../../reports/leadership.report.js';
import { DAY_MS } from '../../units.js';

/**
 * What the one-page leadership brief shows, worded for the page: three headline figures with
 * their change against the previous window, the top three friction themes with status and owner,
 * the delivery summary, one block of quotes, and the chart data (score axis fixed at 0–100).
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const money = (v: number | null | undefined) =>
  isNum(v) ? v.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }) : '–';
const hours = (v: number | null | undefined) => (isNum(v) ? `${v.toFixed(v < 10 ? 1 : 0)} h` : '–');
const pct = (v: number | null | undefined) => (isNum(v) ? `${Math.round(v * 100)}%` : '–');
const sign = (v: number) => (v > 0 ? '+' : v < 0 ? '−' : '±');
/** "8 Sep" — the first day of a trend period, as the chart's axis shows it. */
const dayMonth = (iso: string) => {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
};
/** Change of an amount: "+12% vs previous 90 days (was $1,200)". */
function amountChange(now: number | null | undefined, before: number | null | undefined, label: string, was: string) {
  if (!isNum(now) || !isNum(before)) return `no figure for the ${label}`;
  if (before === 0) return `was ${was} in the ${label}`;
  const rel = (now - before) / before;
  return `${sign(rel)}${Math.abs(Math.round(rel * 100))}% vs ${label} (was ${was})`;
}

export function leadershipBrief(r: LeadershipReport) {
  const days = Math.round((Date.parse(r.to) - Date.parse(r.from)) / DAY_MS);
  const label = `previous ${days} days`;
  const cap = r.value.capacity_lost.cost;
  const capBefore = r.value.previous_capacity_cost;
  const change = r.devex.change;
  const headline = [
    {
      key: 'devex',
      label: 'DevEx score',
      definition: 'def-devex_score',
      value: isNum(r.devex.score) ? r.devex.score.toFixed(0) : null,
      scale: 'of 100',
      note: r.devex.ci95
        ? `95% CI ${r.devex.ci95[0].toFixed(0)}–${r.devex.ci95[1].toFixed(0)} · n = ${r.devex.respondents}`
        : null,
      change:
        change && isNum(change.delta_points)
          ? `${sign(change.delta_points)}${Math.abs(change.delta_points).toFixed(0)} pts vs ${label} · ${change.significant ? 'significant' : 'not significant'}`
          : `no comparable score for the ${label}`,
      tone: change?.significant ? ((change.delta_points ?? 0) < 0 ? 'down' : 'up') : 'flat',
      missing: 'Not enough respondents to show a score',
    },
    {
      key: 'capacity',
      label: 'Capacity lost to friction',
      definition: 'def-capacity_lost',
      value: cap ? money(cap.estimate) : null,
      scale: null,
      note: cap
        ? `capacity, not cash · band ${money(cap.low)}–${money(cap.high)} over ${r.value.capacity_lost.weeks} weeks`
        : null,
      change: amountChange(cap?.estimate, capBefore?.estimate, label, money(capBefore?.estimate)),
      tone: 'flat',
      missing: 'No hours-lost answers from groups large enough',
    },
    {
      key: 'cost',
      label: 'Platform cost',
      definition: 'def-platform_cost',
      value: isNum(r.cost.total) ? money(r.cost.total) : null,
      scale: null,
      note: isNum(r.cost.total)
        ? `idle ${money(r.cost.idle_cost)}${r.cost.total > 0 && isNum(r.cost.idle_cost) ? ` (${pct(r.cost.idle_cost / r.cost.total)})` : ''}`
        : null,
      change: amountChange(r.cost.total, r.cost.previous_total, label, money(r.cost.previous_total)),
      tone: 'flat',
      missing: 'No platform cost data in this window',
    },
  ];
  const themes = r.themes.top.slice(0, 3).map((t) => ({
    key: t.key,
    label: t.label,
    share: t.share,
    respondents: t.respondents,
    change:
      isNum(t.share) && isNum(t.previous_share)
        ? `${sign(t.share - t.previous_share)}${Math.abs(Math.round((t.share - t.previous_share) * 100))} pts`
        : 'new',
    status: t.status ?? 'new',
    owner: t.owner,
    status_owner: t.status_owner,
    capacity_cost: t.capacity_cost,
  }));
  const h = r.dora.headline;
  const hp = r.dora.previous;
  const delivery = [
    { label: 'Median lead time', value: hours(h.lead_time_median_hours), was: hours(hp.lead_time_median_hours) },
    { label: 'Change failure rate', value: pct(h.change_failure_rate), was: pct(hp.change_failure_rate) },
    { label: 'Deployments', value: String(h.deployments), was: String(hp.deployments) },
  ];
  const charts = {
    devex: {
      labels: r.devex.trend.map((p) => dayMonth(p.from)),
      series: [
        {
          label: 'DevEx score',
          values: r.devex.trend.map((p) => p.devex_score),
          low: r.devex.trend.map((p) => p.ci95?.[0] ?? null),
          high: r.devex.trend.map((p) => p.ci95?.[1] ?? null),
        },
      ],
      unit: 'score (0–100)',
      // The whole scale: a two-point wobble should look like one.
      min: 0,
      max: 100,
    },
    dora: {
      labels: r.dora.trend.map((p) => dayMonth(p.from)),
      series: [
        {
          label: 'Median lead time (h)',
          values: r.dora.trend.map((p) => p.lead_time_median_hours),
          low: [],
          high: [],
        },
      ],
      unit: 'hours',
      min: 0,
    },
  };
  return { headline, themes, delivery, previousLabel: label, quotes: r.quotes, charts };
}
