import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRun } from '../../src/surveys/runs.service.js';
import { eventually, seedOrg, seedPulse, slackHarness, type Harness } from '../slack/harness.js';

const PEOPLE_CHANNELS = ['DU0000001', 'DU0000002', 'DU0000003', 'DU0000004'];

/** How many messages each DM channel received. */
const perChannel = (h: Harness) => PEOPLE_CHANNELS.map((c) => h.fake.messagesIn(c).length);
const outbox = (h: Harness) =>
  h.deps.db
    .prepare(`SELECT dedupe_key AS key, kind, status, channel, ts FROM slack_outbox ORDER BY id`)
    .all() as Array<{ key: string; kind: string; status: string; channel: string; ts: string }>;

describe('the Slack outbox', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await slackHarness({ start: '2026-03-02T09:00:00.000Z' });
    seedOrg(h.deps);
    seedPulse(h.deps, { reminders: [24, 72], open_days: 5 });
  });
  afterEach(() => h.close());

  it('honours a 429 Retry-After: pauses, reschedules the row, then sends everyone once', async () => {
    openRun(h.deps, 'pulse', {});
    h.fake.fail('chat.postMessage', { kind: 'rate_limited', retryAfter: 30 });
    const first = await h.scheduler.tick();
    expect(first.send).toMatchObject({ sent: 0, stoppedBy: 'rate_limited' });
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);
    const waiting = h.deps.db
      .prepare(`SELECT not_before AS nb, last_error AS e FROM slack_outbox WHERE last_error IS NOT NULL`)
      .get();
    expect(waiting).toEqual({ nb: '2026-03-02T09:00:30.000Z', e: 'ratelimited' });

    h.clock.advance(10_000); // still inside Retry-After: no call at all
    expect((await h.scheduler.tick()).send).toMatchObject({ sent: 0, stoppedBy: 'rate_limited' });
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(1);

    h.clock.advance(21_000);
    expect((await h.scheduler.tick()).send?.sent).toBe(4);
    expect(perChannel(h)).toEqual([1, 1, 1, 1]);
  });

  it('never resends a post whose answer was lost: reconciles it against the DM history', async () => {
    openRun(h.deps, 'pulse', {});
    // Slack posts the 2nd message but the connection drops before we learn its ts.
    h.fake.failNth('chat.postMessage', 2, { kind: 'drop_after_post' });
    const first = await h.scheduler.tick();
    expect(first.send).toMatchObject({ sent: 1, stoppedBy: 'unreachable' });
    expect(outbox(h).map((r) => r.status)).toEqual(['sent', 'in_doubt', 'pending', 'pending']);

    const second = await h.scheduler.tick();
    expect(second.send).toMatchObject({ reconciled: 1, sent: 2 });
    expect(perChannel(h)).toEqual([1, 1, 1, 1]);
    const rows = outbox(h);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(rows[1].ts).toBe(h.fake.messagesIn(rows[1].channel)[0].ts);
  });

  it('after a crash mid-run, a new worker on the same database messages every invitee exactly once', async () => {
    openRun(h.deps, 'pulse', {});
    h.fake.failNth('chat.postMessage', 3, { kind: 'drop_after_post' });
    await h.scheduler.tick(); // 2 sent, the 3rd posted but unconfirmed, then the process "dies"
    await h.scheduler.stop();
    // The dead process had also claimed the 4th and opened its DM, but died before posting it.
    h.deps.db
      .prepare(
        `UPDATE slack_outbox SET status = 'sending', claimed_at = ?, channel = 'DU0000004' WHERE dedupe_key LIKE 'invite:%:' || (SELECT id FROM people WHERE email = 'dev@acme.test')`,
      )
      .run('2026-03-02T09:00:00.000Z');
    // …and the 3rd row is still 'sending' as the crash left it (not yet marked in_doubt).
    h.deps.db
      .prepare(`UPDATE slack_outbox SET status = 'sending', claimed_at = ? WHERE status = 'in_doubt'`)
      .run('2026-03-02T09:00:00.000Z');

    const restarted = h.newScheduler();
    expect((await restarted.tick()).send).toMatchObject({ sent: 0, reconciled: 0 }); // claims are still fresh: wait
    h.clock.advance(3 * 60_000);
    const after = await restarted.tick();
    expect(after.send).toMatchObject({ reconciled: 1, sent: 1 });
    expect(perChannel(h)).toEqual([1, 1, 1, 1]);
    expect(outbox(h).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(outbox(h).every((r) => r.ts && h.fake.messagesIn(r.channel)[0].ts === r.ts)).toBe(true);
    await restarted.stop();
  });

  it('sends at most two reminders at the survey offsets, only to people who have not answered', async () => {
    const { runId } = openRun(h.deps, 'pulse', {});
    await h.scheduler.tick();
    expect(perChannel(h)).toEqual([1, 1, 1, 1]);
    // Ana answers (through the same service the modal uses).
    const { submitResponse } = await import('../../src/surveys/responses.service.js');
    const ana = (h.deps.db.prepare(`SELECT id FROM people WHERE email = 'ana@acme.test'`).get() as { id: number }).id;
    submitResponse(h.deps, {
      runId,
      personId: ana,
      source: 'slack',
      answers: { build_and_test: 4, recommend: 8, time_lost: '0', main_blocker: 'CI' },
    });

    h.clock.advance(23 * 3_600_000);
    expect((await h.scheduler.tick()).enqueued.reminders).toBe(0);
    h.clock.advance(1 * 3_600_000 + 1000);
    const r1 = await h.scheduler.tick();
    expect(r1.enqueued.reminders).toBe(3);
    expect(perChannel(h)).toEqual([1, 2, 2, 2]);
    expect(h.fake.messagesIn('DU0000002')[0].text).toMatch(/^Reminder/);
    h.clock.advance(48 * 3_600_000);
    expect((await h.scheduler.tick()).enqueued.reminders).toBe(3);
    h.clock.advance(24 * 3_600_000);
    expect((await h.scheduler.tick()).enqueued.reminders).toBe(0);
    expect(perChannel(h)).toEqual([1, 3, 3, 3]);
    // Closed run: nothing more, even for a new tick long after.
    h.clock.advance(10 * 86_400_000);
    expect((await h.scheduler.tick()).send?.sent).toBe(0);
  });

  it('skips invitations whose run closed before they could be sent, and announces new loop updates', async () => {
    openRun(h.deps, 'pulse', { closesAt: '2026-03-02T09:30:00.000Z' });
    h.fake.fail('chat.postMessage', { kind: 'rate_limited', retryAfter: 3600 });
    await h.scheduler.tick();
    h.clock.advance(2 * 3_600_000);
    const t = await h.scheduler.tick();
    expect(t.send?.sent).toBe(0);
    expect(outbox(h).map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);

    const { writeSetting } = await import('../../src/settings/settings.repo.js');
    writeSetting(h.deps.db, 'slack.announce_channel', 'C0DEVEX', h.deps.now());
    h.deps.db
      .prepare(
        `INSERT INTO loop_updates (theme_key, title, body, status, author, created_at) VALUES ('flaky_tests', 'Quarantine for flaky tests', 'Flaky tests now retry once and get a ticket.', 'shipped', 'pm@acme.test', ?)`,
      )
      .run(h.deps.now().toISOString());
    await h.scheduler.tick();
    await h.scheduler.tick();
    const posted = h.fake.messagesIn('C0DEVEX');
    expect(posted).toHaveLength(1);
    expect(posted[0].text).toBe('You said, we did: Quarantine for flaky tests');
    await eventually(() => true);
  });
});
