import type { Db } from '../db/open.js';

export type OutboxKind = 'invite' | 'reminder' | 'loop_update';
export type OutboxStatus = 'pending' | 'sending' | 'in_doubt' | 'sent' | 'skipped' | 'failed';

/** One outbox row. */
export interface OutboxRow {
  id: number;
  dedupeKey: string;
  kind: OutboxKind;
  runId: string | null;
  personId: number | null;
  loopUpdateId: number | null;
  target: string | null;
  status: OutboxStatus;
  attempts: number;
  notBefore: string;
  claimedAt: string | null;
  channel: string | null;
  ts: string | null;
}

const COLS = `id, dedupe_key AS dedupeKey, kind, run_id AS runId, person_id AS personId, loop_update_id AS loopUpdateId,
  target, status, attempts, not_before AS notBefore, claimed_at AS claimedAt, channel, ts`;

/** Which transports are on: a person is routed by their channel among these (see TRANSPORT). */
export interface Routing {
  slack: boolean;
  mail: boolean;
}

// A person's transport from their channel: auto = Slack when linked and Slack is on, else e-mail
// when it is on; slack / email = only that one. NULL: nobody can reach them (no row is queued).
const TRANSPORT = `CASE WHEN p.channel <> 'email' AND @slack = 1 AND p.slack_user_id IS NOT NULL THEN 'slack'
  WHEN p.channel <> 'slack' AND @mail = 1 THEN 'email' END`;
/** Before e-mail: Slack only. */
const SLACK_ONLY: Routing = { slack: true, mail: false };
const flags = (r: Routing) => ({ slack: r.slack ? 1 : 0, mail: r.mail ? 1 : 0 });

// ISO text arithmetic in SQLite: strftime keeps the same 'YYYY-MM-DDTHH:MM:SS.SSSZ' format.
const plusHours = (col: string, hours: string) =>
  `strftime('%Y-%m-%dT%H:%M:%fZ', ${col}, '+' || (${hours}) || ' hours')`;

/** All SQL of the Slack outbox. */
export function outboxRepo(db: Db) {
  const q = {
    enqueueInvites: db.prepare(
      `INSERT OR IGNORE INTO slack_outbox (dedupe_key, kind, run_id, person_id, target, transport, not_before, created_at, updated_at)
       SELECT key, 'invite', run_id, person_id, CASE transport WHEN 'slack' THEN slack_user_id END, transport, @now, @now, @now
       FROM (SELECT 'invite:' || i.run_id || ':' || i.person_id AS key, i.run_id, i.person_id, p.slack_user_id,
               ${TRANSPORT} AS transport
             FROM invitations i JOIN runs r ON r.id = i.run_id JOIN people p ON p.id = i.person_id
             WHERE r.opens_at <= @now AND r.closes_at > @now AND p.active = 1 AND i.responded = 0)
       WHERE transport IS NOT NULL`,
    ),
    // Reminder n (1 or 2) at the survey's n-th offset, only after a sent invitation, only while the
    // person has not answered, and only the latest one due (a worker that was down sends one, not two).
    enqueueReminders: db.prepare(
      `INSERT OR IGNORE INTO slack_outbox (dedupe_key, kind, run_id, person_id, target, transport, not_before, created_at, updated_at)
       SELECT 'reminder' || (je.key + 1) || ':' || i.run_id || ':' || i.person_id, 'reminder', i.run_id, i.person_id,
              CASE ${TRANSPORT} WHEN 'slack' THEN p.slack_user_id END, ${TRANSPORT}, @now, @now, @now
       FROM invitations i JOIN runs r ON r.id = i.run_id JOIN surveys s ON s.id = r.survey_id
       JOIN people p ON p.id = i.person_id, json_each(s.reminders) je
       WHERE je.key < 2 AND r.closes_at > @now AND i.responded = 0 AND p.active = 1 AND (${TRANSPORT}) IS NOT NULL
         AND ${plusHours('r.opens_at', 'je.value')} <= @now
         AND NOT EXISTS (SELECT 1 FROM json_each(s.reminders) j2 WHERE j2.key = je.key + 1 AND ${plusHours('r.opens_at', 'j2.value')} <= @now)
         AND EXISTS (SELECT 1 FROM slack_outbox o WHERE o.dedupe_key = 'invite:' || i.run_id || ':' || i.person_id AND o.status = 'sent')`,
    ),
    enqueueLoopUpdates: db.prepare(
      `INSERT OR IGNORE INTO slack_outbox (dedupe_key, kind, loop_update_id, target, not_before, created_at, updated_at)
       SELECT 'loop:' || l.id, 'loop_update', l.id, COALESCE(l.slack_channel, @channel), @now, @now, @now
       FROM loop_updates l WHERE l.created_at >= @since`,
    ),
    // Rows of runs that closed, or of people who answered meanwhile, are not sent any more.
    skipStale: db.prepare(
      `UPDATE slack_outbox SET status = 'skipped', last_error = 'run closed or answered', updated_at = @now
       WHERE status = 'pending' AND run_id IS NOT NULL AND (
         EXISTS (SELECT 1 FROM runs r WHERE r.id = slack_outbox.run_id AND r.closes_at <= @now)
         OR EXISTS (SELECT 1 FROM invitations i WHERE i.run_id = slack_outbox.run_id AND i.person_id = slack_outbox.person_id AND i.responded = 1))`,
    ),
    nextDue: db.prepare(
      `SELECT ${COLS} FROM slack_outbox WHERE transport = 'slack' AND status = 'pending' AND not_before <= ? ORDER BY not_before, id LIMIT 1`,
    ),
    claim: db.prepare(
      `UPDATE slack_outbox SET status = 'sending', claimed_at = ?, claimed_by = ?, attempts = attempts + 1, updated_at = ?
       WHERE id = ? AND status = 'pending'`,
    ),
    setChannel: db.prepare(`UPDATE slack_outbox SET channel = ?, updated_at = ? WHERE id = ?`),
    sent: db.prepare(
      `UPDATE slack_outbox SET status = 'sent', channel = ?, ts = ?, last_error = NULL, updated_at = ? WHERE id = ?`,
    ),
    setStatus: db.prepare(
      `UPDATE slack_outbox SET status = ?, not_before = COALESCE(?, not_before), last_error = ?, updated_at = ? WHERE id = ?`,
    ),
    inDoubt: db.prepare(
      `SELECT ${COLS} FROM slack_outbox WHERE transport = 'slack' AND (status = 'in_doubt' OR (status = 'sending' AND claimed_at < ?)) ORDER BY id`,
    ),
    sentForRunPerson: db.prepare(
      `SELECT ${COLS} FROM slack_outbox WHERE run_id = ? AND person_id = ? AND status = 'sent' AND ts IS NOT NULL AND kind <> 'loop_update' ORDER BY id`,
    ),
    stats: db.prepare(
      `SELECT kind, status, COUNT(*) AS n FROM slack_outbox WHERE transport = ? GROUP BY kind, status ORDER BY kind, status`,
    ),
    byKey: db.prepare(`SELECT ${COLS} FROM slack_outbox WHERE dedupe_key = ?`),
    dmChannel: db.prepare(`SELECT channel_id FROM slack_dm_channels WHERE slack_user_id = ?`),
    saveDmChannel: db.prepare(
      `INSERT OR REPLACE INTO slack_dm_channels (slack_user_id, channel_id, created_at) VALUES (?, ?, ?)`,
    ),
    messageContext: db.prepare(
      `SELECT r.id AS runId, r.closes_at AS closesAt, s.name AS surveyName, i.responded
       FROM runs r JOIN surveys s ON s.id = r.survey_id LEFT JOIN invitations i ON i.run_id = r.id AND i.person_id = ?
       WHERE r.id = ?`,
    ),
    // People of a run who may be reminded by hand: not answered, active, reachable, invitation sent;
    // with which of their (at most two) reminder slots are taken, by the schedule or by hand.
    reminderCandidates: db.prepare(
      `SELECT i.person_id AS personId, ${TRANSPORT} AS transport, CASE ${TRANSPORT} WHEN 'slack' THEN p.slack_user_id END AS target,
         EXISTS (SELECT 1 FROM slack_outbox o WHERE o.dedupe_key = 'reminder1:' || i.run_id || ':' || i.person_id) AS has1,
         EXISTS (SELECT 1 FROM slack_outbox o WHERE o.dedupe_key = 'reminder2:' || i.run_id || ':' || i.person_id) AS has2
       FROM invitations i JOIN people p ON p.id = i.person_id
       WHERE i.run_id = @runId AND i.responded = 0 AND p.active = 1 AND (${TRANSPORT}) IS NOT NULL
         AND EXISTS (SELECT 1 FROM slack_outbox o WHERE o.dedupe_key = 'invite:' || i.run_id || ':' || i.person_id AND o.status = 'sent')`,
    ),
    enqueueReminder: db.prepare(
      `INSERT OR IGNORE INTO slack_outbox (dedupe_key, kind, run_id, person_id, target, transport, not_before, created_at, updated_at)
       VALUES (@key, 'reminder', @runId, @personId, @target, @transport, @now, @now, @now)`,
    ),
    loopUpdate: db.prepare(
      `SELECT id, theme_key AS themeKey, title, body, status, created_at AS createdAt FROM loop_updates WHERE id = ?`,
    ),
  };
  return {
    /** Enqueues whatever is due; each returns the number of new rows. */
    enqueueInvites: (now: string, routing: Routing = SLACK_ONLY) =>
      q.enqueueInvites.run({ now, ...flags(routing) }).changes,
    enqueueReminders: (now: string, routing: Routing = SLACK_ONLY) =>
      q.enqueueReminders.run({ now, ...flags(routing) }).changes,
    enqueueLoopUpdates: (now: string, since: string, channel: string | null) =>
      q.enqueueLoopUpdates.run({ now, since, channel }).changes,
    skipStale: (now: string) => q.skipStale.run({ now }).changes,
    /**
     * Reminds everyone of a run who has not answered, now, in the first free reminder slot
     * (reminder1, then reminder2: the cap of two per person per run holds whether a reminder came
     * from the schedule or by hand). One transaction; returns how many were queued and how many
     * had used both slots already.
     */
    remindRun: db.transaction((runId: string, now: string, routing: Routing) => {
      let queued = 0;
      let atCap = 0;
      const rows = q.reminderCandidates.all({ runId, ...flags(routing) }) as Array<{
        personId: number;
        transport: 'slack' | 'email';
        target: string | null;
        has1: number;
        has2: number;
      }>;
      for (const r of rows) {
        const slot = !r.has1 ? 1 : !r.has2 ? 2 : 0;
        if (!slot) {
          atCap++;
          continue;
        }
        const key = `reminder${slot}:${runId}:${r.personId}`;
        queued += q.enqueueReminder.run({
          key,
          runId,
          personId: r.personId,
          target: r.target,
          transport: r.transport,
          now,
        }).changes;
      }
      return { queued, atCap };
    }),
    /** Takes the next due row for this worker; undefined when there is none (or another took it). */
    claimNext: db.transaction((now: string, worker: string): OutboxRow | undefined => {
      const row = q.nextDue.get(now) as OutboxRow | undefined;
      if (!row || q.claim.run(now, worker, now, row.id).changes !== 1) return undefined;
      return { ...row, status: 'sending', attempts: row.attempts + 1, claimedAt: now };
    }),
    setChannel: (id: number, channel: string, now: string) => q.setChannel.run(channel, now, id),
    markSent: (id: number, channel: string, ts: string, now: string) => q.sent.run(channel, ts, now, id),
    markStatus: (
      id: number,
      status: OutboxStatus,
      now: string,
      error: string | null = null,
      notBefore: string | null = null,
    ) => q.setStatus.run(status, notBefore, error, now, id),
    /** Rows whose send may or may not have reached Slack: marked in_doubt, or claimed before `staleBefore`. */
    inDoubt: (staleBefore: string) => q.inDoubt.all(staleBefore) as OutboxRow[],
    sentForRunPerson: (runId: string, personId: number) => q.sentForRunPerson.all(runId, personId) as OutboxRow[],
    byKey: (key: string) => q.byKey.get(key) as OutboxRow | undefined,
    /** Rows by kind and status, of one transport (default Slack). */
    stats: (transport: 'slack' | 'email' = 'slack') =>
      q.stats.all(transport) as Array<{ kind: OutboxKind; status: OutboxStatus; n: number }>,
    dmChannel: (slackUserId: string) =>
      (q.dmChannel.get(slackUserId) as { channel_id: string } | undefined)?.channel_id,
    saveDmChannel: (slackUserId: string, channel: string, now: string) =>
      q.saveDmChannel.run(slackUserId, channel, now),
    messageContext: (runId: string, personId: number | null) =>
      q.messageContext.get(personId, runId) as
        { runId: string; closesAt: string; surveyName: string; responded: number | null } | undefined,
    loopUpdate: (id: number) =>
      q.loopUpdate.get(id) as
        { id: number; themeKey: string; title: string; body: string; status: string; createdAt: string } | undefined,
  };
}

export type OutboxRepo = ReturnType<typeof outboxRepo>;
