import { describe, expect, it } from 'vitest';
import { createSlack } from '../../src/slack/slack.js';
import { makeDeps } from '../helpers/deps.js';
import { startFakeSlack } from '../helpers/fake-slack.js';
import { startFakeSocketMode } from '../helpers/fake-slack-socket.js';
import { seedOrg } from './harness.js';

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects through apps.connections.open and answers /chorus over the socket', async () => {
    const socket = await startFakeSocketMode();
    const fake = await startFakeSlack({ socketUrl: socket.url });
    const deps = makeDeps({
      env: { SLACK_BOT_TOKEN: 'xoxb-s', SLACK_APP_TOKEN: 'xapp-s', SLACK_API_URL: fake.apiUrl },
    });
    seedOrg(deps);
    const slack = createSlack(deps, { clientOptions: { retryConfig: { retries: 0 } } })!;
    expect(slack.mode).toBe('socket');
    expect(slack.router).toBeUndefined();
    try {
      await slack.start();
      await socket.ready;
      expect(fake.callsTo('apps.connections.open')[0].token).toBe('xapp-s');
      const ack = await socket.request({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          command: '/chorus',
          text: 'friction flaky login tests',
          user_id: 'U0000001',
          team_id: 'T1',
          channel_id: 'C1',
          trigger_id: 't',
          response_url: fake.responseUrl,
          api_app_id: 'A1',
        },
      });
      expect(ack).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/recorded anonymously/) });
      expect(deps.db.prepare(`SELECT source FROM friction_reports`).all()).toEqual([{ source: 'slack_command' }]);
    } finally {
      await slack.stop();
      await socket.close();
      await fake.close();
    }
  });
});
