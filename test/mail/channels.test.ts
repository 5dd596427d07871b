import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { listPeople, upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { importPeopleCsv } from '../../src/directory/people-import.service.js';
import { smtpTransport } from '../../src/mail/transport.js';
import { outboxRepo } from '../../src/schedule/outbox.repo.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { remindRun } from '../../src/surveys/runs.lifecycle.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, startServer } from '../helpers/server.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';
import { seedOrg, seedPulse, slackHarness, type Harness } from '../slack/harness.js';

/** One person per (channel, has a Slack id) pair. */
const MATRIX = [
  { email: 'auto-linked@acme.test', channel: 'auto', slack_user_id: 'U0000011' },
  { email: 'auto-unlinked@acme.test', channel: 'auto' },
  { email: 'slack-linked@acme.test', channel: 'slack', slack_user_id: 'U0000012' },
  { email: 'slack-unlinked@acme.test', channel: 'slack' },
  { email: 'email-linked@acme.test', channel: 'email', slack_user_id: 'U0000013' },
  { email: 'email-unlinked@acme.test', channel: 'email' },
];

function seedMatrix(deps: Deps) {
  upsertTeams(deps, { teams: [{ key: 'payments', name: 'Payments' }] });
  upsertPeople(deps, { people: MATRIX.map((p) => ({ ...p, name: p.email.split('@')[0], team: 'payments' })) });
  seedPulse(deps);
}

/** The transport each person's invitation was queued for (absent: not queued). */
function queued(deps: Deps, routing: { slack: boolean; mail: boolean }): Record<string, string> {
  openRun(deps, 'pulse', {});
  outboxRepo(deps.db).enqueueInvites(deps.now().toISOString(), routing);
  const rows = deps.db
    .prepare(`SELECT p.email, o.transport FROM slack_outbox o JOIN people p ON p.id = o.person_id`)
    .all() as Array<{ email: string; transport: string }>;
  return Object.fromEntries(rows.map((r) => [r.email.split('@')[0], r.transport]));
}

describe('channel rules: which transport invites each person', () => {
  it('Slack and e-mail on: auto prefers Slack when linked; slack and email stick to theirs', () => {
    const deps = makeDeps();
    seedMatrix(deps);
    expect(queued(deps, { slack: true, mail: true })).toEqual({
      'auto-linked': 'slack',
      'auto-unlinked': 'email',
      'slack-linked': 'slack',
      'email-linked': 'email',
      'email-unlinked': 'email',
    });
  });

  it('only e-mail on: everyone but "slack" people gets e-mail, linked or not', () => {
    const deps = makeDeps();
    seedMatrix(deps);
    expect(queued(deps, { slack: false, mail: true })).toEqual({
      'auto-linked': 'email',
      'auto-unlinked': 'email',
      'email-linked': 'email',
      'email-unlinked': 'email',
    });
  });

  it('only Slack on: linked people who accept Slack, as before e-mail existed', () => {
    const deps = makeDeps();
    seedMatrix(deps);
    expect(queued(deps, { slack: true, mail: false })).toEqual({ 'auto-linked': 'slack', 'slack-linked': 'slack' });
  });
});

describe('channel on people: API, CSV, kept when absent', () => {
  it('stores channel from the API, keeps it when a later upsert leaves it out, and names the field when wrong', async () => {
    const deps = makeDeps({ env: { CHORUS_API_TOKEN: 'bootstrap-token-0123456789' } });
    const server = await startServer(deps);
    try {
      const api = apiClient(server.base, 'bootstrap-token-0123456789');
      expect((await api.post('/api/v1/teams', { key: 'web', name: 'Web' })).status).toBe(200);
      const ok = await api.post('/api/v1/people', { email: 'a@acme.test', name: 'A', team: 'web', channel: 'email' });
      expect(ok.status).toBe(200);
      await api.post('/api/v1/people', { email: 'a@acme.test', name: 'A B', team: 'web' });
      await api.post('/api/v1/people', { email: 'b@acme.test', name: 'B', team: 'web' });
      const list = await api.get('/api/v1/people');
      expect(list.json.people.map((p: { email: string; channel: string }) => [p.email, p.channel])).toEqual([
        ['a@acme.test', 'email'],
        ['b@acme.test', 'auto'],
      ]);
      const bad = await api.post('/api/v1/people', {
        people: [
          { email: 'c@acme.test', name: 'C', team: 'web' },
          { email: 'd@acme.test', name: 'D', team: 'web', channel: 'teams' },
        ],
      });
      expect(bad.status).toBe(422);
      expect(bad.json.error.details).toEqual([
        expect.objectContaining({ index: 1, field: 'channel', message: 'must be auto, slack or email' }),
      ]);
      expect(listPeople(deps).map((p) => p.email)).toEqual(['a@acme.test', 'b@acme.test']); // nothing half-stored
    } finally {
      await server.close();
    }
  });

  it('imports channel from a CSV column (case-insensitive; an empty cell keeps the stored one)', () => {
    const deps = makeDeps();
    upsertTeams(deps, { teams: [{ key: 'web', name: 'Web' }] });
    upsertPeople(deps, { people: [{ email: 'b@acme.test', name: 'B', team: 'web', channel: 'slack' }] });
    importPeopleCsv(deps, 'email,name,team,channel\na@acme.test,A,web,Email\nb@acme.test,B,web,\n');
    expect(listPeople(deps).map((p) => [p.email, p.channel])).toEqual([
      ['a@acme.test', 'email'],
      ['b@acme.test', 'slack'],
    ]);
    expect(() => importPeopleCsv(deps, 'email,name,team,channel\nc@acme.test,C,web,fax\n')).toThrow(/problem/);
  });
});

describe('Slack and e-mail on together (fake Slack, real SMTP server)', () => {
  let h: Harness;
  let smtp: TestSmtp;
  afterEach(async () => {
    await h.close();
    await smtp.close();
  });

  it('DMs the linked auto and slack people, mails the others, each exactly once; reminders by hand follow the same rule', async () => {
    smtp = await startTestSmtp();
    h = await slackHarness({ start: '2026-03-02T09:00:00.000Z' });
    h.deps.config.mail = loadConfig({ CHORUS_SMTP_URL: smtp.url, CHORUS_MAIL_FROM: 'chorus@acme.test' }).mail;
    seedOrg(h.deps); // ana…dev on Slack (U0000001…4), eve not
    seedPulse(h.deps, { reminders: [24] });
    upsertPeople(h.deps, {
      people: [
        { email: 'ben@acme.test', name: 'Ben', team: 'payments', channel: 'email' },
        { email: 'cleo@acme.test', name: 'Cleo', team: 'payments', channel: 'slack' },
      ],
    });
    const transport = smtpTransport(h.deps.config.mail!);
    const scheduler = createScheduler(h.deps, {
      client: h.slack.client,
      mail: transport,
      outbox: { sendGapMs: 0 },
      mailOutbox: { sendGapMs: 0 },
    });
    try {
      const { runId } = openRun(h.deps, 'pulse', {});
      const tick = await scheduler.tick();
      expect(tick.send).toMatchObject({ sent: 3 });
      expect(tick.mail).toMatchObject({ sent: 2 });
      await scheduler.tick();
      const dms = ['DU0000001', 'DU0000002', 'DU0000003', 'DU0000004'].map((c) => h.fake.messagesIn(c).length);
      expect(dms).toEqual([1, 0, 1, 1]);
      expect(['ben@acme.test', 'eve@acme.test', 'ana@acme.test'].map((a) => smtp.countFor(a))).toEqual([1, 1, 0]);

      h.clock.advance(3_600_000);
      expect(remindRun(h.deps, runId)).toMatchObject({ reminded: 5, at_cap: 0 });
      await scheduler.tick();
      expect(['ben@acme.test', 'eve@acme.test'].map((a) => smtp.countFor(a))).toEqual([2, 2]);
      expect(h.fake.messagesIn('DU0000001')).toHaveLength(2);
    } finally {
      await scheduler.stop();
      transport.close();
    }
  });
});

describe('reminders by hand with only e-mail on', () => {
  it('are queued by e-mail instead of refused', async () => {
    const smtp = await startTestSmtp();
    const clock = testClock('2026-03-02T09:00:00.000Z');
    const deps = makeDeps({
      env: { CHORUS_SMTP_URL: smtp.url, CHORUS_MAIL_FROM: 'chorus@acme.test' },
      now: clock.now,
    });
    const transport = smtpTransport(deps.config.mail!);
    try {
      seedOrg(deps);
      seedPulse(deps);
      const { runId } = openRun(deps, 'pulse', {});
      const scheduler = createScheduler(deps, { client: null, mail: transport, mailOutbox: { sendGapMs: 0 } });
      expect((await scheduler.tick()).mail).toMatchObject({ sent: 5 });
      clock.advance(60_000);
      expect(remindRun(deps, runId)).toMatchObject({ reminded: 5 });
      expect((await scheduler.tick()).mail).toMatchObject({ sent: 5 });
      expect(smtp.countFor('ana@acme.test')).toBe(2);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('are refused (409) when neither Slack nor e-mail is on', () => {
    const deps = makeDeps();
    seedOrg(deps);
    seedPulse(deps);
    const { runId } = openRun(deps, 'pulse', {});
    expect(() => remindRun(deps, runId)).toThrow(/neither Slack nor e-mail/);
  });
});
