import type { Deps } from '../deps.js';
import { percentileRank, SPEARMAN_MIN_TEAMS } from '../metrics/survey-stats.js';
import type { DoraReport } from '../delivery/dora.service.js';
import { DIMENSION_LABELS } from './heatmap.js';
import { orgReport } from './org.report.js';
import type { ReportWindow } from './reports.schema.js';
import { doraFor } from './sources.js';

/** Teams a percentile among the org's teams needs, as for the org page's ranks and associations. */
const INTERNAL_MIN_TEAMS = SPEARMAN_MIN_TEAMS;

/** Delivery figures a team is ranked on, and which direction is better. */
const DORA_FIGURES: Array<{
  key: string;
  label: string;
  better: 'higher' | 'lower';
  value: (d: DoraReport) => number | null;
}> = [
  {
    key: 'deployment_frequency',
    label: 'Deployments per week',
    better: 'higher',
    value: (d) => (d.deployment_frequency.deployments > 0 ? d.deployment_frequency.per_week : null),
  },
  { key: 'lead_time', label: 'Median lead time (h)', better: 'lower', value: (d) => d.lead_time_hours.median },
  {
    key: 'change_failure_rate',
    label: 'Change failure rate',
    better: 'lower',
    value: (d) => d.change_failure_rate.rate,
  },
  {
    key: 'time_to_restore',
    label: 'Median time to restore (h)',
    better: 'lower',
    value: (d) => d.time_to_restore_hours.median,
  },
  {
    key: 'failed_deployment_recovery',
    label: 'Median failed deployment recovery (h)',
    better: 'lower',
    value: (d) => d.failed_deployment_recovery_hours.median,
  },
  { key: 'rework_rate', label: 'Deployment rework rate', better: 'lower', value: (d) => d.rework_rate },
];

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A figure's percentile among the org's leaf teams that have it (higher = better: a "lower is
 * better" figure is ranked by its negation), only with at least `INTERNAL_MIN_TEAMS` such teams.
 */
function rank(mine: number | null, values: number[], better: 'higher' | 'lower', applies: string | null) {
  const teams = values.length;
  if (applies) return { percentile: null, teams, reason: applies };
  if (mine === null) return { percentile: null, teams, reason: 'No value for this team in the window.' };
  if (teams < INTERNAL_MIN_TEAMS)
    return {
      percentile: null,
      teams,
      reason: `Needs at least ${INTERNAL_MIN_TEAMS} teams with this figure (${teams} ${teams === 1 ? 'has' : 'have'} it).`,
    };
  const sign = better === 'lower' ? -1 : 1;
  const p = percentileRank(
    values.map((v) => sign * v),
    sign * mine,
  );
  return { percentile: p === null ? null : Math.round(p), teams, reason: null };
}

/**
 * Where a team stands among the org's leaf teams on each survey dimension and each DORA figure
 * (metrics.md → "Internal benchmarks"). Survey dimensions come from the org overview's rows, so
 * the privacy rules decide exactly as there: a hidden team neither shows a value nor counts in
 * anyone's percentile, and a hidden team's own page gets no dimension at all. Delivery figures
 * are about systems, not people, and rank every leaf team that has the figure.
 */
export function internalBenchmark(deps: Deps, key: string, w: ReportWindow, survey: string) {
  const org = orgReport(deps, w, survey);
  const me = org.teams.find((t) => t.key === key);
  const leaves = org.teams.filter((t) => !t.is_group);
  // Groups overlap their children: only a leaf team is ranked among leaf teams.
  const applies = me && !me.is_group ? null : 'Percentiles compare leaf teams; this team is a group of teams.';
  const shown = leaves.filter((t) => !t.suppressed);
  const favorableOf = (t: (typeof leaves)[number], dim: string) => {
    const c = t.dimensions.find((x) => x.dimension === dim);
    return c && c.n > 0 && isNum(c.favorable) ? c.favorable : null;
  };
  const dimensions =
    me && !me.suppressed
      ? org.dimensions.map((d) => {
          const values = shown.map((t) => favorableOf(t, d.key)).filter(isNum);
          const mine = favorableOf(me, d.key);
          return {
            key: d.key,
            label: DIMENSION_LABELS[d.key] ?? d.label,
            value: mine,
            ...rank(mine, values, 'higher', applies),
          };
        })
      : [];
  const doraOf = new Map(leaves.map((t) => [t.key, doraFor(deps, t.key, w)]));
  const mineDora = doraOf.get(key) ?? (me ? doraFor(deps, key, w) : null);
  const dora = DORA_FIGURES.map((f) => {
    const values = [...doraOf.values()].map(f.value).filter(isNum);
    const mine = mineDora ? f.value(mineDora) : null;
    return {
      key: f.key,
      label: f.label,
      better: f.better,
      value: isNum(mine) ? mine : null,
      ...rank(isNum(mine) ? mine : null, values, f.better, applies),
    };
  });
  return {
    min_teams: INTERNAL_MIN_TEAMS,
    teams: leaves.length,
    dimensions,
    dimensions_note: me?.suppressed
      ? 'Hidden: this team’s survey results are hidden in this window, so it is not placed among the teams.'
      : `Favorability per dimension, ranked among the ${shown.length} leaf teams whose survey results are shown (hidden teams neither show nor count).`,
    dora,
    note: `Percentile among the org's leaf teams (higher = better; for times and rates, lower is better), only with at least ${INTERNAL_MIN_TEAMS} teams that have the figure.`,
  };
}
export type InternalBenchmark = ReturnType<typeof internalBenchmark>;
