import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenerApp, TRIGGER_BUDGET_MS, type Delivery } from '../../src/slack/bolt-app.js';
import { classifySlackBody, type SlackBody } from '../../src/slack/payload.schema.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { makeDeps } from '../helpers/deps.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { eventually, seedOrg, seedPulse } from './harness.js';

describe('the listener queue', () => {
  let fake: FakeSlack;
  let receiver: ReturnType<typeof listenerApp>['receiver'];
  let runId: string;
  beforeAll(async () => {
    fake = await startFakeSlack();
    const deps = makeDeps();
    seedOrg(deps);
    seedPulse(deps);
    runId = openRun(deps, 'pulse', {}).runId;
    receiver = listenerApp(deps, {
      token: 'xoxb-test',
      botId: 'BBOT',
      botUserId: 'UBOT',
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    }).receiver;
  });
  afterAll(() => fake.close());

  const click = (trigger: string, waitedMs: number): Delivery => ({
    body: classifySlackBody({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U0000001' },
      trigger_id: trigger,
      actions: [{ type: 'button', action_id: 'open_survey', value: runId }],
    }) as SlackBody,
    needsAck: false,
    receivedAt: Date.now() - waitedMs,
    signature: `v0=${trigger}`,
    seenAt: new Date().toISOString(),
  });

  it('opens the modal for a fresh click and skips one whose trigger_id expired while it waited', async () => {
    expect(await receiver.deliver(click('stale', TRIGGER_BUDGET_MS + 100))).toEqual({ kind: 'ack' });
    expect(await receiver.deliver(click('fresh', 0))).toEqual({ kind: 'ack', response: undefined });
    await eventually(() => fake.callsTo('views.open').length === 1);
    await receiver.stop();
    expect(fake.callsTo('views.open').map((c) => c.params.trigger_id)).toEqual(['fresh']);
  });

  it('answers "unhandled" when no listener acknowledges', async () => {
    const body = classifySlackBody({
      type: 'view_submission',
      user: { id: 'U0000001' },
      view: { callback_id: 'nobody', state: { values: {} } },
    }) as SlackBody;
    expect(
      await receiver.deliver({
        body,
        needsAck: true,
        receivedAt: Date.now(),
        signature: 'v0=nobody',
        seenAt: new Date().toISOString(),
      }),
    ).toEqual({ kind: 'unhandled' });
  });

  it('does nothing for a signature another process already recorded', async () => {
    expect(await receiver.deliver(click('fresh', 0))).toEqual({ kind: 'ack' });
    await receiver.stop();
    expect(fake.callsTo('views.open').map((c) => c.params.trigger_id)).toEqual(['fresh']);
  });
});
