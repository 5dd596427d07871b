import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import type { Deps } from '../../src/deps.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { createLogger } from '../../src/log.js';
import { smtpTransport, type SmtpTransport } from '../../src/mail/transport.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { deriveKeys } from '../../src/settings/secret.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const BASE_URL = 'https://chorus.example.test';
const PEOPLE = ['ana@web.test', 'ben@web.test', 'cleo@web.test', 'dev@web.test'];

/** A team nobody of which is on Slack, and a pulse for it that sends reminders. */
function seedWebTeam(deps: Deps) {
  upsertTeams(deps, { teams: [{ key: 'web', name: 'Web' }] });
  upsertPeople(deps, {
    people: PEOPLE.map((email) => ({ email, name: email.split('@')[0], team: 'web' })),
  });
  upsertSurvey(deps, {
    key: 'pulse',
    name: 'Monthly pulse',
    kind: 'pulse',
    audience: ['web'],
    anonymity_threshold: 3,
    reminders: [24],
    open_days: 5,
    questions: [{ key: 'build_and_test', text: 'Our builds are fast.', type: 'likert5', dimension: 'feedback_loops' }],
  });
}

const mailEnv = (smtp: TestSmtp) => ({
  CHORUS_SMTP_URL: smtp.url,
  CHORUS_MAIL_FROM: 'Chorus <chorus@acme.test>',
  CHORUS_BASE_URL: BASE_URL,
});

const rows = (deps: Deps) =>
  deps.db
    .prepare(
      `SELECT o.dedupe_key AS key, o.kind, o.status, o.transport, o.last_error AS error, o.not_before AS notBefore, p.email
       FROM slack_outbox o LEFT JOIN people p ON p.id = o.person_id ORDER BY o.id`,
    )
    .all() as Array<{
    key: string;
    kind: string;
    status: string;
    transport: string;
    error: string | null;
    notBefore: string;
    email: string | null;
  }>;

describe('e-mail invitations through the outbox (real SMTP server on loopback)', () => {
  let smtp: TestSmtp;
  let transport: SmtpTransport;
  let deps: Deps;
  let clock: ReturnType<typeof testClock>;
  let server: TestServer | undefined;

  beforeEach(async () => {
    smtp = await startTestSmtp();
    clock = testClock('2026-03-02T09:00:00.000Z');
    deps = makeDeps({ env: mailEnv(smtp), now: clock.now });
    transport = smtpTransport(deps.config.mail!);
    seedWebTeam(deps);
  });
  afterEach(async () => {
    transport.close();
    await server?.close();
    server = undefined;
    await smtp.close();
  });

  const scheduler = () => createScheduler(deps, { client: null, mail: transport, mailOutbox: { sendGapMs: 0 } });

  it('mails each member of a team without Slack exactly once, both parts, with a link that opens their form', async () => {
    const { runId, invited } = openRun(deps, 'pulse', {});
    expect(invited).toBe(4);
    const s = scheduler();
    const first = await s.tick();
    expect(first.enqueued.invites).toBe(4);
    expect(first.mail).toMatchObject({ sent: 4, failed: 0, retried: 0 });
    expect((await s.tick()).mail).toMatchObject({ sent: 0 }); // nothing twice
    expect(PEOPLE.map((p) => smtp.countFor(p))).toEqual([1, 1, 1, 1]);
    expect(rows(deps).every((r) => r.status === 'sent' && r.transport === 'email')).toBe(true);

    server = await startServer(deps);
    const links = new Set<string>();
    for (const mail of smtp.received) {
      expect(mail.from).toBe('chorus@acme.test');
      expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative/);
      expect(mail.headers.get('message-id')).toMatch(/^<chorus\.[0-9a-f]{32}@acme\.test>$/);
      expect(mail.headers.get('subject')).toContain('Monthly pulse');
      const text = mail.text!;
      const html = mail.html!;
      const link = new RegExp(`${BASE_URL}/s/[A-Za-z0-9_-]+`).exec(text)?.[0];
      expect(link).toBeDefined();
      expect(html).toContain(`href="${link}"`);
      // The closing date (5 days after opening, the survey's zone UTC) and the privacy line, in both parts.
      for (const part of [text, html]) {
        expect(part).toMatch(/Saturday, (7 March 2026|March 7, 2026)/);
        expect(part).toContain('groups of 3 or more people');
      }
      links.add(link!);
      const form = await fetch(server.base + new URL(link!).pathname);
      expect(form.status).toBe(200);
      expect(await form.text()).toContain('Monthly pulse');
    }
    expect(links.size).toBe(4);
    // The links are the same ones GET /api/v1/runs/:id/links lists.
    const { runLinks } = await import('../../src/surveys/runs.service.js');
    expect(new Set(runLinks(deps, runId).map((l) => l.url))).toEqual(links);
  });

  it('retries a 451 with back-off, then delivers it; the others go on meanwhile', async () => {
    openRun(deps, 'pulse', {});
    smtp.rejectNext(1, 451, 'Greylisted, try again later');
    const s = scheduler();
    const first = await s.tick();
    expect(first.mail).toMatchObject({ sent: 3, retried: 1, failed: 0 });
    const deferred = rows(deps).find((r) => r.status === 'pending')!;
    expect(deferred).toMatchObject({ error: 'smtp 451', notBefore: '2026-03-02T09:01:00.000Z' });
    expect((await s.tick()).mail).toMatchObject({ sent: 0 }); // not before its back-off
    clock.advance(61_000);
    expect((await s.tick()).mail).toMatchObject({ sent: 1 });
    expect(smtp.rejected()).toBe(1);
    expect(PEOPLE.map((p) => smtp.countFor(p))).toEqual([1, 1, 1, 1]);
    expect(rows(deps).every((r) => r.status === 'sent')).toBe(true);
  });

  it('records a 5xx as a permanent failure and never retries it', async () => {
    openRun(deps, 'pulse', {});
    smtp.rejectNext(1, 550, 'No such user');
    const s = scheduler();
    expect((await s.tick()).mail).toMatchObject({ sent: 3, failed: 1 });
    clock.advance(3_600_000);
    expect((await s.tick()).mail).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(rows(deps).filter((r) => r.status === 'failed')).toEqual([
      expect.objectContaining({ error: 'smtp 550', kind: 'invite' }),
    ]);
    expect(smtp.received).toHaveLength(3);
  });

  it('never resends a message whose connection dropped after it was handed over; the rest go next round', async () => {
    openRun(deps, 'pulse', {});
    smtp.dropNext(1);
    const s = scheduler();
    const first = await s.tick();
    expect(first.mail).toMatchObject({ sent: 0, stoppedBy: 'unreachable' });
    expect(rows(deps)[0]).toMatchObject({ status: 'sent', error: expect.stringMatching(/^unconfirmed/) });
    clock.advance(61_000);
    expect((await s.tick()).mail).toMatchObject({ sent: 3 });
    clock.advance(3_600_000);
    expect((await s.tick()).mail).toMatchObject({ sent: 0, recovered: 0 });
    // The server kept nothing of the dropped one (a real server might have): no second attempt either way.
    expect(smtp.received).toHaveLength(3);
    expect(smtp.countFor(rows(deps)[0].email!)).toBe(0);
  });

  it('sends the capped reminder by e-mail to those who have not answered', async () => {
    openRun(deps, 'pulse', {});
    const s = scheduler();
    await s.tick();
    deps.db
      .prepare(`UPDATE invitations SET responded = 1 WHERE person_id = (SELECT id FROM people WHERE email = ?)`)
      .run('ana@web.test');
    clock.advance(25 * 3_600_000);
    const later = await s.tick();
    expect(later.enqueued.reminders).toBe(3);
    expect(later.mail).toMatchObject({ sent: 3 });
    clock.advance(3_600_000);
    expect((await s.tick()).mail).toMatchObject({ sent: 0 }); // one reminder configured: capped
    expect(PEOPLE.map((p) => smtp.countFor(p))).toEqual([1, 2, 2, 2]);
    const reminder = smtp.received.at(-1)!;
    expect(reminder.headers.get('subject')).toMatch(/^Reminder: Monthly pulse closes/);
    expect(reminder.headers.get('message-id')).not.toBe(smtp.received[0].headers.get('message-id'));
  });

  it('logs counts, outbox ids and reply codes at info, never an address, a link or e-mail text', async () => {
    const lines: string[] = [];
    deps.log = createLogger('info', { write: (s: string) => void lines.push(s) });
    openRun(deps, 'pulse', {});
    smtp.rejectNext(1, 451);
    smtp.rejectNext(1, 550);
    await scheduler().tick();
    const logged = lines.join('');
    expect(logged).toContain('"smtp":451');
    expect(logged).toContain('"smtp":550');
    expect(logged).toContain('e-mails sent');
    expect(logged).toMatch(/"id":\d+/);
    for (const secret of [...PEOPLE, '@web.test', '/s/', 'Monthly pulse', 'groups of 3', 'Try again later'])
      expect(logged).not.toContain(secret);
  });

  it('gives every attempt at one message the same Message-ID', async () => {
    openRun(deps, 'pulse', {});
    smtp.rejectNext(1, 451);
    const s = scheduler();
    await s.tick();
    clock.advance(61_000);
    await s.tick();
    const ids = smtp.received.map((m) => m.headers.get('message-id'));
    expect(new Set(ids).size).toBe(4);
    // The refused first attempt and its later delivery: one recipient, one Message-ID.
    const [refused] = smtp.rejectedMail;
    const delivered = smtp.received.find((m) => m.to[0] === refused.to[0])!;
    expect(delivered.headers.get('message-id')).toBe(refused.headers.get('message-id'));
    const { messageIdFor } = await import('../../src/mail/transport.js');
    const expected = rows(deps).map((r) => messageIdFor(r.key, BASE_URL, 'chorus@acme.test'));
    expect(new Set(ids)).toEqual(new Set(expected));
  });
});

describe('transport security', () => {
  it('upgrades with STARTTLS when the server offers it, and refuses a certificate it cannot verify', async () => {
    const smtp = await startTestSmtp({ starttls: true });
    const clock = testClock('2026-03-02T09:00:00.000Z');
    // The test server's certificate is self-signed: trusted here only through nodemailer's URL option.
    const trusting = makeDeps({
      env: { ...mailEnv(smtp), CHORUS_SMTP_URL: `${smtp.url}/?tls.rejectUnauthorized=false` },
      now: clock.now,
    });
    const strict = makeDeps({ env: mailEnv(smtp), now: clock.now });
    const transports = [smtpTransport(trusting.config.mail!), smtpTransport(strict.config.mail!)];
    try {
      seedWebTeam(strict);
      openRun(strict, 'pulse', {});
      const refused = await createScheduler(strict, {
        client: null,
        mail: transports[1],
        mailOutbox: { sendGapMs: 0 },
      }).tick();
      expect(refused.mail).toMatchObject({ sent: 0, stoppedBy: 'unreachable' });
      expect(smtp.received).toHaveLength(0); // nothing in clear text after a failed upgrade

      seedWebTeam(trusting);
      openRun(trusting, 'pulse', {});
      const sent = await createScheduler(trusting, {
        client: null,
        mail: transports[0],
        mailOutbox: { sendGapMs: 0 },
      }).tick();
      expect(sent.mail).toMatchObject({ sent: 4 });
      expect(smtp.received.every((m) => m.secure)).toBe(true);
    } finally {
      for (const t of transports) t.close();
      await smtp.close();
    }
  });
});

describe('a restart mid-send mails nobody twice (file database, two workers)', () => {
  let dir: string;
  let smtp: TestSmtp;
  const opened: Array<{ close: () => void }> = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chorus-mail-'));
    smtp = await startTestSmtp({ user: 'chorus', pass: 's3cret pass' });
  });
  afterEach(async () => {
    for (const o of opened) o.close();
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A process: its own connection to the same database file and its own SMTP client. */
  function processOn(file: string, clock: ReturnType<typeof testClock>): Deps {
    const db = openDatabase(file);
    migrate(db);
    opened.push({ close: () => db.close() });
    return {
      db,
      config: loadConfig({ CHORUS_DB: file, LOG_LEVEL: 'silent', ...mailEnv(smtp) }),
      log: createLogger('silent'),
      now: clock.now,
      keys: deriveKeys('test-secret-0123456789abcdef'),
    };
  }

  it('after a crash between the SMTP acceptance and the commit, a new worker mails each person once', async () => {
    const file = join(dir, 'chorus.sqlite');
    const clock = testClock('2026-03-02T09:00:00.000Z');
    const first = processOn(file, clock);
    seedWebTeam(first);
    openRun(first, 'pulse', {});

    // The first process's SMTP client: the 2nd message is accepted by the server, then the process
    // "dies" before it can record that (the promise never settles, nothing after it runs).
    const real = smtpTransport(first.config.mail!);
    opened.push({ close: () => real.close() });
    let sends = 0;
    const crashing: SmtpTransport = {
      send: async (envelope, raw) => {
        sends++;
        await real.send(envelope, raw);
        if (sends === 2) await new Promise(() => undefined);
      },
      close: () => real.close(),
    };
    const dying = createScheduler(first, { client: null, mail: crashing, mailOutbox: { sendGapMs: 0 } });
    void dying.tick();
    await expect.poll(() => smtp.received.length).toBe(2);
    const statuses = () => rows(first).map((r) => r.status);
    await expect.poll(statuses).toEqual(['sent', 'sending', 'pending', 'pending']);
    const inFlight = rows(first)[1];

    // A restarted process on the same file, a moment later: the claim is fresh, so it waits.
    const second = processOn(file, clock);
    const transport = smtpTransport(second.config.mail!);
    opened.push({ close: () => transport.close() });
    const restarted = createScheduler(second, { client: null, mail: transport, mailOutbox: { sendGapMs: 0 } });
    clock.advance(10_000);
    expect((await restarted.tick()).mail).toMatchObject({ recovered: 0, sent: 2 });
    // Past the lease: the accepted-but-unrecorded row is closed as unconfirmed, never sent again.
    clock.advance(3 * 60_000);
    expect((await restarted.tick()).mail).toMatchObject({ recovered: 1, sent: 0 });

    const after = rows(second);
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(after[1]).toMatchObject({ key: inFlight.key, error: expect.stringMatching(/^unconfirmed/) });
    expect(PEOPLE.map((p) => smtp.countFor(p))).toEqual([1, 1, 1, 1]);
  });

  it('a row claimed but never handed to the server is sent by the next worker', async () => {
    const file = join(dir, 'chorus.sqlite');
    const clock = testClock('2026-03-02T09:00:00.000Z');
    const first = processOn(file, clock);
    seedWebTeam(first);
    openRun(first, 'pulse', {});
    // The first process claims the 1st message and dies while connecting (before any DATA).
    const hanging: SmtpTransport = { send: () => new Promise(() => undefined), close: () => undefined };
    void createScheduler(first, { client: null, mail: hanging, mailOutbox: { sendGapMs: 0 } }).tick();
    await expect.poll(() => rows(first).map((r) => r.status)).toEqual(['sending', 'pending', 'pending', 'pending']);

    const second = processOn(file, clock);
    const transport = smtpTransport(second.config.mail!);
    opened.push({ close: () => transport.close() });
    clock.advance(3 * 60_000);
    const restarted = createScheduler(second, { client: null, mail: transport, mailOutbox: { sendGapMs: 0 } });
    expect((await restarted.tick()).mail).toMatchObject({ recovered: 1, sent: 4 });
    expect(PEOPLE.map((p) => smtp.countFor(p))).toEqual([1, 1, 1, 1]);
  });
});
