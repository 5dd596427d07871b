import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { hiddenReason } from '../../privacy/engine.js';
import type { SegmentFilter } from '../../reports/reports.schema.js';
import { surveyResults } from '../../surveys/results.service.js';
import type { SegmentBarView } from '../segment-bar.js';

/** A team page's breakdown by one reportable attribute, as the page and its chart show it. */
export interface BreakdownView {
  by: string | null;
  /** The reportable keys to choose from, with the chosen one marked. */
  keys: Array<{ key: string; label: string; selected: boolean }>;
  /** Query parameters the "break down by" form carries along (window, segments, exact). */
  hidden: Array<{ name: string; value: string }>;
  action: string;
  questions: Array<{ key: string; text: string }>;
  groups: Array<{
    value: string;
    suppressed: boolean;
    /** Why a hidden group is hidden (privacy engine text); never a count. */
    reason: string | null;
    respondents: number | null;
    devexScore: number | null;
    favorable: Array<number | null>;
  }>;
  chart: { labels: string[]; values: number[]; unit: string; min: number; max: number } | null;
}

/**
 * The breakdown of a team's survey results by `by` (one reportable attribute key), decided by the
 * privacy engine (`surveyResults` with `by`): hidden groups say why and carry no figure. The chart
 * draws the DevEx score of the shown groups; the table beside it has each Likert question.
 */
export function breakdownView(
  deps: Deps,
  options: {
    survey: string;
    team: string | null;
    window: { from: string; to: string };
    segments: SegmentFilter;
    by: string | null;
    bar: SegmentBarView;
    action: string;
  },
): BreakdownView {
  const keys = options.bar.keys.map((k) => ({ key: k.key, label: k.label, selected: k.key === options.by }));
  const hidden = [
    ...options.bar.hidden.filter((h) => h.name !== 'by'),
    ...options.segments.flatMap((c) => c.values.map((v) => ({ name: 'segment', value: `${c.key}:${v}` }))),
  ];
  const empty: BreakdownView = {
    by: options.by,
    keys,
    hidden,
    action: options.action,
    questions: [],
    groups: [],
    chart: null,
  };
  if (!options.by) return empty;
  let results;
  try {
    results = surveyResults(deps, options.survey, {
      team: options.team,
      from: options.window.from,
      to: options.window.to,
      segments: options.segments,
      by: options.by,
    });
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return empty;
    throw err;
  }
  const groups = results.breakdown?.groups ?? [];
  const likert = new Map<string, string>();
  for (const g of groups)
    for (const q of g.questions) if (q.type === 'likert5' && q.n > 0 && !likert.has(q.key)) likert.set(q.key, q.text);
  const questions = [...likert].map(([key, text]) => ({ key, text }));
  const rows = groups.map((g) => ({
    value: g.value,
    suppressed: g.suppressed,
    reason: g.suppressed ? hiddenReason(g.suppressed_reason ?? 'below_threshold', results.threshold) : null,
    respondents: g.suppressed ? null : g.respondents,
    devexScore: g.suppressed ? null : g.devex_score,
    favorable: questions.map((q) =>
      g.suppressed ? null : (g.questions.find((x) => x.key === q.key)?.favorable ?? null),
    ),
  }));
  const shown = rows.filter((r) => !r.suppressed && r.devexScore !== null);
  return {
    ...empty,
    questions,
    groups: rows,
    chart: shown.length
      ? {
          labels: shown.map((r) => r.value),
          values: shown.map((r) => r.devexScore!),
          unit: 'DevEx score (0–100)',
          min: 0,
          max: 100,
        }
      : null,
  };
}
