/**
 * Human labels for the keys reports carry (`on_demand`, `elite`, `change_failure_rate`, …). Pages
 * show these; the keys stay in the JSON, the CSV and the definitions page. One map, used by the
 * `label` template helper on every page, so a key reads the same everywhere.
 */
const LABELS: Readonly<Record<string, string>> = {
  // DORA performance tiers, best first.
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  // Deployment frequency classes.
  on_demand: 'On demand',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  yearly: 'Yearly',
  // DORA metrics.
  deployment_frequency: 'Deployment frequency',
  lead_time: 'Lead time for changes',
  change_failure_rate: 'Change failure rate',
  time_to_restore: 'Time to restore service',
  failed_deployment_recovery: 'Failed deployment recovery time',
  // Delivery metrics a theme can be linked to (loop.schema LINKABLE_METRICS).
  lead_time_hours: 'Lead time for changes (median hours)',
  time_to_restore_hours: 'Time to restore service (median hours)',
};

/** The choices of the "linked delivery metric" select: what each figure is and its unit. */
export const LINKABLE_METRIC_LABELS: Readonly<Record<string, string>> = {
  lead_time_hours: 'Lead time for changes (median hours)',
  deployment_frequency: 'Deployment frequency (deployments per week)',
  change_failure_rate: 'Change failure rate (share of deployments)',
  time_to_restore_hours: 'Time to restore service (median hours)',
};

/** How a linkable delivery metric is shown: a share as a percentage, a duration in hours, a rate per week. */
export const METRIC_KIND: Readonly<Record<string, 'pct' | 'hours' | 'per_week'>> = {
  change_failure_rate: 'pct',
  lead_time_hours: 'hours',
  time_to_restore_hours: 'hours',
  deployment_frequency: 'per_week',
};

/** The label of a key; an unknown key reads as words ("some_key" → "Some key"). */
export function humanLabel(key: unknown): string {
  if (typeof key !== 'string' || key === '') return '';
  const known = LABELS[key];
  if (known) return known;
  const words = key.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
