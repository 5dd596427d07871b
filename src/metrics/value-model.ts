import { quantileSorted } from './survey-stats.js';

/** The label every capacity figure carries: hours are capacity the org loses, not money it spends. */
export const CAPACITY_LABEL = 'capacity, not cash';
/** The label on every per-theme attribution. */
export const ATTRIBUTION_LABEL = 'estimate';

/** The editable inputs of the value model (stored as a setting, shown next to every figure). */
export interface ValueAssumptions {
  /** Loaded cost of one developer hour (salary, benefits, overhead). */
  hourlyCost: number;
  currency: string;
  /** Weeks the period counts; null = the window's own length in weeks. */
  weeks: number | null;
  /** Survey and question whose answers give the hours lost per developer per week. */
  survey: string;
  question: string;
}

export const DEFAULT_ASSUMPTIONS: ValueAssumptions = {
  hourlyCost: 100,
  currency: 'USD',
  weeks: null,
  survey: 'pulse',
  question: 'hours_lost',
};

/** A point estimate with its low/high band. */
export interface Band {
  estimate: number;
  low: number;
  high: number;
}

export interface CapacityInputs {
  /** Hours lost per developer per week, one number per answer (bucket midpoints), from groups ≥ k only. */
  hours: number[];
  /** Active developers the per-developer figure is scaled to. */
  activeDevelopers: number;
  /** Length of the window in days (used when the weeks assumption is null). */
  windowDays: number;
}

export interface CapacityResult {
  label: typeof CAPACITY_LABEL;
  n: number;
  hours_per_developer_week: { median: number; p25: number; p75: number } | null;
  active_developers: number;
  weeks: number;
  hourly_cost: number;
  currency: string;
  hours: Band | null;
  cost: Band | null;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Weeks the model multiplies by: the configured number, else the window length (days ÷ 7). */
export function modelWeeks(assumptions: ValueAssumptions, windowDays: number): number {
  return assumptions.weeks ?? round(windowDays / 7, 2);
}

/**
 * Capacity lost in the period = median hours lost per developer per week × active developers ×
 * weeks (and × loaded hourly cost for the money-denominated figure); the band uses the 25th and
 * 75th percentile of the answers (type 7 quantiles). No answers → null figures.
 */
export function capacityLost(inputs: CapacityInputs, assumptions: ValueAssumptions): CapacityResult {
  const weeks = modelWeeks(assumptions, inputs.windowDays);
  const base = {
    label: CAPACITY_LABEL,
    n: inputs.hours.length,
    active_developers: inputs.activeDevelopers,
    weeks,
    hourly_cost: assumptions.hourlyCost,
    currency: assumptions.currency,
  } as const;
  if (inputs.hours.length === 0) return { ...base, hours_per_developer_week: null, hours: null, cost: null };
  const sorted = [...inputs.hours].sort((a, b) => a - b);
  // Non-empty input: type-7 quantiles are always numbers here.
  const perDev = {
    median: quantileSorted(sorted, 0.5) as number,
    p25: quantileSorted(sorted, 0.25) as number,
    p75: quantileSorted(sorted, 0.75) as number,
  };
  const scale = inputs.activeDevelopers * weeks;
  const hours: Band = {
    estimate: round(perDev.median * scale, 1),
    low: round(perDev.p25 * scale, 1),
    high: round(perDev.p75 * scale, 1),
  };
  const cost: Band = {
    estimate: round(perDev.median * scale * assumptions.hourlyCost, 0),
    low: round(perDev.p25 * scale * assumptions.hourlyCost, 0),
    high: round(perDev.p75 * scale * assumptions.hourlyCost, 0),
  };
  return {
    ...base,
    hours_per_developer_week: { median: round(perDev.median), p25: round(perDev.p25), p75: round(perDev.p75) },
    hours,
    cost,
  };
}

export interface ThemeMentions {
  key: string;
  label: string;
  /** Distinct respondents mentioning the theme. */
  respondents: number;
}

export interface ThemeAttribution {
  key: string;
  label: string;
  /** The theme's share of all theme mentions in friction comments (sums to 1 over themes). */
  share_of_mentions: number;
  hours: Band | null;
  cost: Band | null;
  basis: typeof ATTRIBUTION_LABEL;
}

/**
 * Splits the capacity lost across themes in proportion to their share of friction-comment
 * mentions (a theme's respondents ÷ the sum over themes, since comments can carry several
 * themes). An estimate: comments say where it hurts, not how many hours each cause takes.
 */
export function attributeToThemes(
  capacity: Pick<CapacityResult, 'hours' | 'cost'>,
  themes: ThemeMentions[],
): ThemeAttribution[] {
  const total = themes.reduce((s, t) => s + Math.max(0, t.respondents), 0);
  const part = (band: Band | null, share: number, digits: number): Band | null =>
    band
      ? {
          estimate: round(band.estimate * share, digits),
          low: round(band.low * share, digits),
          high: round(band.high * share, digits),
        }
      : null;
  return themes
    .filter((t) => t.respondents > 0 && total > 0)
    .map((t): ThemeAttribution => {
      const share = t.respondents / total;
      return {
        key: t.key,
        label: t.label,
        share_of_mentions: round(share, 4),
        hours: part(capacity.hours, share, 1),
        cost: part(capacity.cost, share, 0),
        basis: ATTRIBUTION_LABEL,
      };
    })
    .sort((a, b) => b.share_of_mentions - a.share_of_mentions);
}

/** Cost per successful deployment, or null when there were none. */
export const costPerDeployment = (cost: number, successfulDeployments: number): number | null =>
  successfulDeployments > 0 ? round(cost / successfulDeployments, 2) : null;
