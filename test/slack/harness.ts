import { createHmac } from 'node:crypto';
import type { Deps } from '../../src/deps.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { createSlack, type SlackRuntime } from '../../src/slack/slack.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startServer, type TestServer } from '../helpers/server.js';

export const SIGNING_SECRET = 'test-signing-secret-abcdef';

const signed = new Set<string>();

/**
 * A timestamp (real time, seconds) never used before with this body: Slack signs each request once,
 * so two deliveries of the same payload in one second still carry different signatures (the edge
 * drops a repeated signature as a replay).
 */
function freshTimestamp(body: string): number {
  let ts = Math.floor(Date.now() / 1000);
  while (signed.has(`${ts}:${body}`)) ts--;
  signed.add(`${ts}:${body}`);
  return ts;
}

/** Slack request signature headers for a body (a fresh real-time timestamp unless `ts` is given). */
export function signatureHeaders(body: string, ts = freshTimestamp(body), secret = SIGNING_SECRET) {
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex'),
  };
}

/** Five people in team "payments", four of them linked to Slack (U0000001…U0000004), one (U5-less) web-only. */
export function seedOrg(deps: Deps): void {
  upsertTeams(deps, { teams: [{ key: 'payments', name: 'Payments' }] });
  upsertPeople(deps, {
    people: [
      { email: 'ana@acme.test', name: 'Ana', team: 'payments', slack_user_id: 'U0000001' },
      { email: 'ben@acme.test', name: 'Ben', team: 'payments', slack_user_id: 'U0000002' },
      { email: 'cleo@acme.test', name: 'Cleo', team: 'payments', slack_user_id: 'U0000003' },
      { email: 'dev@acme.test', name: 'Dev', team: 'payments', slack_user_id: 'U0000004' },
      { email: 'eve@acme.test', name: 'Eve', team: 'payments' },
    ],
  });
}

/** A pulse with every question type the modal renders. */
export function seedPulse(deps: Deps, extra: Record<string, unknown> = {}): void {
  upsertSurvey(deps, {
    key: 'pulse',
    name: 'Monthly pulse',
    kind: 'pulse',
    audience: ['payments'],
    anonymity_threshold: 3,
    ...extra,
    questions: [
      {
        key: 'build_and_test',
        text: 'Our builds and tests are fast and reliable.',
        type: 'likert5',
        dimension: 'feedback_loops',
      },
      {
        key: 'recommend',
        text: 'How likely are you to recommend our tooling?',
        type: 'scale0_10',
        dimension: 'recommend',
      },
      { key: 'time_lost', text: 'Time lost to friction last week?', type: 'hours_lost', dimension: 'friction' },
      { key: 'main_blocker', text: 'Biggest blocker?', type: 'choice', options: ['CI', 'Reviews', 'Environments'] },
      { key: 'comment', text: 'What changed since last time?', type: 'text' },
    ],
  });
}

export interface Harness {
  deps: Deps;
  clock: ReturnType<typeof testClock>;
  fake: FakeSlack;
  slack: SlackRuntime;
  server: TestServer;
  scheduler: ReturnType<typeof createScheduler>;
  /** A new scheduler on the same database (a restarted process). */
  newScheduler: () => ReturnType<typeof createScheduler>;
  /** POSTs a signed form body (`payload=` JSON or a slash command) to /slack/events. */
  postForm: (
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ) => Promise<{ status: number; text: string }>;
  postPayload: (payload: unknown) => Promise<{ status: number; text: string }>;
  postEvent: (body: unknown, headers?: Record<string, string>) => Promise<{ status: number; text: string }>;
  close: () => Promise<void>;
}

/** Fake Slack + real Bolt (HTTP mode) + real Express app + scheduler over one :memory: database. */
export async function slackHarness(
  options: { users?: Array<Record<string, unknown>>; start?: string } = {},
): Promise<Harness> {
  const clock = testClock(options.start ?? new Date().toISOString());
  const fake = await startFakeSlack({ users: options.users, now: clock.now });
  const deps = makeDeps({
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl },
    now: clock.now,
  });
  const slack = createSlack(deps, { clientOptions: { retryConfig: { retries: 0 } } })!;
  await slack.start();
  const server = await startServer(deps, { beforeParsers: [slack.router!] });
  const newScheduler = () => createScheduler(deps, { client: slack.client, outbox: { sendGapMs: 0 } });
  const scheduler = newScheduler();
  const send = async (body: string, contentType: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.base}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...signatureHeaders(body), ...headers },
    });
    return { status: res.status, text: await res.text() };
  };
  const postForm = (fields: Record<string, string>, headers?: Record<string, string>) =>
    send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', headers);
  return {
    deps,
    clock,
    fake,
    slack,
    server,
    scheduler,
    newScheduler,
    postForm,
    postPayload: (payload) => postForm({ payload: JSON.stringify(payload) }),
    postEvent: (body, headers) => send(JSON.stringify(body), 'application/json', headers),
    close: async () => {
      await scheduler.stop();
      await server.close();
      await fake.close();
      await slack.stop();
    },
  };
}

/** Waits until `check` is truthy (listeners keep running after ack). */
export async function eventually<T>(check: () => T | undefined | null | false, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
