/**
 * Performance tiers per metric for a named State of DevOps report year. Tiers are context, never
 * targets. The thresholds turn each report's cluster table into upper bounds:
 *
 * - 2024: Accelerate State of DevOps Report 2024 (DORA / Google Cloud), "Software delivery
 *   performance levels": deployment frequency elite on demand, high daily–weekly, medium
 *   weekly–monthly, low monthly–6-monthly; lead time elite < 1 day, high 1 day–1 week, medium
 *   1 week–1 month, low 1–6 months; change failure rate elite 5 %, high 20 %, medium 10 %, low
 *   40 %; failed deployment recovery elite < 1 hour, high < 1 day, medium < 1 day, low 1 week–1 month.
 * - 2023: Accelerate State of DevOps Report 2023, same table: change failure rate elite 5 %, high
 *   10 %, medium 15 %, low 64 %; recovery elite < 1 hour, high < 1 day, medium 1 day–1 week,
 *   low 1–6 months; frequency and lead time as 2024.
 * - 2022: Accelerate State of DevOps Report 2022 (three clusters, no elite): frequency high on
 *   demand, medium weekly–monthly, low monthly–6-monthly; lead time high 1 day–1 week, medium
 *   1 week–6 months, low 1–6 months; change failure rate high 0–15 %, medium 16–30 %, low
 *   46–60 %; time to restore high < 1 day, medium 1 day–1 week, low 1 week–1 month.
 *
 * Change failure rates are not monotonic across the clusters of 2024 (high 20 % is worse than
 * medium 10 %), so a rate is given the tier whose reported value is nearest (bounds at midpoints).
 * Where two tiers share a bound (2024 high and medium recovery "< 1 day") the lower tier takes
 * the gap up to the next tier's lower bound (1 week).
 *
 * No tier from fewer than `MIN_TIER_EVENTS` events: a median of three incidents or a frequency
 * class from four deployments says little about a team, so such a metric is left unrated (null)
 * and named in `too_few`, which pages show as "too few to rate (n < 5)".
 */
export type Tier = 'elite' | 'high' | 'medium' | 'low';
export type FrequencyClass = 'on_demand' | 'daily' | 'weekly' | 'monthly' | 'yearly';

interface YearTable {
  frequency: Record<FrequencyClass, Tier>;
  /** Ordered [upper bound (exclusive), tier]; values at or above the last bound get `else`. */
  leadHours: Array<[number, Tier]>;
  leadElse: Tier;
  failureRate: Array<[number, Tier]>;
  failureElse: Tier;
  restoreHours: Array<[number, Tier]>;
  restoreElse: Tier;
}

const TIER_TABLES: Record<number, YearTable> = {
  2024: {
    frequency: { on_demand: 'elite', daily: 'high', weekly: 'high', monthly: 'medium', yearly: 'low' },
    leadHours: [
      [24, 'elite'],
      [168, 'high'],
      [720, 'medium'],
    ],
    leadElse: 'low',
    failureRate: [
      [0.075, 'elite'],
      [0.15, 'medium'],
      [0.3, 'high'],
    ],
    failureElse: 'low',
    restoreHours: [
      [1, 'elite'],
      [24, 'high'],
      [168, 'medium'],
    ],
    restoreElse: 'low',
  },
  2023: {
    frequency: { on_demand: 'elite', daily: 'high', weekly: 'high', monthly: 'medium', yearly: 'low' },
    leadHours: [
      [24, 'elite'],
      [168, 'high'],
      [720, 'medium'],
    ],
    leadElse: 'low',
    failureRate: [
      [0.075, 'elite'],
      [0.125, 'high'],
      [0.395, 'medium'],
    ],
    failureElse: 'low',
    restoreHours: [
      [1, 'elite'],
      [24, 'high'],
      [168, 'medium'],
    ],
    restoreElse: 'low',
  },
  2022: {
    frequency: { on_demand: 'high', daily: 'high', weekly: 'medium', monthly: 'medium', yearly: 'low' },
    leadHours: [
      [168, 'high'],
      [4320, 'medium'],
    ],
    leadElse: 'low',
    failureRate: [
      [0.155, 'high'],
      [0.38, 'medium'],
    ],
    failureElse: 'low',
    restoreHours: [
      [24, 'high'],
      [168, 'medium'],
    ],
    restoreElse: 'low',
  },
};

const band = (value: number | null, bounds: Array<[number, Tier]>, otherwise: Tier): Tier | null => {
  if (value === null || !Number.isFinite(value)) return null;
  for (const [bound, tier] of bounds) if (value < bound) return tier;
  return otherwise;
};

/** The fewest events a tier is computed from (deployments, lead-time commits, incidents). */
export const MIN_TIER_EVENTS = 5;

export type TierMetric =
  'deployment_frequency' | 'lead_time' | 'change_failure_rate' | 'time_to_restore' | 'failed_deployment_recovery';

export interface TierInputs {
  frequencyClass: FrequencyClass | null;
  leadTimeMedianHours: number | null;
  changeFailureRate: number | null;
  timeToRestoreMedianHours: number | null;
  failedDeploymentRecoveryMedianHours: number | null;
  /** The events behind each figure: a tier needs at least `MIN_TIER_EVENTS` of them. */
  n: {
    /** Deployments counted for the frequency class (the headline count). */
    deployments: number;
    /** Commits with a lead time. */
    leadTimeCommits: number;
    /** Deployments in the change failure rate's denominator. */
    changeFailureDeployments: number;
    /** Resolved incidents. */
    incidents: number;
    /** Resolved incidents caused by a deployment. */
    failedDeploymentIncidents: number;
  };
}

/**
 * The tier of each metric for a report year: null where the metric has no data or fewer than
 * `MIN_TIER_EVENTS` events; `too_few` names the metrics left unrated for that second reason.
 */
export function doraTiers(year: number, m: TierInputs) {
  const t = TIER_TABLES[year] ?? TIER_TABLES[2024];
  const tooFew: TierMetric[] = [];
  const rate = (metric: TierMetric, n: number, tier: Tier | null): Tier | null => {
    if (tier === null) return null;
    if (n < MIN_TIER_EVENTS) {
      tooFew.push(metric);
      return null;
    }
    return tier;
  };
  return {
    year: TIER_TABLES[year] ? year : 2024,
    deployment_frequency: rate(
      'deployment_frequency',
      m.n.deployments,
      m.frequencyClass ? t.frequency[m.frequencyClass] : null,
    ),
    lead_time: rate('lead_time', m.n.leadTimeCommits, band(m.leadTimeMedianHours, t.leadHours, t.leadElse)),
    change_failure_rate: rate(
      'change_failure_rate',
      m.n.changeFailureDeployments,
      band(m.changeFailureRate, t.failureRate, t.failureElse),
    ),
    time_to_restore: rate(
      'time_to_restore',
      m.n.incidents,
      band(m.timeToRestoreMedianHours, t.restoreHours, t.restoreElse),
    ),
    failed_deployment_recovery: rate(
      'failed_deployment_recovery',
      m.n.failedDeploymentIncidents,
      band(m.failedDeploymentRecoveryMedianHours, t.restoreHours, t.restoreElse),
    ),
    too_few: tooFew,
  };
}

const TIER_ORDER: Tier[] = ['elite', 'high', 'medium', 'low'];

function hoursText(h: number): string {
  if (h < 24) return `${h} h`;
  if (h % 168 === 0) return h === 168 ? '1 week' : `${h / 168} weeks`;
  return h === 24 ? '1 day' : `${h / 24} days`;
}
const pctText = (r: number) => `${Number((r * 100).toFixed(1))} %`;

/** Each tier's range for bounds as `band` applies them: "under 1 day", "1 day to under 1 week", "1 month or more". */
function ranges(bounds: Array<[number, Tier]>, otherwise: Tier, text: (v: number) => string): Map<Tier, string> {
  const out = new Map<Tier, string>();
  let lower: number | null = null;
  for (const [bound, tier] of bounds) {
    out.set(tier, lower === null ? `under ${text(bound)}` : `${text(lower)} to under ${text(bound)}`);
    lower = bound;
  }
  out.set(otherwise, lower === null ? 'any' : `${text(lower)} or more`);
  return out;
}

/**
 * The thresholds of a report year as people read them, one row per metric with the range of each
 * tier (null where the year has no such tier, e.g. no elite in 2022): what the definitions page shows.
 */
export function tierThresholds(year: number) {
  const t = TIER_TABLES[year] ?? TIER_TABLES[2024];
  const freq = new Map<Tier, string>();
  for (const [cls, tier] of Object.entries(t.frequency) as Array<[FrequencyClass, Tier]>) {
    const name = cls.replace('_', ' ');
    freq.set(tier, freq.has(tier) ? `${freq.get(tier)}, ${name}` : name);
  }
  const rows: Array<[TierMetric, Map<Tier, string>]> = [
    ['deployment_frequency', freq],
    ['lead_time', ranges(t.leadHours, t.leadElse, hoursText)],
    ['change_failure_rate', ranges(t.failureRate, t.failureElse, pctText)],
    ['time_to_restore', ranges(t.restoreHours, t.restoreElse, hoursText)],
    ['failed_deployment_recovery', ranges(t.restoreHours, t.restoreElse, hoursText)],
  ];
  return {
    year: TIER_TABLES[year] ? year : 2024,
    min_events: MIN_TIER_EVENTS,
    tiers: TIER_ORDER,
    rows: rows.map(([metric, m]) => ({
      metric,
      ranges: TIER_ORDER.map((tier) => ({ tier, range: m.get(tier) ?? null })),
    })),
    /** Whether a year's change failure rates rise from elite to low (not so in 2024: high 20 %, medium 10 %). */
    failure_rates_in_order: t.failureRate.every(
      ([, tier], i, all) => i === 0 || TIER_ORDER.indexOf(tier) > TIER_ORDER.indexOf(all[i - 1][1]),
    ),
  };
}
