import type { Deps } from '../deps.js';
import type { FormQuestion } from './blocks/survey-modal.js';

/** The survey service functions the Slack bot, scheduler and event rules call (pinned signatures). */
export interface SurveyPort {
  openRun(
    deps: Deps,
    surveyKey: string,
    options: {
      teams?: string[];
      opensAt?: string;
      closesAt?: string;
      trigger?: 'manual' | 'schedule' | 'event';
      personIds?: number[];
    },
  ): { runId: string; invited: number } | Promise<{ runId: string; invited: number }>;
  runForm(deps: Deps, runId: string): RunForm | Promise<RunForm>;
  submitResponse(
    deps: Deps,
    input: { runId: string; personId: number; answers: Record<string, unknown>; source: 'web' | 'slack' | 'event' },
  ): { responseId: number; replaced: boolean } | Promise<{ responseId: number; replaced: boolean }>;
  openRunsForPerson(deps: Deps, personId: number): OpenRunForPerson[] | Promise<OpenRunForPerson[]>;
}

/** What runForm answers (the fields Slack reads). */
export interface RunForm {
  run: { id: string; closesAt?: string; closes_at?: string; opensAt?: string };
  survey: { key: string; name: string; intro?: string | null };
  questions: FormQuestion[];
}

/** One entry of openRunsForPerson (field names tolerated in either case). */
export interface OpenRunForPerson {
  runId?: string;
  id?: string;
  surveyName?: string;
  surveyKey?: string;
  closesAt?: string;
  answered?: boolean;
  survey?: { key?: string; name?: string };
  run?: { id?: string; closesAt?: string };
}

/** Normalises an openRunsForPerson entry. */
export function normaliseOpenRun(r: OpenRunForPerson): {
  runId: string;
  surveyName: string;
  closesAt: string;
  answered: boolean;
} {
  return {
    runId: r.runId ?? r.run?.id ?? r.id ?? '',
    surveyName: r.surveyName ?? r.survey?.name ?? r.surveyKey ?? r.survey?.key ?? 'Pulse',
    closesAt: r.closesAt ?? r.run?.closesAt ?? '',
    answered: Boolean(r.answered),
  };
}
