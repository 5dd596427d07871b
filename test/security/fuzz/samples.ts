import type { Deps } from '../../../src/deps.js';
import type { apiClient } from '../../helpers/server.js';

type Api = ReturnType<typeof apiClient>;

/** A valid request the fuzzer mutates, the route's batch key, and real values for its path parameters. */
export interface FuzzSample {
  body: Record<string, unknown>;
  plural?: string;
  params?: Record<string, string>;
}

const survey = {
  key: 'fz-survey',
  name: 'Fuzz pulse',
  kind: 'pulse',
  anonymity_threshold: 5,
  questions: [
    { key: 'ease', text: 'Shipping is easy', type: 'likert5', dimension: 'ease_of_delivery' },
    { key: 'recommend', text: 'Recommend?', type: 'scale0_10' },
    { key: 'hours', text: 'Hours lost', type: 'hours_lost' },
    { key: 'tool', text: 'Main tool', type: 'choice', options: ['ci', 'ide'] },
    { key: 'friction', text: 'What slows you down?', type: 'text' },
  ],
};

/**
 * Valid bodies for the write routes Chorus has; a route missing here is still fuzzed, from `{}`.
 * Keyed by "METHOD /path" as in the route table.
 */
export const SAMPLES: Record<string, FuzzSample> = {
  'POST /api/v1/teams': { body: { key: 'fz-new', name: 'New team', parent: 'fz-a' }, plural: 'teams' },
  'POST /api/v1/people': {
    body: { email: 'fz-new@test.example', name: 'New Person', team: 'fz-b', slack_user_id: 'U0FZNEW', active: true },
    plural: 'people',
  },
  'POST /api/v1/services': { body: { name: 'fz-new-svc', team: 'fz-b' }, plural: 'services' },
  'POST /api/v1/surveys': { body: survey, plural: 'surveys' },
  'POST /api/v1/surveys/:key/runs': {
    body: { teams: ['fz-b'], opens_at: '2026-03-02T10:00:00Z', closes_at: '2026-03-09T10:00:00Z' },
    params: { key: 'fz-survey' },
  },
  'POST /api/v1/surveys/:key/responses': {
    body: {
      respondent: 'fz1@test.example',
      team: 'fz-b',
      submitted_at: '2026-02-01T10:00:00Z',
      answers: { ease: 4, recommend: 9, hours: '1-2', tool: 'ci', friction: 'slow builds' },
      id: 'fz-r-new',
    },
    plural: 'responses',
    params: { key: 'fz-survey' },
  },
  'POST /api/v1/deployments': {
    body: {
      id: 'fz-dep-new',
      service: 'fz-svc',
      finished_at: '2026-02-01T10:00:00Z',
      environment: 'production',
      version: '1.2.3',
      status: 'failure',
      started_at: '2026-02-01T09:00:00Z',
      failure_reason: 'test gap',
      unplanned: false,
      commits: [{ sha: 'abc123', committed_at: '2026-01-31T10:00:00Z' }],
    },
    plural: 'deployments',
  },
  'POST /api/v1/incidents': {
    body: {
      id: 'fz-inc-new',
      opened_at: '2026-02-01T11:00:00Z',
      service: 'fz-svc',
      resolved_at: '2026-02-01T12:00:00Z',
      severity: 'sev2',
      deployment_id: 'fz-dep-1',
      reason: 'config',
    },
    plural: 'incidents',
  },
  'POST /api/v1/costs': {
    body: {
      date: '2026-02-01',
      team: 'fz-b',
      cost: 12.5,
      namespace: 'ns',
      cpu_requested: 4,
      cpu_used: 1,
      memory_requested_gb: 8,
      memory_used_gb: 2,
    },
    plural: 'costs',
  },
  'POST /api/v1/events': {
    body: { name: 'fz.event', email: 'fz1@test.example', timestamp: '2026-02-01T10:00:00Z', metadata: { a: 1 } },
    plural: 'events',
  },
  'PUT /api/v1/definitions': {
    body: {
      labels: { versions: 'Version release time' },
      headline: 'versions',
      production_environment: 'prod',
      failure_reasons: [{ reason: 'test gap', aliases: ['tests'] }],
      tier_year: 2024,
      deploy_workflow_pattern: 'deploy',
    },
  },
  'POST /api/v1/windows': {
    body: {
      team: 'fz-b',
      weekdays: ['mon', 'tue'],
      start: '09:00',
      end: '16:00',
      timezone: 'Europe/Berlin',
      label: 'day',
    },
    plural: 'windows',
  },
  'POST /api/v1/event-rules': {
    body: {
      event: 'fz.event',
      survey: 'fz-survey',
      sample_rate: 0.5,
      cooldown_hours: 24,
      quiet_start: '22:00',
      quiet_end: '07:00',
      timezone: 'UTC',
      active: true,
    },
  },
  'PUT /api/v1/event-rules/:id': {
    body: { event: 'fz.event', survey: 'fz-survey', sample_rate: 1, cooldown_hours: 1, timezone: 'UTC', active: false },
    params: { id: '1' },
  },
  'PUT /api/v1/value/assumptions': {
    body: { hourly_cost: 95, weeks: 12, question: 'hours', survey: 'fz-survey', currency: 'EUR' },
  },
  'PUT /api/v1/themes/taxonomy': {
    body: {
      themes: [
        {
          key: 'flaky_tests',
          label: 'Flaky tests',
          definition: 'Tests that fail at random',
          keywords: ['flaky'],
          phrases: ['random failure'],
          exclude: [],
        },
      ],
    },
  },
  'POST /api/v1/themes/:key/updates': {
    body: {
      title: 'We fixed it',
      body: 'Quarantined flaky tests',
      status: 'planned',
      owner: 'Platform',
      slack_channel: '#dev',
    },
    params: { key: 'flaky_tests' },
  },
};

/** The world the samples refer to: two teams, people, a service, the survey, one deployment and one rule. */
export async function seedFuzzWorld(_deps: Deps, api: Api): Promise<void> {
  const ok = async (p: Promise<{ status: number; text: string }>) => {
    const res = await p;
    if (res.status >= 300) throw new Error(`fuzz seed failed: ${res.status} ${res.text}`);
  };
  await ok(
    api.post('/api/v1/teams', {
      teams: [
        { key: 'fz-a', name: 'Group A' },
        { key: 'fz-b', name: 'Team B', parent: 'fz-a' },
      ],
    }),
  );
  await ok(
    api.post('/api/v1/people', {
      people: Array.from({ length: 6 }, (_, i) => ({
        email: `fz${i}@test.example`,
        name: `Fuzz ${i}`,
        team: 'fz-b',
        slack_user_id: `U0FZ${i}`,
      })),
    }),
  );
  await ok(api.post('/api/v1/services', { name: 'fz-svc', team: 'fz-b' }));
  await ok(api.post('/api/v1/surveys', survey));
  await ok(api.post('/api/v1/deployments', { id: 'fz-dep-1', service: 'fz-svc', finished_at: '2026-01-20T10:00:00Z' }));
  await ok(api.post('/api/v1/event-rules', SAMPLES['POST /api/v1/event-rules'].body));
}
