import { z } from 'zod';
import { invalid, zodDetails } from '../../errors.js';
import { importResponses } from '../../surveys/import.service.js';
import { cancelRun, closeRun, remindRun } from '../../surveys/runs.lifecycle.js';
import { openRun, runLinks } from '../../surveys/runs.service.js';
import { openRunInput } from '../../surveys/surveys.schema.js';
import { getSurvey, listSurveys, presentSurvey, upsertSurvey } from '../../surveys/surveys.service.js';
import { surveyRunsOverview } from '../../surveys/overview.service.js';
import { flatten, sendReport } from '../report-format.js';
import type { RouteDef } from '../route.js';

const param = (value: unknown): string => (typeof value === 'string' ? value : '');

/** JSON API for survey definitions, runs, links and history import. */
export const surveysApi: RouteDef[] = [
  {
    method: 'post',
    path: '/api/v1/surveys',
    policy: 'api:admin',
    summary: 'Upsert survey definitions (survey as code)',
    handler: (req, res, deps) => res.json(upsertSurvey(deps, req.body)),
  },
  {
    method: 'get',
    path: '/api/v1/surveys',
    policy: 'api:read',
    summary: 'List survey definitions',
    handler: (_req, res, deps) =>
      res.json({ surveys: listSurveys(deps).map((s) => presentSurvey(s, getSurvey(deps, s.key).questions)) }),
  },
  {
    method: 'get',
    path: '/api/v1/surveys/:key',
    policy: 'api:read',
    summary: 'One survey definition',
    handler: (req, res, deps) => {
      const { survey, questions } = getSurvey(deps, param(req.params.key));
      res.json(presentSurvey(survey, questions));
    },
  },
  {
    method: 'get',
    path: '/api/v1/surveys/:key/runs',
    policy: 'api:read',
    summary: 'Runs of a survey (counts only at or above the threshold)',
    handler: (req, res, deps) => {
      const overview = surveyRunsOverview(deps, param(req.params.key));
      const report = {
        survey: overview.survey.key,
        threshold: overview.threshold,
        runs: overview.runs.map((r) => ({
          id: r.id,
          opens_at: r.opensAt,
          closes_at: r.closesAt,
          state: r.state,
          trigger: r.trigger,
          teams: r.teams,
          invited: r.invited,
          responses: r.responses,
          rate: r.rate,
          rate_low: r.rateLow,
          not_answered: r.notAnswered,
          suppressed: r.suppressed,
          planned_closes_at: r.plannedClosesAt,
        })),
      };
      sendReport(
        req,
        res,
        report,
        (r) => r.runs.map((run) => flatten({ survey: r.survey, ...run })),
        `${report.survey}-runs`,
      );
    },
  },
  {
    method: 'post',
    path: '/api/v1/surveys/:key/runs',
    policy: 'api:admin',
    summary: 'Open a survey run and invite people',
    handler: (req, res, deps) => {
      const parsed = openRunInput.safeParse(req.body ?? {});
      if (!parsed.success) throw invalid(zodDetails(parsed.error));
      const { runId, invited } = openRun(deps, param(req.params.key), {
        teams: parsed.data.teams,
        opensAt: parsed.data.opens_at,
        closesAt: parsed.data.closes_at,
        trigger: 'manual',
      });
      res.status(201).json({ run_id: runId, invited });
    },
  },
  {
    method: 'get',
    path: '/api/v1/runs/:id/links',
    policy: 'api:admin',
    summary: 'Personal survey links of a run (for e-mail invitations)',
    handler: (req, res, deps) => {
      const id = param(req.params.id);
      sendReport(req, res, runLinks(deps, id), (links) => links, `${id}-links`);
    },
  },
  {
    method: 'post',
    path: '/api/v1/runs/:id/close',
    policy: 'api:admin',
    summary: 'Close an open run now (answers kept; no more answers, invitations or reminders)',
    openapi: {
      response: z.object({
        run_id: z.string(),
        status: z.literal('closed'),
        closed_at: z.string(),
        planned_closes_at: z.string(),
      }),
      errors: { 409: '`run_not_open` (not opened yet: cancel it), `run_closed` or `run_cancelled`' },
    },
    handler: (req, res, deps) => res.json(closeRun(deps, param(req.params.id))),
  },
  {
    method: 'post',
    path: '/api/v1/runs/:id/cancel',
    policy: 'api:admin',
    summary: 'Cancel a run nobody has answered yet (counts in no response rate)',
    openapi: {
      response: z.object({
        run_id: z.string(),
        status: z.literal('cancelled'),
        cancelled_at: z.string(),
        planned_closes_at: z.string(),
      }),
      description: 'Only while nobody has answered; a run with answers is closed instead, so no answer is dropped.',
      errors: { 409: '`run_has_responses`, `run_closed` or `run_cancelled`' },
    },
    handler: (req, res, deps) => res.json(cancelRun(deps, param(req.params.id))),
  },
  {
    method: 'post',
    path: '/api/v1/runs/:id/remind',
    policy: 'api:admin',
    summary: 'Remind those who have not answered an open run now, within the reminder cap',
    openapi: {
      response: z.object({
        run_id: z.string(),
        reminded: z.number().int().nullable().describe("null when the run's participation is hidden (under k)"),
        at_cap: z.number().int().nullable(),
        max_reminders: z.number().int(),
      }),
      description:
        'Slack DMs through the outbox, sent at the next scheduler tick; at most two reminders per person and run, ' +
        'scheduled and by hand together. Skips those who answered. Never says who.',
      errors: { 409: '`slack_off`, `run_not_open`, `run_closed` or `run_cancelled`' },
    },
    handler: (req, res, deps) => res.json(remindRun(deps, param(req.params.id))),
  },
  {
    method: 'post',
    path: '/api/v1/surveys/:key/responses',
    policy: 'api:admin',
    summary: 'Import historical responses',
    handler: (req, res, deps) => res.json(importResponses(deps, param(req.params.key), req.body)),
  },
];
