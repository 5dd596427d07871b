import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/log.js';
import { createSlack, type SlackRuntime } from '../../src/slack/slack.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { openWorkspace } from '../../src/workspace.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { eventually, seedOrg, seedPulse, SIGNING_SECRET, signatureHeaders } from './harness.js';

/** The production layout under vitest: a file database, so the listeners run in a worker thread. */
describe('Slack listeners in a worker thread', () => {
  let dir: string;
  let deps: Deps;
  let fake: FakeSlack;
  let slack: SlackRuntime;
  let server: TestServer;
  let runId: string;
  const post = async (fields: Record<string, string>, headers?: Record<string, string>) => {
    const body = new URLSearchParams(fields).toString();
    const res = await fetch(`${server.base}/slack/events`, {
      method: 'POST',
      body,
      headers: headers ?? { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(body) },
    });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chorus-slack-worker-'));
    fake = await startFakeSlack();
    const config = loadConfig({
      CHORUS_DB: join(dir, 'chorus.sqlite'),
      LOG_LEVEL: 'silent',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    deps = openWorkspace(config, { log: createLogger('silent') });
    seedOrg(deps);
    seedPulse(deps);
    runId = openRun(deps, 'pulse', {}).runId;
    slack = createSlack(deps, { clientOptions: { retryConfig: { retries: 0 } } })!;
    expect(slack.listeners).toBe('worker');
    await slack.start();
    server = await startServer(deps, { beforeParsers: [slack.router!] });
  });
  afterAll(async () => {
    await server.close();
    await slack.stop();
    await fake.close();
    deps.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acknowledges the Answer button at once and opens the modal from the worker', async () => {
    const res = await post({
      payload: JSON.stringify({
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: 'U0000001' },
        trigger_id: 'w.1',
        container: { type: 'message', channel_id: 'DU0000001', message_ts: '1.1' },
        actions: [{ type: 'button', action_id: 'open_survey', block_id: 'b', value: runId, action_ts: '1' }],
      }),
    });
    expect(res).toEqual({ status: 200, text: '' });
    const open = await eventually(() => fake.callsTo('views.open').find((c) => c.params.trigger_id === 'w.1'));
    expect(JSON.parse(open.params.view.private_metadata)).toMatchObject({ runId });
  });

  it("returns the worker's ack body: modal field errors, then the stored response visible to the request thread", async () => {
    const submit = (values: Record<string, unknown>) =>
      post({
        payload: JSON.stringify({
          type: 'view_submission',
          team: { id: 'T1' },
          user: { id: 'U0000002' },
          view: {
            id: 'V1',
            callback_id: 'survey_submit',
            private_metadata: JSON.stringify({ runId }),
            blocks: ['build_and_test', 'recommend', 'time_lost', 'main_blocker', 'comment'].map((block_id) => ({
              type: 'input',
              block_id,
            })),
            state: { values },
          },
        }),
      });
    const missing = await submit({});
    expect(missing.status).toBe(200);
    expect(JSON.parse(missing.text)).toMatchObject({ response_action: 'errors' });
    const ok = await submit({
      build_and_test: { v: { type: 'radio_buttons', selected_option: { value: '5' } } },
      recommend: { v: { type: 'static_select', selected_option: { value: '8' } } },
      time_lost: { v: { type: 'radio_buttons', selected_option: { value: '0' } } },
      main_blocker: { v: { type: 'radio_buttons', selected_option: { value: '1' } } },
    });
    expect(ok).toEqual({ status: 200, text: '' });
    expect(deps.db.prepare('SELECT COUNT(*) FROM responses WHERE run_id = ?').pluck().get(runId)).toBe(1);
  });

  it('answers a slash command with the text the worker acknowledged, and ignores its replay', async () => {
    const body = new URLSearchParams({
      command: '/chorus',
      text: 'friction the build is slow',
      team_id: 'T1',
      user_id: 'U0000003',
      trigger_id: 'w.2',
    }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(body) };
    const fields = Object.fromEntries(new URLSearchParams(body));
    expect(JSON.parse((await post(fields, headers)).text)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/recorded/),
    });
    expect(await post(fields, headers)).toEqual({ status: 200, text: '' });
    expect(deps.db.prepare('SELECT COUNT(*) FROM friction_reports').pluck().get()).toBe(1);
  });

  it('answers 404 at once when no listener acknowledges a view submission', async () => {
    const t = performance.now();
    const res = await post({
      payload: JSON.stringify({
        type: 'view_submission',
        user: { id: 'U0000001' },
        view: { callback_id: 'nobody_listens', state: { values: {} } },
      }),
    });
    expect(res.status).toBe(404);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
