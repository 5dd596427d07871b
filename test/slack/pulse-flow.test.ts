import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, tokenFor } from '../helpers/server.js';
import { eventually, seedOrg, seedPulse, slackHarness, type Harness } from './harness.js';

/** The answers a person picks in the modal the bot opened (state.values as Slack sends them). */
function stateFor(view: any, picks: Record<string, string>) {
  const values: Record<string, any> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || !(block.block_id in picks)) continue;
    const el = block.element;
    const pick = picks[block.block_id];
    if (el.type === 'plain_text_input') values[block.block_id] = { [el.action_id]: { type: el.type, value: pick } };
    else {
      const option = el.options.find((o: any) => o.value === pick) ?? {
        text: { type: 'plain_text', text: pick },
        value: pick,
      };
      values[block.block_id] = { [el.action_id]: { type: el.type, selected_option: option } };
    }
  }
  return values;
}

const submission = (user: string, view: any, values: Record<string, any>) => ({
  type: 'view_submission',
  team: { id: 'T1' },
  user: { id: user, team_id: 'T1' },
  api_app_id: 'A1',
  trigger_id: 't.2',
  view: {
    id: 'V1',
    team_id: 'T1',
    type: 'modal',
    callback_id: view.callback_id,
    private_metadata: view.private_metadata,
    blocks: view.blocks,
    state: { values },
    hash: 'h',
  },
});

describe('the pulse through Slack (fake Web API, real Bolt receiver)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await slackHarness();
    seedOrg(h.deps);
    seedPulse(h.deps);
  });
  afterEach(() => h.close());

  it('opens a run via the API → DMs → button → modal → submission stored and counted → DM updated', async () => {
    const api = apiClient(h.server.base, tokenFor(h.deps, 'admin'));
    const opened = await api.post('/api/v1/surveys/pulse/runs', {});
    expect(opened.status).toBe(201);
    expect(opened.json.invited).toBe(5);
    const runId = opened.json.run_id;

    const tick = await h.scheduler.tick();
    expect(tick.send?.sent).toBe(4); // Eve has no Slack id: she gets the web link only
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts.map((p) => p.params.channel).sort()).toEqual(['DU0000001', 'DU0000002', 'DU0000003', 'DU0000004']);
    expect(h.fake.callsTo('conversations.open')).toHaveLength(4);
    const dm = posts.find((p) => p.params.channel === 'DU0000001')!;
    expect(dm.params.text).toMatch(/2 minutes, anonymous/);
    expect(JSON.stringify(dm.params.blocks)).toMatch(/\/s\/[A-Za-z0-9_-]{20,}\|Answer on the web>/);
    const button = dm.params.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(button).toMatchObject({ action_id: 'open_survey', value: runId });
    const dmTs = h.fake.messagesIn('DU0000001')[0].ts;

    // A second tick sends nothing more.
    expect((await h.scheduler.tick()).send?.sent).toBe(0);

    const click = await h.postPayload({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U0000001' },
      api_app_id: 'A1',
      trigger_id: 'trig.1',
      container: { type: 'message', channel_id: 'DU0000001', message_ts: dmTs, is_ephemeral: false },
      channel: { id: 'DU0000001' },
      message: { ts: dmTs },
      actions: [{ type: 'button', action_id: 'open_survey', block_id: 'pulse_actions', value: runId, action_ts: '1' }],
    });
    expect(click.status).toBe(200);
    const open = await eventually(() => h.fake.callsTo('views.open')[0]);
    expect(open.params.trigger_id).toBe('trig.1');
    const view = open.params.view;
    expect(view.callback_id).toBe('survey_submit');
    const inputs = view.blocks.filter((b: any) => b.type === 'input');
    expect(inputs.map((b: any) => b.block_id)).toEqual([
      'build_and_test',
      'recommend',
      'time_lost',
      'main_blocker',
      'comment',
    ]);
    expect(inputs[0].element.type).toBe('radio_buttons');
    expect(inputs[0].element.options.map((o: any) => o.value)).toEqual(['1', '2', '3', '4', '5', 'na']);
    expect(inputs[1].element.type).toBe('static_select');
    expect(inputs[1].element.options).toHaveLength(11);
    expect(inputs[2].element.options.map((o: any) => o.value)).toEqual(['0', '<1', '1-2', '2-4', '4-8', '8+']);
    expect(inputs[3].element.options.map((o: any) => o.text.text)).toEqual(['CI', 'Reviews', 'Environments']);
    expect(inputs[4]).toMatchObject({
      optional: true,
      element: { type: 'plain_text_input', multiline: true, max_length: 2000 },
    });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    for (const b of inputs) for (const o of b.element.options ?? []) expect(o.text.text.length).toBeLessThanOrEqual(75);

    const values = stateFor(view, {
      build_and_test: '4',
      recommend: '9',
      time_lost: '1-2',
      main_blocker: '0',
      comment: 'CI got faster',
    });
    const submitted = await h.postPayload(submission('U0000001', view, values));
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');

    const stored = h.deps.db.prepare(`SELECT id, source FROM responses WHERE run_id = ?`).all(runId) as Array<{
      id: number;
      source: string;
    }>;
    expect(stored).toEqual([{ id: expect.any(Number), source: 'slack' }]);
    const answers = h.deps.db
      .prepare(
        `SELECT q.key, a.value_num AS num, a.value_text AS text FROM answers a JOIN questions q ON q.id = a.question_id WHERE a.response_id = ? ORDER BY q.key`,
      )
      .all(stored[0].id);
    expect(answers).toEqual([
      { key: 'build_and_test', num: 4, text: null },
      { key: 'comment', num: null, text: 'CI got faster' },
      { key: 'main_blocker', num: null, text: 'CI' },
      { key: 'recommend', num: 9, text: null },
      { key: 'time_lost', num: expect.any(Number), text: '1-2' },
    ]);
    const update = await eventually(() => h.fake.callsTo('chat.update').find((c) => c.params.channel === 'DU0000001'));
    expect(update.params.ts).toBe(dmTs);
    expect(update.params.text).toMatch(/Thanks/);

    // Two more people answer the same way; the results endpoint counts all three (threshold 3).
    for (const [i, user] of ['U0000002', 'U0000003'].entries()) {
      const channel = `D${user}`;
      const ts = h.fake.messagesIn(channel)[0].ts;
      await h.postPayload({
        type: 'block_actions',
        team: { id: 'T1' },
        user: { id: user },
        trigger_id: `trig.${i + 2}`,
        container: { type: 'message', channel_id: channel, message_ts: ts },
        actions: [
          { type: 'button', action_id: 'open_survey', block_id: 'pulse_actions', value: runId, action_ts: '1' },
        ],
      });
      const v = (
        await eventually(() => h.fake.callsTo('views.open').find((c) => c.params.trigger_id === `trig.${i + 2}`))
      ).params.view;
      const r = await h.postPayload(
        submission(
          user,
          v,
          stateFor(v, { build_and_test: String(2 + i), recommend: '5', time_lost: '0', main_blocker: '1' }),
        ),
      );
      expect(r.text).toBe('');
    }
    h.clock.advance(60_000); // the report window ends at "now"
    const results = await api.get('/api/v1/surveys/pulse/results?team=payments');
    expect(results.status).toBe(200);
    expect(results.json).toMatchObject({ suppressed: false, respondents: 3 });
    const bt = results.json.questions.find((q: any) => q.key === 'build_and_test');
    expect(bt).toMatchObject({ n: 3, distribution: { 2: 1, 3: 1, 4: 1 } });

    // Answered people get no reminder; the outbox rows of the run are settled.
    const after = h.deps.db.prepare(`SELECT status, COUNT(*) AS n FROM slack_outbox GROUP BY status`).all();
    expect(after).toEqual([{ status: 'sent', n: 4 }]);
  });

  it('answers invalid submissions with field errors keyed by question (nothing stored)', async () => {
    const api = apiClient(h.server.base, tokenFor(h.deps, 'admin'));
    const runId = (await api.post('/api/v1/surveys/pulse/runs', {})).json.run_id;
    await h.scheduler.tick();
    await h.postPayload({
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U0000002' },
      trigger_id: 'trig.2',
      container: { type: 'view', view_id: 'VH' },
      actions: [{ type: 'button', action_id: 'open_survey', block_id: 'b', value: runId, action_ts: '1' }],
    });
    const view = (await eventually(() => h.fake.callsTo('views.open')[0])).params.view;
    // The recommend select forged to 11, the likert left out (required), the rest valid.
    const values = stateFor(view, { recommend: '11', time_lost: '0', main_blocker: '2' });
    const res = await h.postPayload(submission('U0000002', view, values));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['build_and_test', 'recommend']);
    expect(h.deps.db.prepare('SELECT COUNT(*) AS n FROM responses').get()).toEqual({ n: 0 });
    expect(h.fake.callsTo('chat.update')).toHaveLength(0);
  });
});
