import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlack } from '../../src/slack/slack.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { startServer } from '../helpers/server.js';
import { SLACK_REPEAT_DROPPED, until, watchLog } from '../helpers/until.js';
import { eventually, seedOrg, seedPulse, signatureHeaders, slackHarness, type Harness } from './harness.js';

const FORM = 'application/x-www-form-urlencoded';

/** One signed request, sent as often as asked with exactly the same body and headers (a replay). */
function signed(fields: Record<string, string>, ts?: number) {
  const body = new URLSearchParams(fields).toString();
  const headers = { 'content-type': FORM, ...signatureHeaders(body, ts) };
  return {
    body,
    headers,
    send: async (base: string) => {
      const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers });
      return { status: res.status, text: await res.text() };
    },
  };
}
const payload = (p: unknown, ts?: number) => signed({ payload: JSON.stringify(p) }, ts);
const count = (h: Harness, sql: string) => (h.deps.db.prepare(sql).get() as { n: number }).n;
/** Waits until Chorus has dropped `n` repeated deliveries: the signal that a replay did no work. */
const dropped = (h: Harness, n: number) => {
  const log = watchLog(h.deps, 'debug', 'warn');
  return async () => {
    await until(() => log.count(...SLACK_REPEAT_DROPPED) === n, { what: `${n} replay(s) to be dropped` });
    log.restore();
  };
};

describe('replayed Slack requests (same signature within the 5-minute window) do no work', () => {
  let h: Harness;
  let runId: string;
  beforeEach(async () => {
    h = await slackHarness();
    seedOrg(h.deps);
    seedPulse(h.deps);
    runId = openRun(h.deps, 'pulse', {}).runId;
  });
  afterEach(() => h.close());

  it('a replayed friction modal submit stores one friction report', async () => {
    const req = payload({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U0000002' },
      api_app_id: 'A1',
      view: {
        id: 'V1',
        callback_id: 'friction_submit',
        private_metadata: '',
        blocks: [{ type: 'input', block_id: 'friction_text' }],
        state: { values: { friction_text: { v: { type: 'plain_text_input', value: 'Flaky integration tests' } } } },
      },
    });
    const first = await req.send(h.server.base);
    const replays = [await req.send(h.server.base), await req.send(h.server.base)];
    expect(first).toEqual({ status: 200, text: '' });
    expect(replays).toEqual([
      { status: 200, text: '' },
      { status: 200, text: '' },
    ]);
    expect(count(h, 'SELECT COUNT(*) AS n FROM friction_reports')).toBe(1);
  });

  it('a replayed `/chorus friction …` stores one friction report and answers the replay with an empty 200', async () => {
    const req = signed({
      command: '/chorus',
      text: 'friction the staging deploy took 40 minutes',
      team_id: 'T1',
      user_id: 'U0000001',
      channel_id: 'C1',
      trigger_id: 'cmd.1',
      response_url: h.fake.responseUrl,
    });
    const first = await req.send(h.server.base);
    expect(JSON.parse(first.text).text).toMatch(/recorded anonymously/);
    expect(await req.send(h.server.base)).toEqual({ status: 200, text: '' });
    expect(count(h, 'SELECT COUNT(*) AS n FROM friction_reports')).toBe(1);
    // The same words sent again by Slack (a new request, so a new signature) are a second report.
    await signed({
      command: '/chorus',
      text: 'friction the staging deploy took 40 minutes',
      team_id: 'T1',
      user_id: 'U0000001',
      trigger_id: 'cmd.2',
    }).send(h.server.base);
    expect(count(h, 'SELECT COUNT(*) AS n FROM friction_reports')).toBe(2);
  });

  it('a replayed pulse modal submit stores one response and updates nothing twice', async () => {
    const req = payload({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U0000003' },
      api_app_id: 'A1',
      view: {
        id: 'V2',
        callback_id: 'survey_submit',
        private_metadata: JSON.stringify({ runId, channel: 'DU0000003', ts: '1.000100' }),
        blocks: ['build_and_test', 'recommend', 'time_lost', 'main_blocker', 'comment'].map((block_id) => ({
          type: 'input',
          block_id,
        })),
        state: {
          values: {
            build_and_test: { v: { type: 'radio_buttons', selected_option: { value: '4' } } },
            recommend: { v: { type: 'static_select', selected_option: { value: '9' } } },
            time_lost: { v: { type: 'radio_buttons', selected_option: { value: '1-2' } } },
            main_blocker: { v: { type: 'radio_buttons', selected_option: { value: '0' } } },
          },
        },
      },
    });
    expect(await req.send(h.server.base)).toEqual({ status: 200, text: '' });
    await eventually(() => h.fake.callsTo('chat.update').length === 1);
    const responseIds = h.deps.db.prepare('SELECT id FROM responses').pluck().all();
    const replayDropped = dropped(h, 1);
    expect(await req.send(h.server.base)).toEqual({ status: 200, text: '' });
    await replayDropped();
    expect(h.deps.db.prepare('SELECT id FROM responses').pluck().all()).toEqual(responseIds);
    expect(responseIds).toHaveLength(1);
    expect(count(h, 'SELECT COUNT(*) AS n FROM answers')).toBe(4);
    expect(h.fake.callsTo('chat.update')).toHaveLength(1);
  });

  it('a replayed Answer click opens the modal once', async () => {
    const req = payload({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U0000001' },
      api_app_id: 'A1',
      trigger_id: 'trig.1',
      container: { type: 'message', channel_id: 'DU0000001', message_ts: '1.1' },
      actions: [{ type: 'button', action_id: 'open_survey', block_id: 'b', value: runId, action_ts: '1' }],
    });
    const replayDropped = dropped(h, 1);
    expect((await req.send(h.server.base)).status).toBe(200);
    expect((await req.send(h.server.base)).status).toBe(200);
    await eventually(() => h.fake.callsTo('views.open').length === 1);
    await replayDropped();
    expect(h.fake.callsTo('views.open')).toHaveLength(1);
  });

  it('remembers seen signatures in the database, so a restarted edge still refuses the replay', async () => {
    const req = signed({
      command: '/chorus',
      text: 'friction slow reviews',
      team_id: 'T1',
      user_id: 'U0000001',
      trigger_id: 'cmd.r',
    });
    expect(JSON.parse((await req.send(h.server.base)).text).text).toMatch(/recorded/);
    const restarted = createSlack(h.deps, { clientOptions: { retryConfig: { retries: 0 } } })!;
    await restarted.start();
    const server = await startServer(h.deps, { beforeParsers: [restarted.router!] });
    try {
      expect(await req.send(server.base)).toEqual({ status: 200, text: '' });
      expect(count(h, 'SELECT COUNT(*) AS n FROM friction_reports')).toBe(1);
    } finally {
      await server.close();
      await restarted.stop();
    }
  });
});

describe('two Chorus processes on one database', () => {
  it('a request replayed to the other process is recorded once, by whichever listener side took it first', async () => {
    const h = await slackHarness();
    seedOrg(h.deps);
    const other = createSlack(h.deps, { clientOptions: { retryConfig: { retries: 0 } } })!;
    await other.start();
    const server = await startServer(h.deps, { beforeParsers: [other.router!] });
    try {
      const req = signed({
        command: '/chorus',
        text: 'friction two instances',
        team_id: 'T1',
        user_id: 'U0000001',
        trigger_id: 'cmd.x',
      });
      expect(JSON.parse((await req.send(h.server.base)).text).text).toMatch(/recorded/);
      expect(await req.send(server.base)).toEqual({ status: 200, text: '' });
      expect(count(h, 'SELECT COUNT(*) AS n FROM friction_reports')).toBe(1);
    } finally {
      await server.close();
      await other.stop();
      await h.close();
    }
  });
});

describe('the signature window', () => {
  it('refuses timestamps more than 5 minutes away either way, and forgets signatures once they can no longer pass', async () => {
    let now = Date.now();
    const h = await slackHarness();
    const slack = createSlack(h.deps, { clientOptions: { retryConfig: { retries: 0 } }, clock: () => now })!;
    await slack.start();
    const server = await startServer(h.deps, { beforeParsers: [slack.router!] });
    try {
      const sec = Math.floor(now / 1000);
      const event = (id: string, ts: number) =>
        signed(
          { payload: JSON.stringify({ type: 'shortcut', callback_id: 'nothing', user: { id: 'U1' }, trigger_id: id }) },
          ts,
        );
      expect((await event('past', sec - 301).send(server.base)).status).toBe(401);
      expect((await event('future', sec + 301).send(server.base)).status).toBe(401);
      const ok = event('ok', sec);
      expect((await ok.send(server.base)).status).toBe(200);
      await eventually(() => count(h, 'SELECT COUNT(*) AS n FROM slack_seen_signatures') === 1);
      now += 11 * 60_000;
      // Eleven minutes on, the old request fails the window on its own, and its row is purged.
      expect((await ok.send(server.base)).status).toBe(401);
      const later = event('later', Math.floor(now / 1000));
      expect((await later.send(server.base)).status).toBe(200);
      await eventually(() => {
        const rows = h.deps.db.prepare('SELECT signature FROM slack_seen_signatures').pluck().all();
        return rows.length === 1 && rows[0] === later.headers['x-slack-signature'];
      });
    } finally {
      await server.close();
      await slack.stop();
      await h.close();
    }
  });
});
