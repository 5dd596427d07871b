import { z } from 'zod';
import { definitionsInput } from '../../delivery/definitions.schema.js';
import { costInput, deploymentInput, incidentInput } from '../../delivery/delivery.schema.js';
import { githubDeploymentPayload, githubPushPayload } from '../../delivery/github.schema.js';
import { windowInput } from '../../delivery/windows.schema.js';
import { personInput, serviceInput, teamInput } from '../../directory/directory.schema.js';
import { eventInput, eventRuleInput } from '../../events/events.schema.js';
import { loopUpdateInput } from '../../loop/loop.schema.js';
import { assumptionsInput } from '../../reports/reports.schema.js';
import { responseImportItem } from '../../surveys/responses.schema.js';
import { openRunInput, surveyInput } from '../../surveys/surveys.schema.js';
import { taxonomyInput } from '../../themes/themes.schema.js';
import type { OperationDoc } from './operation.js';
import * as r from './responses.js';

const when = (what: string) =>
  z.string().optional().describe(`${what}: an ISO date (2026-03-02) or instant with a zone (2026-03-02T14:00:00Z)`);
const from = when('Window start, inclusive');
const to = when('Window end, exclusive');
const team = z.string().optional().describe('A team key; a parent team covers its whole subtree. Absent: the org');
const service = z.string().optional().describe('A service name');

const exact = z
  .enum(['1'])
  .optional()
  .describe(
    'Admin sessions only: `1` counts survey figures over the exact window instead of whole UTC weeks ' +
      '(tokens always get the exact window; ignored for everyone else)',
  );
/** `from`/`to` of the combined reports: default the 90 days up to the next whole hour. */
const windowQuery = z.object({ from, to });
const surveyWindowQuery = z.object({ from, to, exact });
const teamWindowQuery = z.object({ team, from, to, exact });
const deliveryQuery = z.object({ team, service, from, to });
const segment = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .describe(
    'Segment filter `<attribute key>:<value>`, repeatable: values of one key are OR, different keys AND ' +
      '(`tenure` is `<6m`, `6-12m`, `1-2y`, `2-5y` or `5y+`). Only reportable keys; otherwise 422 naming `segment`',
  );
const by = z
  .string()
  .optional()
  .describe(
    'Breakdown by one reportable attribute key: adds `breakdown: {by, groups}` (privacy rules across the groups)',
  );
const segmentQuery = surveyWindowQuery.extend({ segment });
const segmentTeamQuery = teamWindowQuery.extend({ segment });
const breakdownQuery = teamWindowQuery.extend({ segment, by });

/**
 * Documentation of every JSON route, keyed by `METHOD path` exactly as in the route table. A route
 * may instead carry its own `openapi` field; test/web/openapi.test.ts fails when a /api/v1 route or
 * webhook has neither, or when a key here names no route.
 */
export const operationDocs: Record<string, OperationDoc> = {
  // directory
  'POST /api/v1/teams': { body: teamInput, batch: 'teams', response: r.batchResult },
  'POST /api/v1/people': { body: personInput, batch: 'people', response: r.batchResult },
  'POST /api/v1/services': { body: serviceInput, batch: 'services', response: r.batchResult },
  'GET /api/v1/teams': { response: r.teamList },
  'GET /api/v1/services': { response: r.serviceList },
  'GET /api/v1/people': { response: r.peopleList },

  // surveys
  'POST /api/v1/surveys': {
    body: surveyInput,
    batch: 'surveys',
    response: r.surveyUpsertResult,
    description: 'Upsert by `key`; a field left out keeps its current value (or the default on create).',
  },
  'GET /api/v1/surveys': { response: r.surveyList },
  'GET /api/v1/surveys/:key': { response: r.surveyDefinition },
  'GET /api/v1/surveys/:key/runs': { response: r.surveyRuns, csv: true },
  'POST /api/v1/surveys/:key/runs': {
    body: openRunInput,
    response: r.openedRun,
    status: 201,
    description: 'One invitation per active person in `teams` (default: the survey audience; `[]` everyone).',
  },
  'GET /api/v1/runs/:id/links': { response: r.runLinks, csv: true },
  'POST /api/v1/surveys/:key/responses': {
    body: responseImportItem,
    batch: 'responses',
    response: r.batchResult,
    description: 'Without `id`, a response is identified by (survey, respondent, submitted_at).',
  },
  'GET /api/v1/surveys/:key/results': {
    query: breakdownQuery,
    response: r.surveyResults,
    csv: true,
    description:
      'Privacy rules applied: a group under the anonymity threshold answers `suppressed: true`, ' +
      '`respondents: null`, `questions: []`. Sessions (people) get whole UTC weeks; tokens the exact window.',
  },

  // delivery
  'POST /api/v1/deployments': { body: deploymentInput, batch: 'deployments', response: r.batchResult },
  'POST /api/v1/incidents': { body: incidentInput, batch: 'incidents', response: r.batchResult },
  'POST /api/v1/costs': { body: costInput, batch: 'costs', response: r.batchResult },
  'GET /api/v1/dora': { query: deliveryQuery, response: r.doraReport, csv: true },
  'GET /api/v1/costs': { query: deliveryQuery, response: r.costReport, csv: true },
  'GET /api/v1/definitions': { response: r.definitions },
  'PUT /api/v1/definitions': {
    body: definitionsInput,
    response: r.definitions,
    description: 'Any subset of the definitions; the rest keep their values.',
  },
  'GET /api/v1/windows': { query: z.object({ team }), response: r.windowList },
  'POST /api/v1/windows': { body: windowInput, batch: 'windows', response: r.windowList, status: 201 },
  'DELETE /api/v1/windows/:id': { status: 204 },
  'GET /api/v1/windows/report': {
    query: deliveryQuery.extend({
      timezone: z.string().optional().describe('IANA time zone of the heatmap (default the first window’s)'),
    }),
    response: r.windowsReport,
    csv: true,
  },
  'GET /api/v1/delivery/teams': { query: windowQuery, response: r.deliveryTeams, csv: true },
  'GET /api/v1/delivery/teams/:key': { query: windowQuery, response: r.deliveryTeam, csv: true },
  'POST /webhooks/github': {
    description:
      'GitHub webhook deliveries, signed with `GITHUB_WEBHOOK_SECRET` (`X-Hub-Signature-256`). ' +
      '`deployment_status`, `workflow_run` and `push` are mapped onto deployments and commits; ' +
      'other events answer 202 and are ignored; a repeated `X-GitHub-Delivery` is recorded once.',
    headers: z.object({
      'X-GitHub-Event': z.string().describe('deployment_status, workflow_run, push; anything else is ignored (202)'),
      'X-GitHub-Delivery': z.string().optional().describe('delivery id; a repeated one is answered without a change'),
    }),
    body: z
      .union([githubDeploymentPayload, githubPushPayload])
      .describe("GitHub's webhook payload: the fields Chorus reads (GitHub sends many more)"),
    response: r.githubOutcome,
    alsoAnswers: { 202: 'an event Chorus does not use, ignored' },
    errors: {
      401: 'X-Hub-Signature-256 missing or wrong',
      503: 'GITHUB_WEBHOOK_SECRET is not set: webhooks are off',
    },
  },

  // events
  'POST /api/v1/events': { body: eventInput, batch: 'events', response: r.batchResult },
  'GET /api/v1/event-rules': { response: r.eventRuleList },
  'POST /api/v1/event-rules': { body: eventRuleInput, response: r.eventRule, status: 201 },
  'PUT /api/v1/event-rules/:id': { body: eventRuleInput, response: r.eventRule },
  'DELETE /api/v1/event-rules/:id': { status: 204 },

  // combined reports
  'GET /api/v1/value': { query: segmentQuery, response: r.valueReport, csv: true },
  'GET /api/v1/value/assumptions': { response: r.assumptionsBody },
  'PUT /api/v1/value/assumptions': { body: assumptionsInput, response: r.assumptionsBody },
  'GET /api/v1/teams/:key/summary': { query: segmentQuery, response: r.teamSummary, csv: true },
  'GET /api/v1/org': { query: segmentQuery, response: r.orgReport, csv: true },
  'GET /api/v1/leadership': { query: segmentQuery, response: r.leadershipReport, csv: true },

  // themes and closing the loop
  'GET /api/v1/themes': { query: breakdownQuery, response: r.themesReport, csv: true },
  'GET /api/v1/themes/taxonomy': { response: r.taxonomy },
  'PUT /api/v1/themes/taxonomy': {
    body: taxonomyInput,
    response: r.taxonomySaved,
    description: 'Saves a new taxonomy version and recomputes every comment’s tags in one transaction.',
  },
  'GET /api/v1/themes/updates': {
    query: z.object({ limit: z.string().optional().describe('How many (1–200, default 20)') }),
    response: r.loopUpdateList,
  },
  'GET /api/v1/themes/:key': { query: segmentTeamQuery, response: r.themeDetail, csv: true },
  'POST /api/v1/themes/:key/updates': { body: loopUpdateInput, response: r.postedLoopUpdate, status: 201 },

  // this document
  'GET /api/v1/openapi.json': { response: r.openapiDocument },
};
