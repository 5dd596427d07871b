import { verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlack } from '../../src/slack/slack.js';
import { makeDeps } from '../helpers/deps.js';
import { SLACK_REPEAT_DROPPED, until, watchLog } from '../helpers/until.js';
import { eventually, seedOrg, signatureHeaders, slackHarness, type Harness } from './harness.js';

describe('request signatures', () => {
  it("accepts Slack's documented signing test vector", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const headers = signatureHeaders(body, 1531420618, '8f742231b10e8888abcd99yyyzzz85a5');
    expect(headers['x-slack-signature']).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    expect(() =>
      verifySlackRequest({
        signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
        body,
        headers: { 'x-slack-signature': headers['x-slack-signature'], 'x-slack-request-timestamp': 1531420618 },
        nowMilliseconds: 1531420618_000,
      }),
    ).not.toThrow();
  });
});

describe('the real receiver at POST /slack/events', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await slackHarness();
    seedOrg(h.deps);
  });
  afterAll(() => h.close());

  it('answers url_verification', async () => {
    const res = await h.postEvent({ type: 'url_verification', challenge: 'abc123' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'abc123' });
  });

  it('rejects a bad signature and a stale timestamp with 401', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'x' });
    const bad = await fetch(`${h.server.base}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...signatureHeaders(body, undefined, 'wrong-secret') },
    });
    expect(bad.status).toBe(401);
    const stale = await fetch(`${h.server.base}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders(body, Math.floor(Date.now() / 1000) - 6 * 60),
      },
    });
    expect(stale.status).toBe(401);
    const unsigned = await fetch(`${h.server.base}/slack/events`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(unsigned.status).toBe(401);
  });

  it('handles a retried event delivery (same event_id, x-slack-retry-num) once', async () => {
    const event = {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev42',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'U0000001', channel: 'DU0000001', tab: 'home' },
    };
    expect((await h.postEvent(event)).status).toBe(200);
    await eventually(() => h.fake.callsTo('views.publish').length === 1);
    const dropped = watchLog(h.deps, 'debug', 'warn');
    const retry = await h.postEvent(event, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' });
    expect(retry.status).toBe(200);
    // The signal: Chorus met the retry and dropped it (no fixed sleep hoping nothing happens).
    await until(() => dropped.count(...SLACK_REPEAT_DROPPED) === 1, { what: 'the retry to be dropped' });
    dropped.restore();
    expect(h.fake.callsTo('views.publish')).toHaveLength(1);
    // A different event id is a new delivery.
    await h.postEvent({ ...event, event_id: 'Ev43' });
    await eventually(() => h.fake.callsTo('views.publish').length === 2);
  });
});

describe('startup', () => {
  it('is off (no Bolt at all) without Slack variables', () => {
    expect(createSlack(makeDeps())).toBeNull();
  });

  it('turns a bad token into a clear, catchable startup error', async () => {
    const { startFakeSlack } = await import('../helpers/fake-slack.js');
    const fake = await startFakeSlack();
    fake.fail('auth.test', { kind: 'error', error: 'invalid_auth' });
    const deps = makeDeps({
      env: { SLACK_BOT_TOKEN: 'xoxb-bad', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl },
    });
    const slack = createSlack(deps, { clientOptions: { retryConfig: { retries: 0 } } })!;
    await expect(slack.start()).rejects.toThrow(/Slack could not start: invalid_auth\. Check SLACK_BOT_TOKEN/);
    expect(fake.callsTo('auth.test')).toHaveLength(1);
    await fake.close();
  });

  it('reports an unreachable Slack API the same way', async () => {
    const deps = makeDeps({
      env: { SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: 'http://127.0.0.1:9/api/' },
    });
    const slack = createSlack(deps, { clientOptions: { retryConfig: { retries: 0 } } })!;
    await expect(slack.start()).rejects.toThrow(/Slack could not start: .*SLACK_API_URL/);
  });
});
