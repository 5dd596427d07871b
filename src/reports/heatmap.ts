import { isCoreDimension, isSignificantChange, newcombeDifference, wilsonInterval } from '../metrics/survey-stats.js';
import { CORE_DIMENSIONS, DIMENSIONS } from '../surveys/question-bank.js';
import type { QuestionInfo } from './reports.repo.js';
import type { SurveyResults } from '../surveys/results.compose.js';
import type { QuestionResult } from '../surveys/results.present.js';

/**
 * Built-in dimensions shown as heatmap columns: the DevEx core plus satisfaction (all Likert-based).
 * An org's own dimensions (`onboarding`, `security`, …) follow them, see heatmapDimensions.
 */
const HEATMAP_DIMENSIONS = [...CORE_DIMENSIONS, 'satisfaction'] as const;

/** Human labels for dimension tags. */
export const DIMENSION_LABELS: Record<string, string> = {
  feedback_loops: 'Feedback loops',
  cognitive_load: 'Cognitive load',
  flow_state: 'Flow state',
  ease_of_delivery: 'Ease of delivery',
  satisfaction: 'Satisfaction',
};

/**
 * The heatmap's columns: the built-in ones, then every own dimension (a snake_case name outside
 * the built-in seven) that tags a Likert question, by name. Own dimensions never enter the DevEx
 * score (isCoreDimension); they only get their own columns.
 */
export function heatmapDimensions(dimensionOf: Map<string, string>): string[] {
  const builtIn = DIMENSIONS as readonly string[];
  const own = [...new Set(dimensionOf.values())].filter((d) => !builtIn.includes(d)).sort();
  return [...HEATMAP_DIMENSIONS, ...own];
}

/** A dimension's label: the built-in wording, else the name as words ("dev_environment" → "Dev environment"). */
export function dimensionLabel(dimension: string): string {
  const known = DIMENSION_LABELS[dimension];
  if (known) return known;
  const words = dimension.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A dimension's favorability for one group: pooled over its Likert questions. */
export interface DimensionCell {
  dimension: string;
  favorable: number | null;
  /** Wilson interval of the pooled favorable answers. */
  ci95: [number, number] | null;
  n: number;
  questions: number;
  /** The first of its questions (the heatmap cell links to it on the results page). */
  first_question: string | null;
  /** Colour class: fav-strong, fav, neutral, unfav, unfav-strong (blue / grey / orange). */
  class: string;
}

/**
 * Colour class for a favorability (0–1): ≥ 75 % strong blue, ≥ 60 % blue, ≥ 40 % grey,
 * ≥ 25 % orange, below that strong orange. Five steps keep the heatmap readable without colour
 * too, since every cell also prints its value.
 */
function favorabilityClass(favorable: number | null | undefined): string {
  if (favorable === null || favorable === undefined || !Number.isFinite(favorable)) return 'heat-none';
  if (favorable >= 0.75) return 'heat-fav-strong';
  if (favorable >= 0.6) return 'heat-fav';
  if (favorable >= 0.4) return 'heat-neutral';
  if (favorable >= 0.25) return 'heat-unfav';
  return 'heat-unfav-strong';
}

/** Dimension tag of each Likert question key (results may carry it; the question table always does). */
export function likertDimensions(questions: QuestionInfo[]): Map<string, string> {
  return new Map(questions.filter((q) => q.type === 'likert5' && q.dimension).map((q) => [q.key, q.dimension!]));
}

/**
 * A group's favorability per dimension, pooled over its Likert questions (favorable answers ÷
 * answers), with n = answers and the Wilson interval of that pooled share, so the figure always
 * sits inside its interval even when questions rotate and have different n.
 */
export function dimensionCells(
  results: SurveyResults,
  dimensionOf: Map<string, string>,
  columns: readonly string[] = heatmapDimensions(dimensionOf),
): DimensionCell[] {
  const byDim = new Map<string, QuestionResult[]>();
  for (const q of results.questions) {
    const dim = q.dimension ?? dimensionOf.get(q.key);
    if (!dim || !dimensionOf.has(q.key) || typeof q.favorable !== 'number' || !q.n) continue;
    const list = byDim.get(dim) ?? [];
    list.push(q);
    byDim.set(dim, list);
  }
  return columns.map((dimension) => {
    const qs = byDim.get(dimension) ?? [];
    const n = qs.reduce((s, q) => s + q.n, 0);
    const favorableCount = qs.reduce((s, q) => s + (q.favorable as number) * q.n, 0);
    const favorable = n > 0 ? Math.round((favorableCount / n) * 1000) / 1000 : null;
    const ci = wilsonInterval(Math.round(favorableCount), n);
    const ci95: [number, number] | null = ci
      ? [Math.round(ci[0] * 1000) / 1000, Math.round(ci[1] * 1000) / 1000]
      : null;
    return {
      dimension,
      favorable,
      ci95,
      n,
      questions: qs.length,
      first_question: qs[0]?.key ?? null,
      class: favorabilityClass(favorable),
    };
  });
}

/** A DevEx change between two windows: points of pooled core favorability, and whether it is significant. */
export interface DevexChange {
  delta: number;
  ci95: [number, number];
  significant: boolean;
}

/**
 * The change of pooled core-dimension favorability from the previous window to this one, by the
 * Newcombe rule of metrics.md (significant only when both windows are shown, the interval excludes
 * 0 and the change is at least 5 points). It pools the core questions the result's own `changes`
 * compare (answered in both windows, same wording), so it costs no second report. null when
 * either side is hidden or has no such answers.
 */
export function devexChange(now: SurveyResults | undefined, dimensionOf: Map<string, string>): DevexChange | null {
  if (!now || now.suppressed || !now.previous || now.previous.suppressed) return null;
  const byVersion = new Map(now.questions.map((q) => [`${q.key}@${q.version}`, q]));
  let k1 = 0,
    n1 = 0,
    k2 = 0,
    n2 = 0;
  for (const c of now.changes ?? []) {
    const q = byVersion.get(`${c.question}@${c.version}`);
    if (!q || q.type !== 'likert5' || !isCoreDimension(q.dimension ?? dimensionOf.get(q.key))) continue;
    k1 += Math.round(c.previous_favorable * c.previous_n);
    n1 += c.previous_n;
    k2 += (q.distribution['4'] ?? 0) + (q.distribution['5'] ?? 0);
    n2 += q.n;
  }
  const diff = newcombeDifference(k1, n1, k2, n2);
  if (!diff) return null;
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return {
    delta: r(diff.delta),
    ci95: [r(diff.ci95[0]), r(diff.ci95[1])],
    significant: isSignificantChange(diff, true),
  };
}
