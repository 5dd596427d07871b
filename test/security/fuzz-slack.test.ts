import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlack, type SlackRuntime } from '../../src/slack/slack.js';
import { openRun } from '../../src/surveys/runs.service.js';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { SLACK_REPEAT_DROPPED, until, watchLog } from '../helpers/until.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventually, seedOrg, seedPulse, SIGNING_SECRET, signatureHeaders } from '../slack/harness.js';
import { keepAliveClient } from './fuzz/client.js';
import { FUZZ_RUNS, hostileBody, hostileValue, toJsonText } from './fuzz/hostile.js';
import { changedTables, prototypePolluted, rowCounts } from './fuzz/invariants.js';

let h: {
  runId: string;
  deps: Deps;
  fake: FakeSlack;
  slack: SlackRuntime;
  server: TestServer;
  postEvent: (body: unknown, headers?: Record<string, string>) => Promise<{ status: number; text: string }>;
};
let client: ReturnType<typeof keepAliveClient>;

beforeAll(async () => {
  // The real Bolt receiver against a fake Slack API; unacknowledged requests answer after 15 ms
  // instead of Bolt's 3 s, so a thousand unmatched payloads take seconds, not an hour.
  const fake = await startFakeSlack();
  const deps = makeDeps({
    env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl },
  });
  const slack = createSlack(deps, {
    clientOptions: { retryConfig: { retries: 0 } },
    unhandledRequestTimeoutMillis: 15,
  })!;
  await slack.start();
  const server = await startServer(deps, { beforeParsers: [slack.router!], rateLimits: false });
  client = keepAliveClient(server.base);
  const postEvent = async (body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    const res = await client.send(
      'POST',
      '/slack/events',
      { 'content-type': 'application/json', ...signatureHeaders(text), ...headers },
      text,
    );
    return { status: res.status, text: res.text };
  };
  seedOrg(deps);
  seedPulse(deps);
  h = { runId: openRun(deps, 'pulse', {}).runId, deps, fake, slack, server, postEvent };
});
afterAll(async () => {
  client.close();
  await h.server.close();
  await h.fake.close();
  await h.slack.stop();
});

const eventSample = {
  type: 'event_callback',
  team_id: 'T1',
  api_app_id: 'A1',
  event_id: 'EvFuzz',
  event_time: 1,
  event: { type: 'app_home_opened', user: 'U0000001', channel: 'DU0000001', tab: 'home' },
};
// The samples use Chorus's real callback, action and command ids, so mutations reach the listeners.
const frictionSample = {
  type: 'view_submission',
  team: { id: 'T1' },
  user: { id: 'U0000001', name: 'ana' },
  api_app_id: 'A1',
  trigger_id: '1.2.3',
  view: {
    id: 'V1',
    callback_id: 'friction_submit',
    private_metadata: '',
    blocks: [
      { type: 'input', block_id: 'friction_text' },
      { type: 'input', block_id: 'friction_category' },
    ],
    state: {
      values: {
        friction_text: { v: { type: 'plain_text_input', value: 'slow ci' } },
        friction_category: { v: { type: 'static_select', selected_option: { value: 'CI' } } },
      },
    },
  },
};
const surveySample = () => ({
  type: 'view_submission',
  team: { id: 'T1' },
  user: { id: 'U0000002' },
  api_app_id: 'A1',
  trigger_id: '1.2.4',
  view: {
    id: 'V2',
    callback_id: 'survey_submit',
    private_metadata: JSON.stringify({ runId: h.runId, channel: 'DU0000002', ts: '1.1' }),
    blocks: [
      { type: 'input', block_id: 'build_and_test' },
      { type: 'input', block_id: 'comment' },
    ],
    state: {
      values: {
        build_and_test: { v: { type: 'radio_buttons', selected_option: { value: '4' } } },
        recommend: { v: { type: 'radio_buttons', selected_option: { value: '9' } } },
        comment: { v: { type: 'plain_text_input', value: 'fine' } },
      },
    },
  },
});
const actionSample = () => ({
  type: 'block_actions',
  team: { id: 'T1' },
  user: { id: 'U0000001' },
  api_app_id: 'A1',
  trigger_id: '1.2.3',
  container: { type: 'message', channel_id: 'DU0000001', message_ts: '1.1' },
  actions: [{ action_id: 'open_survey', block_id: 'b', type: 'button', value: h.runId, action_ts: '1' }],
});
const shortcutSample = {
  type: 'shortcut',
  callback_id: 'report_friction',
  team: { id: 'T1' },
  user: { id: 'U0000003' },
  trigger_id: 'sc.1',
  action_ts: '1',
};
const commandSample = {
  command: '/chorus',
  text: 'friction flaky tests again',
  user_id: 'U0000001',
  user_name: 'ana',
  team_id: 'T1',
  channel_id: 'C1',
  trigger_id: '1.2.3',
  response_url: 'http://127.0.0.1:1/x',
};

/** The Slack endpoint is cheap to fuzz (no 3-second waits: unhandled requests answer at once), so three times the usual runs. */
const RUNS = 3 * FUZZ_RUNS;

type SlackInput = {
  kind: 'json' | 'payload' | 'command';
  body: string;
  signature: 'valid' | 'wrong' | 'stale' | 'none';
};

const slackInput: fc.Arbitrary<SlackInput> = fc
  .record({
    kind: fc.constantFrom<SlackInput['kind']>('json', 'payload', 'command'),
    signature: fc.oneof(
      { arbitrary: fc.constant('valid' as const), weight: 9 },
      { arbitrary: fc.constantFrom('wrong' as const, 'stale' as const, 'none' as const), weight: 1 },
    ),
    json: fc.oneof(hostileBody(eventSample), hostileBody({ type: 'url_verification', challenge: 'abc' })),
    payload: fc.oneof(
      hostileBody(frictionSample),
      fc.constant(null).chain(() => hostileBody(surveySample())),
      fc.constant(null).chain(() => hostileBody(actionSample())),
      hostileBody(shortcutSample),
    ),
    command: fc.dictionary(
      fc.constantFrom(...Object.keys(commandSample), '__proto__', 'payload', 'ssl_check'),
      fc.oneof(
        hostileValue.map((v) => (typeof v === 'string' ? v : toJsonText(v))),
        fc.constantFrom(...Object.values(commandSample)),
      ),
      { maxKeys: 9 },
    ),
  })
  .map((r) => ({
    kind: r.kind,
    signature: r.signature,
    body:
      r.kind === 'json'
        ? r.json
        : r.kind === 'payload'
          ? new URLSearchParams({ payload: r.payload }).toString()
          : new URLSearchParams({ ...commandSample, ...r.command }).toString(),
  }));

describe('hostile signed requests at POST /slack/events', () => {
  it('refuses bad signatures (401), answers malformed signed payloads 400 and never 5xx, stores nothing when it refuses, keeps serving', async () => {
    let counts = rowCounts(h.deps.db);
    const signed5xx: string[] = [];
    const statuses = new Map<number, number>();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(slackInput, async (input) => {
        const type = input.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
        const now = Math.floor(Date.now() / 1000);
        const sig =
          input.signature === 'valid'
            ? signatureHeaders(input.body, now)
            : input.signature === 'wrong'
              ? signatureHeaders(input.body, now, 'not-the-secret')
              : input.signature === 'stale'
                ? signatureHeaders(input.body, now - 10 * 60)
                : {};
        const res = await client.send('POST', '/slack/events', { 'content-type': type, ...sig }, input.body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        // Even a correctly signed payload that is malformed is the sender's fault: 400, never 5xx.
        if (res.status >= 500)
          signed5xx.push(`${input.signature} ${input.kind} → ${res.status}: ${input.body.slice(0, 300)}`);
        if (input.signature !== 'valid' && res.status !== 401)
          throw new Error(`${input.signature} signature answered ${res.status}`);
        if (prototypePolluted()) throw new Error('Object.prototype polluted');
        const after = rowCounts(h.deps.db);
        if (res.status >= 400) {
          // The seen-signature log is replay bookkeeping, not data taken from the request.
          const changed = changedTables(counts, after).filter((t) => t !== 'slack_seen_signatures');
          if (changed.length)
            throw new Error(
              `HTTP ${res.status} but rows changed in ${changed.join(', ')}: ${input.body.slice(0, 200)}`,
            );
        }
        counts = after;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    console.info(
      `fuzz POST /slack/events: ${RUNS} cases in ${((performance.now() - started) / 1000).toFixed(1)} s, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    expect(signed5xx).toEqual([]);
    expect(RUNS >= 1000 || process.env.FUZZ_RUNS !== undefined).toBe(true);
    expect((await h.postEvent({ type: 'url_verification', challenge: 'still-here' })).text).toContain('still-here');
  }, 180_000);

  it('stores a retried or replayed event once, whatever x-slack-retry-num says', async () => {
    const before = h.fake.callsTo('views.publish').length;
    const event = { ...eventSample, event_id: 'EvReplay1' };
    const dropped = watchLog(h.deps, 'debug', 'warn');
    for (const retry of [undefined, '1', '2', '3', undefined]) {
      const res = await h.postEvent(
        event,
        retry ? { 'x-slack-retry-num': retry, 'x-slack-retry-reason': 'http_timeout' } : {},
      );
      expect(res.status).toBe(200);
    }
    await eventually(() => h.fake.callsTo('views.publish').length === before + 1);
    // The signal: Chorus met all four repeats and dropped each (no fixed sleep hoping nothing happens).
    await until(() => dropped.count(...SLACK_REPEAT_DROPPED) === 4, { what: 'four repeats to be dropped' });
    dropped.restore();
    expect(h.fake.callsTo('views.publish').length).toBe(before + 1);
    const seen = h.deps.db
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name LIKE '%event%'")
      .get() as { n: number };
    expect(seen.n).toBeGreaterThan(0);
  });

  it('refuses a request signed for another body (tampered after signing)', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'original' });
    const res = await client.send(
      'POST',
      '/slack/events',
      { 'content-type': 'application/json', ...signatureHeaders(body) },
      body.replace('original', 'tampered'),
    );
    expect(res.status).toBe(401);
  });
});
