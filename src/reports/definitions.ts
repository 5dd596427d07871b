import { RESULT_DEFINITIONS } from '../surveys/results.definitions.js';

/** Definitions of the figures the combined reports add (metrics.md), shown one click away on each page. */
const REPORT_DEFINITIONS = {
  ...RESULT_DEFINITIONS,
  dimension:
    'Favorability of a dimension: favorable answers ÷ answers over its 1–5 questions (pooled), with the Wilson interval of that share; n = answers.',
  devex_interval:
    '95 % interval of the DevEx score: the Wilson interval of the pooled favorable answers to the core-dimension items, × 100.',
  trend:
    'The window cut into four periods of equal length (team page), or into periods of about a month each, at least three (leadership page). Hidden periods show no figure.',
  halves:
    'Changes between the first and the second half of the window, by the same Newcombe rule as changes between windows.',
  percentile_rank:
    'Percentile rank among the shown leaf teams: (teams below + ½ · teams equal) ÷ teams × 100; higher is better (for lead time, shorter is better). Only with at least 10 teams.',
  association:
    'Spearman ρ across shown leaf teams with both values in the window, 95 % interval tanh(atanh ρ ± 1.96·√(1.06/(n−3))). Only with at least 10 teams. An association, never a cause.',
  dora: 'Delivery metrics and tiers as defined on the delivery definitions page (/delivery/definitions). Tiers are context, never targets.',
  capacity_lost:
    'Median hours lost per developer per week × active developers × loaded hourly cost × weeks; the band uses the 25th and 75th percentile of the answers. Hours come only from groups shown in survey results. Capacity, not cash.',
  attribution:
    'Capacity lost × the theme’s share of friction-comment mentions (a theme’s respondents ÷ the sum over themes). An estimate.',
  drivers:
    'Key drivers: Spearman ρ between each Likert or 0–10 item and the outcome item within the same response (ties get average ranks; “not applicable” and skipped items left out pairwise), 95 % interval tanh(atanh ρ ± 1.96/√(n−3)), n = responses that answered both (at least 30). Favorable = Likert 4–5, or 9–10 for a 0–10 item. “Look first”: below the median favorability and above the median ρ. Only for groups at or above the anonymity threshold. An association, never a cause.',
  by_owner:
    'Who can fix each friction theme (set in the taxonomy): the platform, shared with others, or others. Shares add up the shown themes’ mentions by owner; the capacity cost adds up the per-theme attribution the same way. The platform claims only its own line.',
  platform_cost:
    'Cost, idle cost = cost × (1 − utilization), never negative, and cost ÷ successful production deployments, per team.',
} as const;

/** The definitions behind a page's figures, with the anchors its labels link to. */
export const definitionsFor = (keys: Array<keyof typeof REPORT_DEFINITIONS>) =>
  keys.map((key) => ({ key, anchor: `def-${key}`, text: REPORT_DEFINITIONS[key] }));
