import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { upsertPeople } from '../../src/directory/directory.service.js';
import { i18nRepo } from '../../src/i18n/i18n.repo.js';
import { messagesFor } from '../../src/i18n/messages.js';
import { syncDirectoryFromSlack } from '../../src/slack/directory-sync.js';
import { bankQuestion } from '../../src/surveys/question-bank.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { apiClient, tokenFor } from '../helpers/server.js';
import { eventually, seedOrg, slackHarness, type Harness } from '../slack/harness.js';

const bank = (key: string) => {
  const q = bankQuestion(key)!;
  return { key: q.key, text: q.text, type: q.type, dimension: q.dimension };
};

/** Bank items (translated by the bank) and a choice question translated by the survey. */
function seedPulse(h: Harness) {
  upsertSurvey(h.deps, {
    key: 'pulse',
    name: 'Pulse',
    audience: ['payments'],
    anonymity_threshold: 3,
    questions: [
      bank('build_and_test'),
      bank('recommend'),
      bank('hours_lost'),
      {
        key: 'main_blocker',
        text: 'Biggest blocker?',
        type: 'choice',
        options: ['CI', 'Reviews', 'Environments'],
        translations: { de: { text: 'Größter Bremsklotz?', options: ['CI', 'Code-Reviews', 'Umgebungen'] } },
      },
      { ...bank('friction'), help: bankQuestion('friction')!.help },
    ],
  });
}

const click = (h: Harness, user: string, runId: string, trigger: string) =>
  h.postPayload({
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: user },
    api_app_id: 'A1',
    trigger_id: trigger,
    container: { type: 'message', channel_id: `D${user}`, message_ts: '1.000001', is_ephemeral: false },
    channel: { id: `D${user}` },
    actions: [{ type: 'button', action_id: 'open_survey', block_id: 'pulse_actions', value: runId, action_ts: '1' }],
  });

describe('Slack in the person language (fake Web API, real Bolt receiver)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await slackHarness({
      users: [
        { id: 'U0000002', profile: { email: 'ben@acme.test' }, locale: 'ja-JP' },
        { id: 'U0000003', profile: { email: 'cleo@acme.test' }, locale: 'fr-FR' },
      ],
    });
    seedOrg(h.deps);
    // Ana chose German; Ben has no language of his own (Slack says Japanese); Cleo chose Spanish over Slack's French.
    upsertPeople(h.deps, {
      people: [
        { email: 'ana@acme.test', name: 'Ana', team: 'payments', slack_user_id: 'U0000001', locale: 'de' },
        { email: 'cleo@acme.test', name: 'Cleo', team: 'payments', slack_user_id: 'U0000003', locale: 'es' },
      ],
    });
    seedPulse(h);
  });
  afterEach(() => h.close());

  it('keeps Slack locales from the directory sync (include_locale) without touching the chosen ones', async () => {
    const result = await syncDirectoryFromSlack(h.deps, h.slack.client);
    expect(result.locales).toBe(2);
    const list = h.fake.callsTo('users.list');
    expect(list.every((c) => String(c.params.include_locale) === 'true')).toBe(true);
    const locales = (email: string) =>
      i18nRepo(h.deps.db).personLocales(directoryRepo(h.deps.db).personByEmail(email)!.id);
    expect(locales('ben@acme.test')).toEqual({ locale: null, slackLocale: 'ja-JP' });
    expect(locales('cleo@acme.test')).toEqual({ locale: 'es', slackLocale: 'fr-FR' });
    // A second sync changes nothing.
    expect((await syncDirectoryFromSlack(h.deps, h.slack.client)).locales).toBe(0);
  });

  it('sends the DM, opens the modal and thanks in German for a person with locale de; answers are stored the same', async () => {
    await syncDirectoryFromSlack(h.deps, h.slack.client);
    const api = apiClient(h.server.base, tokenFor(h.deps, 'admin'));
    const opened = await api.post('/api/v1/surveys/pulse/runs', {});
    expect(opened.status).toBe(201);
    const runId = opened.json.run_id as string;
    await h.scheduler.tick();
    const dms = new Map(h.fake.callsTo('chat.postMessage').map((c) => [c.params.channel, c.params]));
    const closesAt = h.deps.db.prepare('SELECT closes_at FROM runs WHERE id = ?').pluck().get(runId) as string;

    const ana = dms.get('DU0000001')!;
    expect(ana.text).toBe('Pulse: 2 Minuten, anonym');
    const anaBlocks = JSON.stringify(ana.blocks);
    expect(anaBlocks).toContain('ist offen: 2 Minuten, anonym');
    expect(anaBlocks).toContain(`Offen bis ${messagesFor('de').date(closesAt)}`);
    expect(anaBlocks).toMatch(/\|Im Web antworten>/);
    expect(anaBlocks).toContain('Antworten (2 Min.)');
    // Ben: no language of his own → Slack's (Japanese); Cleo: her own (Spanish) beats Slack's French; Dev: English.
    expect(dms.get('DU0000002')!.text).toBe('Pulse：所要2分、匿名');
    expect(dms.get('DU0000003')!.text).toBe('Pulse: 2 minutos, anónima');
    expect(dms.get('DU0000004')!.text).toBe('Pulse: 2 minutes, anonymous');

    expect((await click(h, 'U0000001', runId, 'trig.de')).status).toBe(200);
    const view = (await eventually(() => h.fake.callsTo('views.open').find((c) => c.params.trigger_id === 'trig.de')))
      .params.view;
    expect(view.submit.text).toBe('Senden');
    expect(view.close.text).toBe('Später');
    const inputs = view.blocks.filter((b: any) => b.type === 'input');
    expect(inputs[0].label.text).toBe('Unser Build- und Testzyklus ist so schnell, dass ich selten darauf warten muss');
    expect(inputs[0].element.options.map((o: any) => o.text.text)).toEqual([
      '1 – Stimme überhaupt nicht zu',
      '2 – Stimme nicht zu',
      '3 – Neutral',
      '4 – Stimme zu',
      '5 – Stimme voll und ganz zu',
      'Entfällt – betrifft mich nicht',
    ]);
    expect(inputs[0].element.options.map((o: any) => o.value)).toEqual(['1', '2', '3', '4', '5', 'na']);
    expect(inputs[2].element.options.map((o: any) => o.text.text)).toContain('Mehr als 8 Stunden');
    expect(inputs[3].label.text).toBe('Größter Bremsklotz?');
    expect(inputs[3].element.options.map((o: any) => o.text.text)).toEqual(['CI', 'Code-Reviews', 'Umgebungen']);
    expect(inputs[4].element.placeholder.text).toBe('Was hat dich ausgebremst, was hat geholfen? (optional)');

    const pick = (block: any, value: string) => ({
      [block.element.action_id]: {
        type: block.element.type,
        selected_option: block.element.options.find((o: any) => o.value === value),
      },
    });
    const values = {
      build_and_test: pick(inputs[0], '4'),
      recommend: pick(inputs[1], '9'),
      hours_lost: pick(inputs[2], '1-2'),
      main_blocker: pick(inputs[3], '1'),
    };
    const submitted = await h.postPayload({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U0000001', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 't.2',
      view: { ...view, id: 'V1', team_id: 'T1', state: { values }, hash: 'h' },
    });
    expect(submitted.status).toBe(200);
    const response = h.deps.db
      .prepare(
        `SELECT r.id, rl.locale FROM responses r JOIN response_languages rl ON rl.response_id = r.id WHERE r.run_id = ?`,
      )
      .get(runId) as { id: number; locale: string };
    expect(response.locale).toBe('de');
    const answers = h.deps.db
      .prepare(
        `SELECT q.key, a.value_num AS num, a.value_text AS text FROM answers a JOIN questions q ON q.id = a.question_id
         WHERE a.response_id = ? ORDER BY q.key`,
      )
      .all(response.id);
    expect(answers).toEqual([
      { key: 'build_and_test', num: 4, text: null },
      { key: 'hours_lost', num: 1.5, text: '1-2' },
      { key: 'main_blocker', num: null, text: 'Reviews' },
      { key: 'recommend', num: 9, text: null },
    ]);
    const update = await eventually(() => h.fake.callsTo('chat.update').find((c) => c.params.channel === 'DU0000001'));
    expect(update.params.text).toBe('Danke – deine Antworten zu Pulse sind angekommen.');

    // The App Home: German headings, her own answers with German labels.
    await h.postEvent({
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A1',
      event_id: 'Ev-home-de',
      event_time: 1,
      event: { type: 'app_home_opened', user: 'U0000001', channel: 'DU0000001', tab: 'home' },
    });
    const home = (await eventually(() => h.fake.callsTo('views.publish').find((c) => c.params.user_id === 'U0000001')))
      .params.view;
    const homeText = JSON.stringify(home);
    expect(homeText).toContain('Deine Pulses');
    expect(homeText).toContain('beantwortet, du kannst noch ändern');
    expect(homeText).toContain('4 – Stimme zu');
    expect(homeText).toContain('Code-Reviews');
    expect(homeText).toContain('1–2 Stunden');
    expect(homeText).toContain('Ihr habt gesagt, wir haben gehandelt');
  });

  it('answers an invalid modal submission with field errors in German', async () => {
    const api = apiClient(h.server.base, tokenFor(h.deps, 'admin'));
    const runId = (await api.post('/api/v1/surveys/pulse/runs', {})).json.run_id as string;
    await h.scheduler.tick();
    await click(h, 'U0000001', runId, 'trig.err');
    const view = (await eventually(() => h.fake.callsTo('views.open').find((c) => c.params.trigger_id === 'trig.err')))
      .params.view;
    const recommend = view.blocks.find((b: any) => b.block_id === 'recommend');
    const res = await h.postPayload({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'U0000001', team_id: 'T1' },
      api_app_id: 'A1',
      trigger_id: 't.3',
      view: {
        ...view,
        id: 'V2',
        team_id: 'T1',
        hash: 'h',
        state: {
          values: {
            recommend: {
              [recommend.element.action_id]: {
                type: recommend.element.type,
                selected_option: recommend.element.options[9],
              },
            },
          },
        },
      },
    });
    const body = JSON.parse(res.text) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(body.errors.build_and_test).toBe('Bitte wähle eine Antwort oder „Betrifft mich nicht“');
    expect(body.errors.hours_lost).toBe('Bitte beantworte diese Frage');
    expect(h.deps.db.prepare('SELECT COUNT(*) FROM responses').pluck().get()).toBe(0);
  });
});
