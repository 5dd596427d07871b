import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { costReport, type CostReport } from '../delivery/cost.service.js';
import { doraReport, type DoraReport } from '../delivery/dora.service.js';
import { flowReport, type FlowReport } from '../delivery/flow.report.js';
import { thresholdFor } from '../privacy/threshold.js';
import { resultsByTeam, surveyResults, type SurveyResults } from '../surveys/results.service.js';
import { themesReport, type ThemesReport } from '../themes/themes.service.js';

/**
 * The one place the combined reports call into the survey, delivery and themes features. Each
 * part comes back in the type its feature exports, so renaming a field there fails `tsc` here and
 * in every report that reads it.
 */
export interface Span {
  from: string;
  to: string;
}

/** Survey results of one group (or the org when team is null), privacy rules applied by the survey feature. */
export function surveyFor(deps: Deps, survey: string, team: string | null, w: Span): SurveyResults {
  try {
    return surveyResults(deps, survey, { team, from: w.from, to: w.to });
  } catch (err) {
    // A workspace without this survey yet: an empty result, not an error page.
    if (err instanceof AppError && err.status === 404) return emptyResults(deps, survey, team, w);
    throw err;
  }
}

const emptyResults = (deps: Deps, survey: string, team: string | null, w: Span): SurveyResults => ({
  survey,
  team,
  from: w.from,
  to: w.to,
  respondents: 0,
  suppressed: false,
  threshold: thresholdFor(deps.db),
  questions: [],
  devex_score: null,
  changes: [],
});

/** Survey results per team key with complementary suppression applied across siblings. */
export function surveysByTeam(deps: Deps, survey: string, w: Span, teamKeys?: string[]): Map<string, SurveyResults> {
  try {
    return resultsByTeam(deps, survey, { from: w.from, to: w.to, teamKeys });
  } catch (err) {
    if (err instanceof AppError && err.status === 404)
      return new Map((teamKeys ?? []).map((k) => [k, emptyResults(deps, survey, k, w)]));
    throw err;
  }
}

/** DORA report of a team (subtree) or the org. */
export const doraFor = (deps: Deps, team: string | null, w: Span): DoraReport =>
  doraReport(deps, { team: team ?? undefined, from: w.from, to: w.to });

/** Pull-request flow (stages, cycle time, size) of a team (subtree) or the org, by merge time. */
export const flowFor = (deps: Deps, team: string | null, w: Span): FlowReport =>
  flowReport(deps, { team: team ?? undefined, from: w.from, to: w.to });

/** Platform cost report of a team (subtree) or the org. */
export const costFor = (deps: Deps, team: string | null, w: Span): CostReport =>
  costReport(deps, { team: team ?? undefined, from: w.from, to: w.to });

/** Friction themes of a team (subtree) or the org; quotes only for groups at or above the threshold. */
export const themesFor = (deps: Deps, team: string | null, w: Span): ThemesReport =>
  themesReport(deps, { team: team ?? undefined, from: w.from, to: w.to });
