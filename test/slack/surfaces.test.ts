import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hmac } from '../../src/auth/crypto.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { eventually, seedOrg, seedPulse, slackHarness, type Harness } from './harness.js';

const personId = (h: Harness, email: string) =>
  (h.deps.db.prepare('SELECT id FROM people WHERE email = ?').get(email) as { id: number }).id;

describe('Slack surfaces: /chorus, the friction shortcut, App Home', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await slackHarness();
    seedOrg(h.deps);
    seedPulse(h.deps);
  });
  afterEach(() => h.close());

  const command = (text: string, user = 'U0000001') =>
    h.postForm({
      command: '/chorus',
      text,
      team_id: 'T1',
      user_id: user,
      channel_id: 'C1',
      trigger_id: `cmd.${text || 'open'}`,
      response_url: h.fake.responseUrl,
      api_app_id: 'A1',
    });

  it('/chorus help and unknown subcommands answer privately', async () => {
    const help = await command('help');
    expect(help.status).toBe(200);
    expect(JSON.parse(help.text)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('/chorus friction'),
    });
    expect(JSON.parse((await command('dance')).text).text).toMatch(/I don't know "dance"/);
  });

  it("/chorus friction records a pseudonymous report in the person's team, confirmed privately", async () => {
    const res = await command('friction the staging deploy took 40 minutes again');
    expect(JSON.parse(res.text)).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/recorded anonymously/),
    });
    const rows = h.deps.db
      .prepare('SELECT team_id AS teamId, respondent, text, category, source FROM friction_reports')
      .all();
    expect(rows).toEqual([
      {
        teamId: expect.any(Number),
        respondent: hmac(h.deps.keys.pseudonym, `person:${personId(h, 'ana@acme.test')}`),
        text: 'the staging deploy took 40 minutes again',
        category: null,
        source: 'slack_command',
      },
    ]);
    expect(JSON.parse((await command('friction')).text).text).toMatch(/Tell me what got in your way/);
    expect(JSON.parse((await command('friction the wiki is outdated', 'U0999999')).text).text).toMatch(
      /can't find you/,
    );
    expect(h.deps.db.prepare('SELECT COUNT(*) AS n FROM friction_reports').get()).toEqual({ n: 1 });
  });

  it('/chorus opens the current pulse, or says none is open', async () => {
    await command('');
    const none = await eventually(() => h.fake.callsTo('views.open')[0]);
    expect(none.params.view.blocks[0].text.text).toMatch(/No pulse is open/);
    const { runId } = openRun(h.deps, 'pulse', {});
    await command('');
    const open = await eventually(() => h.fake.callsTo('views.open')[1]);
    expect(open.params.trigger_id).toBe('cmd.open');
    expect(JSON.parse(open.params.view.private_metadata)).toEqual({ runId, locale: 'en' });
  });

  it('the "Report friction" shortcut opens a modal whose submission is validated and stored', async () => {
    const shortcut = await h.postPayload({
      type: 'shortcut',
      callback_id: 'report_friction',
      team: { id: 'T1' },
      user: { id: 'U0000002' },
      trigger_id: 'sc.1',
      action_ts: '1',
    });
    expect(shortcut.status).toBe(200);
    const view = (await eventually(() => h.fake.callsTo('views.open')[0])).params.view;
    expect(view.callback_id).toBe('friction_submit');
    const submit = (text: string, category?: string) =>
      h.postPayload({
        type: 'view_submission',
        team: { id: 'T1' },
        user: { id: 'U0000002' },
        view: {
          id: 'V2',
          callback_id: 'friction_submit',
          private_metadata: '',
          blocks: view.blocks,
          state: {
            values: {
              friction_text: { v: { type: 'plain_text_input', value: text } },
              friction_category: {
                v: {
                  type: 'static_select',
                  selected_option: category ? { value: category, text: { type: 'plain_text', text: category } } : null,
                },
              },
            },
          },
        },
      });
    const tooShort = await submit('no');
    expect(JSON.parse(tooShort.text)).toEqual({
      response_action: 'errors',
      errors: { friction_text: expect.stringMatching(/at least 3/) },
    });
    const ok = await submit('Waiting for a review for two days', 'Code review');
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    expect(h.deps.db.prepare('SELECT text, category, source FROM friction_reports').all()).toEqual([
      { text: 'Waiting for a review for two days', category: 'Code review', source: 'slack_shortcut' },
    ]);
  });

  it("App Home shows open pulses, only the person's own answers, and the latest updates", async () => {
    const { runId } = openRun(h.deps, 'pulse', {});
    submitResponse(h.deps, {
      runId,
      personId: personId(h, 'ana@acme.test'),
      source: 'web',
      answers: {
        build_and_test: 2,
        recommend: 3,
        time_lost: '4-8',
        main_blocker: 'Reviews',
        comment: 'ana-secret-comment',
      },
    });
    submitResponse(h.deps, {
      runId,
      personId: personId(h, 'ben@acme.test'),
      source: 'web',
      answers: { build_and_test: 5, recommend: 10, time_lost: '0', main_blocker: 'CI', comment: 'ben-secret-comment' },
    });
    h.deps.db
      .prepare(
        `INSERT INTO loop_updates (theme_key, title, body, status, created_at) VALUES ('ci', 'Faster CI runners', 'Builds now use 16-core runners.', 'shipped', ?)`,
      )
      .run(new Date().toISOString());
    await h.postEvent({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'EvHome1',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'U0000001', channel: 'D1', tab: 'home' },
    });
    const publish = await eventually(() => h.fake.callsTo('views.publish')[0]);
    expect(publish.params.user_id).toBe('U0000001');
    const text = JSON.stringify(publish.params.view);
    expect(text).toContain('Monthly pulse');
    expect(text).toContain('ana-secret-comment');
    expect(text).toContain('2 – Disagree');
    expect(text).not.toContain('ben-secret-comment');
    expect(text).toContain('Faster CI runners');
    const button = publish.params.view.blocks.find((b: any) => b.accessory?.action_id === 'open_survey');
    expect(button.accessory.value).toBe(runId);
    expect(publish.params.view.blocks.length).toBeLessThanOrEqual(100);
  });
});
