import { z } from 'zod';

/*
 * Response shapes of the JSON API for the OpenAPI document. The services return plain objects
 * typed in TypeScript; these zod schemas restate the stable part of each answer (objects stay open:
 * a report may carry more fields than listed). test/web/openapi.test.ts parses real answers of a
 * seeded workspace with them, so a renamed field fails there.
 */

const instant = z.string().describe('ISO 8601 instant in UTC, e.g. 2026-03-02T14:00:00.000Z');
const nullableNumber = z.number().nullable();
const interval = z.tuple([z.number(), z.number()]).describe('95 % interval [low, high]');

/** The error envelope of every 4xx/5xx JSON answer. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. invalid, unauthorized, not_found'),
      message: z.string(),
      details: z.array(
        z.looseObject({
          field: z.string().optional().describe('the field at fault, dotted (questions.2.options)'),
          message: z.string(),
          index: z.number().int().optional().describe('the batch item at fault'),
        }),
      ),
    }),
  })
  .meta({ id: 'Error' });

export const batchResult = z
  .object({
    accepted: z.number().int().describe('items stored or updated'),
    duplicates: z.number().int().describe('items that were already stored (same id)'),
  })
  .meta({ id: 'BatchResult' });

export const teamList = z.object({
  teams: z.array(z.object({ key: z.string(), name: z.string(), parent: z.string().nullable() })),
});
export const serviceList = z.object({ services: z.array(z.object({ name: z.string(), team: z.string() })) });
export const peopleList = z.object({
  people: z.array(
    z.looseObject({
      email: z.string(),
      name: z.string(),
      team: z.string(),
      slack_user_id: z.string().nullable(),
      active: z.boolean(),
      channel: z
        .enum(['auto', 'slack', 'email'])
        .describe('how invitations reach them: auto = Slack when linked and on, else e-mail'),
      attributes: z.record(z.string(), z.string()).describe('attribute key → value (role, location, …)'),
      start_date: z.string().nullable().describe('YYYY-MM-DD; tenure is derived from it at each response'),
      locale: z.string().nullable().describe('the language the person chose (BCP 47), e.g. de or pt-BR'),
      slack_locale: z.string().nullable().describe('the language Slack reports for them (directory sync)'),
    }),
  ),
});

const surveyQuestion = z.looseObject({
  key: z.string(),
  version: z.number().int(),
  text: z.string(),
  type: z.enum(['likert5', 'scale0_10', 'hours_lost', 'choice', 'text']),
  dimension: z.string().nullable(),
  options: z.array(z.string()).nullable(),
  help: z.string().nullable(),
  required: z.boolean(),
  rotating: z.boolean(),
  translations: z
    .record(z.string(), z.looseObject({ text: z.string(), options: z.array(z.string()).optional() }))
    .describe('locale → {text, options (same order as `options`), help}'),
});
export const surveyDefinition = z
  .looseObject({
    key: z.string(),
    name: z.string(),
    kind: z.enum(['pulse', 'snapshot', 'event']),
    cadence: z.string().nullable(),
    timezone: z.string(),
    starts_on: z.string().nullable(),
    audience: z.array(z.string()),
    open_days: z.number().int(),
    anonymity_threshold: z.number().int(),
    fully_anonymous: z.boolean(),
    rotate_count: z.number().int(),
    reminders: z.array(z.number()),
    intro: z.string().nullable(),
    active: z.boolean(),
    updated_at: instant,
    questions: z.array(surveyQuestion),
  })
  .meta({ id: 'SurveyDefinition' });
export const surveyList = z.object({ surveys: z.array(surveyDefinition) });
export const surveyUpsertResult = batchResult.extend({ surveys: z.array(surveyDefinition) });

export const surveyRuns = z.object({
  survey: z.string(),
  threshold: z.number().int(),
  runs: z.array(
    z.looseObject({
      id: z.string(),
      opens_at: instant,
      closes_at: instant,
      state: z.string(),
      trigger: z.string(),
      teams: z.array(z.string()),
      invited: z.number().int().nullable(),
      responses: z.number().int().nullable().describe('null when fewer than the threshold answered'),
      suppressed: z.boolean(),
    }),
  ),
});
export const openedRun = z.object({ run_id: z.string(), invited: z.number().int() });
export const runLinks = z.array(z.object({ email: z.string(), url: z.string() }));

const scope = z.looseObject({
  team: z.string().nullable(),
  service: z.string().nullable().optional(),
  from: instant,
  to: instant,
});
const quantiles = z.looseObject({ median: nullableNumber, n: z.number().int() });
const benchmarkFigure = z.looseObject({
  bucket: z.number().int().min(1).max(6).nullable().describe('Quick Check answer 1–6 (time-based metrics)'),
  percent: z.number().int().min(0).max(100).nullable().describe('whole percent (change failure, rework)'),
  label: z.string().nullable(),
  score: nullableNumber.describe('0–10, higher is better; null with `reason` when the data cannot say'),
  industry_mean: z.number().describe('published mean, turned higher-is-better'),
  industry_std: z.number(),
  percentile: nullableNumber.describe('normal approximation Φ((score − mean) ÷ std) × 100, rounded'),
  n: z.number().int(),
  reason: z.string().nullable(),
});
const deliveryBenchmark = z
  .looseObject({
    source: z.literal('DORA Quick Check'),
    citation: z.string(),
    edition: z.string(),
    industry: z.string(),
    industry_name: z.string().nullable(),
    metrics: z.record(z.string(), benchmarkFigure),
    performance_average: z
      .looseObject({
        score: nullableNumber,
        industry_mean: z.number(),
        industry_std: z.number(),
        percentile: nullableNumber,
        metrics_used: z.array(z.string()),
      })
      .nullable(),
    org_size: z
      .looseObject({ key: z.string(), name: z.string(), metrics: z.record(z.string(), z.looseObject({})) })
      .nullable(),
  })
  .meta({ id: 'DeliveryBenchmark' });

export const doraReport = z
  .looseObject({
    scope,
    deployment_frequency: z.looseObject({
      deployments: z.number().int(),
      per_week: z.number(),
      versions: z.number().int(),
      class: z.string().nullable(),
    }),
    lead_time_hours: quantiles.extend({ p75: nullableNumber, p90: nullableNumber }),
    change_failure_rate: z.looseObject({
      rate: nullableNumber,
      failed: z.number().int(),
      total: z.number().int(),
      by_reason: z.array(z.object({ reason: z.string(), count: z.number().int(), share: z.number() })),
    }),
    time_to_restore_hours: quantiles.extend({ p90: nullableNumber }),
    rework_rate: nullableNumber,
    tiers: z.looseObject({ year: z.number().int() }),
    benchmark: deliveryBenchmark,
    definitions: z.looseObject({}).describe('the labels and rules in force'),
  })
  .meta({ id: 'DoraReport' });

export const costReport = z.looseObject({
  scope,
  cost: z.number(),
  idle_cost: z.number(),
  idle_share: nullableNumber,
  utilization: z.looseObject({ cpu: nullableNumber, memory: nullableNumber }),
  successful_deployments: z.number().int(),
  cost_per_successful_deployment: nullableNumber,
  teams: z.array(z.looseObject({ team: z.string(), cost: z.number() })),
  daily: z.array(z.looseObject({ date: z.string(), cost: z.number() })),
});

export const definitions = z
  .looseObject({
    labels: z.record(z.string(), z.string()),
    headline: z.enum(['deployments', 'versions']),
    production_environment: z.string(),
    failure_reasons: z.array(z.object({ reason: z.string(), aliases: z.array(z.string()) })),
    tier_year: z.number().int(),
    deploy_workflow_pattern: z.string(),
    benchmark_edition: z.string(),
    benchmark_industry: z.string(),
    benchmark_org_size: z.string().nullable(),
  })
  .meta({ id: 'Definitions' });

const deploymentWindow = z.looseObject({
  id: z.number().int(),
  team: z.string().nullable(),
  service: z.string().nullable(),
  weekdays: z.array(z.number().int().min(1).max(7)).describe('1 = Monday … 7 = Sunday'),
  start: z.string(),
  end: z.string(),
  timezone: z.string(),
  label: z.string().nullable(),
});
export const windowList = z.object({ windows: z.array(deploymentWindow) });
export const windowsReport = z.looseObject({
  scope,
  windows: z.array(deploymentWindow),
  adherence: z.looseObject({ rate: nullableNumber, inside: z.number().int(), n: z.number().int() }),
  predictability: z.looseObject({ cv: nullableNumber, weeks: z.number().int() }),
  heatmap: z.looseObject({ timezone: z.string(), cells: z.array(z.looseObject({})) }),
  suggested: z.array(z.looseObject({ weekday: z.number().int(), hour: z.number().int() })),
});
export const deliveryTeams = z.looseObject({
  scope,
  org: doraReport,
  teams: z.array(z.looseObject({ key: z.string(), name: z.string(), dora: doraReport })),
});
export const deliveryTeam = z.looseObject({
  team: z.string(),
  dora: doraReport,
  windows: z.looseObject({}),
  cost: z.looseObject({}),
  charts: z.looseObject({}),
});

export const eventRule = z
  .looseObject({
    id: z.number().int(),
    event: z.string(),
    survey: z.string(),
    sample_rate: z.number(),
    cooldown_hours: z.number(),
    quiet_start: z.string().nullable(),
    quiet_end: z.string().nullable(),
    timezone: z.string(),
    active: z.boolean(),
  })
  .meta({ id: 'EventRule' });
export const eventRuleList = z.object({ event_rules: z.array(eventRule) });

const resultsQuestion = z.looseObject({
  key: z.string(),
  version: z.number().int(),
  text: z.string(),
  type: z.string(),
  dimension: z.string().nullable(),
  n: z.number().int(),
  favorable: nullableNumber.optional(),
  mean: nullableNumber.optional(),
  ci95: interval.nullable().optional(),
  distribution: z.record(z.string(), z.number().int()),
});
/** Why a group is hidden (privacy engine, metrics.md). */
const hiddenReason = z
  .enum(['below_threshold', 'complementary', 'rest_too_small'])
  .describe(
    '`below_threshold`: fewer than k; `complementary`: hidden to protect a smaller group; ' +
      '`rest_too_small`: the rest of this scope is too small',
  );
export const surveyResults = z
  .looseObject({
    survey: z.string(),
    team: z.string().nullable(),
    from: instant,
    to: instant,
    respondents: z.number().int().nullable().describe('distinct respondents; null when suppressed'),
    response_rate: nullableNumber.optional(),
    suppressed: z.boolean(),
    suppressed_reason: hiddenReason.optional(),
    reason: z.string().optional().describe('why the group is hidden, in words; never an exact count'),
    threshold: z.number().int(),
    devex_score: nullableNumber.optional(),
    questions: z.array(resultsQuestion).describe('empty when suppressed'),
    segment: z.array(z.string()).optional().describe('the segment filter applied (`role:backend`, …)'),
    breakdown: z
      .looseObject({
        by: z.string(),
        groups: z.array(
          z.looseObject({
            value: z.string(),
            suppressed: z.boolean(),
            respondents: z.number().int().nullable(),
            devex_score: nullableNumber,
            questions: z.array(resultsQuestion).describe('empty when suppressed'),
            suppressed_reason: hiddenReason.optional(),
            reason: z.string().optional(),
          }),
        ),
      })
      .optional()
      .describe('with `?by=`: the figures per value of the attribute (no groups when the whole group is hidden)'),
    changes: z
      .array(z.looseObject({ question: z.string(), delta: z.number(), ci95: interval, significant: z.boolean() }))
      .optional(),
    languages: z
      .array(
        z.looseObject({
          locale: z.string().describe('BCP 47; `und` = not recorded (imports, older answers)'),
          suppressed: z.boolean(),
          respondents: z.number().int().nullable(),
        }),
      )
      .optional()
      .describe(
        'respondents by the language they answered in (exact windows: API tokens); small groups hidden; absent when suppressed or segmented',
      ),
  })
  .meta({ id: 'SurveyResults' });

const themeFigures = z
  .looseObject({
    key: z.string(),
    label: z.string(),
    respondents: z.number().int().nullable(),
    share: nullableNumber,
    ci95: interval.nullable(),
    teams: z.array(z.string()),
    trend: z.array(z.looseObject({ period: z.string(), share: nullableNumber })),
    quotes: z.array(z.string()),
    owner: z
      .enum(['platform', 'shared', 'other'])
      .describe('Who can fix it: the platform, shared with others, or others (the taxonomy’s owner)'),
    status_owner: z.string().nullable().describe('Who is working on it (closing the loop), free text'),
  })
  .meta({ id: 'ThemeFigures' });
const themesHead = {
  team: z.string().nullable(),
  from: instant,
  to: instant,
  threshold: z.number().int(),
  taxonomy_version: z.number().int(),
  suppressed: z.boolean(),
  respondents_with_comments: z.number().int().nullable(),
};
export const themesReport = z
  .looseObject({
    ...themesHead,
    themes: z.array(themeFigures),
    emerging: z.array(z.looseObject({ phrase: z.string(), count: z.number().int() })),
    suppressed_reason: hiddenReason.optional(),
    reason: z.string().optional(),
    segment: z.array(z.string()).optional().describe('the segment filter applied'),
    breakdown: z
      .looseObject({
        by: z.string(),
        groups: z.array(
          z.looseObject({
            value: z.string(),
            suppressed: z.boolean(),
            respondents: z.number().int().nullable().describe('commenters in the group; null when hidden'),
            themes: z.array(themeFigures).describe('empty when hidden'),
            suppressed_reason: hiddenReason.optional(),
            reason: z.string().optional(),
          }),
        ),
      })
      .optional()
      .describe('with `?by=`: the themes per value of the attribute'),
  })
  .meta({ id: 'ThemesReport' });

export const themeState = z.looseObject({
  key: z.string(),
  status: z.enum(['new', 'acknowledged', 'planned', 'shipped']),
  owner: z.string().nullable(),
  question_key: z.string().nullable(),
  metric_key: z.string().nullable(),
  shipped_at: instant.nullable(),
  updated_at: instant.nullable(),
});
export const loopUpdate = z
  .looseObject({
    id: z.number().int(),
    theme_key: z.string(),
    title: z.string(),
    body: z.string(),
    status: z.enum(['new', 'acknowledged', 'planned', 'shipped']),
    author: z.string().nullable(),
    created_at: instant,
  })
  .meta({ id: 'LoopUpdate' });
export const loopUpdateList = z.object({ updates: z.array(loopUpdate) });
export const postedLoopUpdate = z.object({
  update: loopUpdate,
  state: themeState,
  emails_queued: z.number().int().describe('e-mails queued for `email_to` (0 when not e-mailed)'),
});
export const themeDetail = z.looseObject({
  ...themesHead,
  theme: themeFigures.nullable(),
  state: themeState,
  updates: z.array(loopUpdate),
  before_after: z.looseObject({}).nullable().describe('null when the group is suppressed or nothing shipped'),
});
export const taxonomy = z.object({
  version: z.number().int(),
  themes: z.array(
    z.looseObject({
      key: z.string(),
      label: z.string(),
      keywords: z.array(z.string()),
      phrases: z.array(z.string()),
      owner: z.enum(['platform', 'shared', 'other']),
    }),
  ),
});
export const taxonomySaved = z.object({
  version: z.number().int(),
  themes: z.number().int().describe('number of themes'),
  recomputed: z.number().int().describe('comments whose tags were recomputed'),
});

const assumptions = z.looseObject({
  hourly_cost: z.number(),
  currency: z.string(),
  weeks: nullableNumber,
  survey: z.string(),
  question: z.string(),
});
export const assumptionsBody = z.object({ assumptions });
export const valueReport = z.looseObject({
  from: instant,
  to: instant,
  label: z.string(),
  threshold: z.number().int(),
  assumptions,
  capacity_lost: z.looseObject({}).nullable(),
  by_team: z.array(z.looseObject({ team: z.string() })),
  attribution: z.looseObject({}).nullable(),
  platform_cost: z.looseObject({}).nullable(),
});
export const teamSummary = z.looseObject({
  team: z.looseObject({ key: z.string(), name: z.string(), parent: z.string().nullable() }),
  from: instant,
  to: instant,
  suppressed: z.boolean(),
  survey: surveyResults.nullable(),
  dora: doraReport,
  cost: z.looseObject({}).nullable(),
  themes: z.looseObject({}).nullable(),
});
export const orgReport = z.looseObject({
  workspace: z.string(),
  survey: z.string().nullable(),
  from: instant,
  to: instant,
  threshold: z.number().int(),
  org: z.looseObject({ suppressed: z.boolean() }),
  teams: z.array(z.looseObject({ key: z.string(), name: z.string(), suppressed: z.boolean() })),
});
export const leadershipReport = z.looseObject({
  workspace: z.string(),
  survey: z.string().nullable(),
  from: instant,
  to: instant,
  threshold: z.number().int(),
  devex: z.looseObject({}),
  themes: z.looseObject({}),
  dora: z.looseObject({}),
});

export const githubOutcome = z.looseObject({
  event: z.string().describe('the X-GitHub-Event header'),
  outcome: z.string().describe('what Chorus did with it; "ignored: …" with status 202'),
  duplicate: z.boolean().optional().describe('true when this X-GitHub-Delivery was seen before'),
  deployment: z.string().optional(),
  commits: z.number().int().optional(),
});

/** The OpenAPI document itself (its own route answers it). */
export const openapiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
});
