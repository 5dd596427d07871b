import { submitResponse } from '../surveys/responses.service.js';
import { openRun, openRunsForPerson, runForm } from '../surveys/runs.service.js';
import type { SurveyPort } from './survey-port.js';

/** The real survey service, as the Slack bot, scheduler and event rules call it. */
export const surveyService: SurveyPort = { openRun, runForm, submitResponse, openRunsForPerson };
