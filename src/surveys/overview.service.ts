import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { runsRepo, type Run } from './runs.repo.js';
import { refreshRunStates, runParticipation, type RunParticipation } from './runs.participation.js';
import type { RunStatus } from './runs.service.js';
import { effectiveThreshold, getSurvey, listSurveys } from './surveys.service.js';
import type { Survey } from './surveys.repo.js';

/** One run as listed on /surveys: whole-org participation, counts only where the privacy rules allow. */
export interface RunSummary {
  id: string;
  opensAt: string;
  closesAt: string;
  state: RunStatus;
  trigger: string;
  teams: string[];
  invited: number;
  /** null when the run's answers are hidden (1 ≤ answered < k, or fewer than k invited): "fewer than k". */
  responses: number | null;
  rate: number | null;
  rateLow: boolean;
  /** Open runs: how many have not answered yet (never who). */
  notAnswered: number | null;
  suppressed: boolean;
  plannedClosesAt: string | null;
  questionCount: number;
}

const summary = (run: Run, p: RunParticipation, questionCount: number): RunSummary => ({
  id: run.id,
  opensAt: run.opensAt,
  closesAt: run.closesAt,
  state: p.status,
  trigger: run.trigger,
  teams: run.teams,
  invited: p.invited,
  responses: p.answered,
  rate: p.rate,
  rateLow: p.rate_low,
  notAnswered: p.not_answered,
  suppressed: p.suppressed,
  plannedClosesAt: p.planned_closes_at,
  questionCount,
});

/** A survey and its runs, newest first, with privacy-safe participation (the same figures results show per run). */
export function surveyRunsOverview(
  deps: Deps,
  key: string,
  limit = 100,
): { survey: Survey; threshold: number; runs: RunSummary[] } {
  const { survey } = getSurvey(deps, key);
  const k = effectiveThreshold(deps, survey);
  const repo = runsRepo(deps.db);
  const runs = repo.forSurvey(survey.id).slice(0, limit);
  const now = deps.now();
  const { runs: participation } = runParticipation(deps.db, runs, directoryRepo(deps.db).teams(), k, now)(null);
  refreshRunStates(participation, now);
  return {
    survey,
    threshold: k,
    runs: runs.map((run, i) => summary(run, participation[i], repo.questions(run.id).length)),
  };
}

/** Every survey with its latest runs (the /surveys page). */
export function surveysOverview(deps: Deps, runsPerSurvey = 12) {
  return listSurveys(deps).map((s) => {
    const { runs, threshold } = surveyRunsOverview(deps, s.key, runsPerSurvey);
    return { survey: s, threshold, runs, questionCount: getSurvey(deps, s.key).questions.length };
  });
}
