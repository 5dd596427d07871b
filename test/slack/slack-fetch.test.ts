import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackFetch } from '../../src/slack/slack-fetch.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';

describe("the listener thread's fetch for the Slack Web API client", () => {
  let fake: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient('xoxb-test', {
      slackApiUrl: fake.apiUrl,
      fetch: slackFetch,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
    });
  });
  afterAll(() => fake.close());

  it('sends the call as the global fetch would (form body, bearer token) and reads the JSON answer', async () => {
    const res = await client.views.open({
      trigger_id: 't.1',
      view: { type: 'modal', title: { type: 'plain_text', text: 'Hi' }, blocks: [] },
    });
    expect(res.ok).toBe(true);
    const call = fake.callsTo('views.open')[0];
    expect(call.token).toBe('xoxb-test');
    expect(call.params).toMatchObject({ trigger_id: 't.1', view: { type: 'modal' } });
  });

  it('keeps the client’s error classes: platform error, HTTP error, rate limit with Retry-After', async () => {
    fake.fail('chat.update', { kind: 'error', error: 'message_not_found' });
    await expect(client.chat.update({ channel: 'D1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'message_not_found' },
    });
    fake.fail('chat.update', { kind: 'http', status: 503 });
    await expect(client.chat.update({ channel: 'D1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
      statusCode: 503,
    });
    fake.fail('chat.update', { kind: 'rate_limited', retryAfter: 7 });
    await expect(client.chat.update({ channel: 'D1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 7,
    });
  });

  it('reports a refused connection as a request error', async () => {
    const down = new WebClient('xoxb-test', {
      slackApiUrl: 'http://127.0.0.1:9/api/',
      fetch: slackFetch,
      retryConfig: { retries: 0 },
    });
    await expect(down.auth.test()).rejects.toMatchObject({ code: 'slack_webapi_request_error' });
  });
});
