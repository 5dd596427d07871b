import type { Deps } from '../deps.js';
import { runsRepo } from './runs.repo.js';
import { runState } from './runs.service.js';
import { effectiveThreshold, getSurvey, listSurveys } from './surveys.service.js';
import type { Survey } from './surveys.repo.js';

/** One run as listed for admins: a response count only at or above the survey's threshold. */
export interface RunSummary {
  id: string;
  opensAt: string;
  closesAt: string;
  state: 'scheduled' | 'open' | 'closed';
  trigger: string;
  teams: string[];
  invited: number;
  /** null when 1 ≤ responses < threshold, or when fewer than k were invited ("fewer than k"). */
  responses: number | null;
  suppressed: boolean;
  questionCount: number;
}

/** A survey and its runs, newest first, with privacy-safe response counts. */
export function surveyRunsOverview(
  deps: Deps,
  key: string,
  limit = 100,
): { survey: Survey; threshold: number; runs: RunSummary[] } {
  const { survey } = getSurvey(deps, key);
  const k = effectiveThreshold(deps, survey);
  const repo = runsRepo(deps.db);
  const stats = repo.stats(survey.id);
  const now = deps.now();
  const runs = repo
    .forSurvey(survey.id)
    .slice(0, limit)
    .map((run): RunSummary => {
      const s = stats.get(run.id) ?? { invited: 0, responses: 0 };
      // A run sent to fewer than k people (an event micro-survey to one person) shows no count at
      // all, not even 0: otherwise the list would tell who did not answer.
      const suppressed = s.responses < k && (s.responses > 0 || s.invited < k);
      return {
        id: run.id,
        opensAt: run.opensAt,
        closesAt: run.closesAt,
        state: runState(run, now),
        trigger: run.trigger,
        teams: run.teams,
        invited: s.invited,
        responses: suppressed ? null : s.responses,
        suppressed,
        questionCount: repo.questions(run.id).length,
      };
    });
  return { survey, threshold: k, runs };
}

/** Every survey with its latest runs (the /surveys page). */
export function surveysOverview(deps: Deps, runsPerSurvey = 12) {
  return listSurveys(deps).map((s) => {
    const { runs, threshold } = surveyRunsOverview(deps, s.key, runsPerSurvey);
    return { survey: s, threshold, runs, questionCount: getSurvey(deps, s.key).questions.length };
  });
}
