import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { hiddenReason } from '../../privacy/engine.js';
import { dimensionCells } from '../../reports/heatmap.js';
import type { SegmentFilter } from '../../reports/reports.schema.js';
import { surveyResults } from '../../surveys/results.service.js';

/**
 * The org heatmap pivoted to `<attribute> × dimensions`: one row per value of `by` across the org
 * (under the page's segment filter), its favorability per dimension pooled as the team heatmap
 * pools it. Which rows show is the privacy engine's breakdown decision; a hidden row says why.
 */
export function attributeHeatmap(
  deps: Deps,
  options: {
    survey: string;
    window: { from: string; to: string };
    segments: SegmentFilter;
    by: string;
    columns: string[];
  },
) {
  let results;
  try {
    results = surveyResults(deps, options.survey, {
      from: options.window.from,
      to: options.window.to,
      segments: options.segments,
      by: options.by,
    });
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return { by: options.by, rows: [] };
    throw err;
  }
  const groups = results.breakdown?.groups ?? [];
  const dimensionOf = new Map<string, string>();
  for (const g of groups)
    for (const q of g.questions) if (q.type === 'likert5' && q.dimension) dimensionOf.set(q.key, q.dimension);
  return {
    by: options.by,
    rows: groups.map((g) =>
      g.suppressed
        ? {
            value: g.value,
            suppressed: true,
            reason: hiddenReason(g.suppressed_reason ?? 'below_threshold', results.threshold),
          }
        : {
            value: g.value,
            suppressed: false,
            respondents: g.respondents,
            devexScore: g.devex_score,
            dimensions: dimensionCells({ ...results, questions: g.questions }, dimensionOf, options.columns),
          },
    ),
  };
}
