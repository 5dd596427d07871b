import { createHash } from 'node:crypto';
import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';
import type { OutboxKind, OutboxStatus } from '../schedule/outbox.repo.js';

/** One e-mail row of the outbox (slack_outbox, transport 'email'). */
export interface MailRow {
  id: number;
  dedupeKey: string;
  kind: OutboxKind;
  runId: string | null;
  personId: number | null;
  loopUpdateId: number | null;
  /** The list address of a loop-update row; NULL for people (their address is read when sending). */
  target: string | null;
  status: OutboxStatus;
  attempts: number;
  claimedAt: string | null;
  handedOverAt: string | null;
}

const COLS = `id, dedupe_key AS dedupeKey, kind, run_id AS runId, person_id AS personId, loop_update_id AS loopUpdateId,
  target, status, attempts, claimed_at AS claimedAt, handed_over_at AS handedOverAt`;

/** The outbox key of a loop update e-mailed to one address (the address itself is not in the key). */
const loopMailKey = (updateId: number, address: string): string =>
  `loop-mail:${updateId}:${createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 24)}`;

/** The SQL of the e-mail side of the outbox. */
function build(db: Db) {
  const q = {
    nextDue: db.prepare(
      `SELECT ${COLS} FROM slack_outbox WHERE transport = 'email' AND status = 'pending' AND not_before <= ?
       ORDER BY not_before, id LIMIT 1`,
    ),
    claim: db.prepare(
      `UPDATE slack_outbox SET status = 'sending', claimed_at = ?, claimed_by = ?, attempts = attempts + 1,
         handed_over_at = NULL, updated_at = ?
       WHERE id = ? AND status = 'pending'`,
    ),
    handedOver: db.prepare(`UPDATE slack_outbox SET handed_over_at = ? WHERE id = ? AND status = 'sending'`),
    sent: db.prepare(
      `UPDATE slack_outbox SET status = 'sent', channel = 'email', last_error = ?, updated_at = ? WHERE id = ?`,
    ),
    retry: db.prepare(
      `UPDATE slack_outbox SET status = 'pending', not_before = ?, last_error = ?, updated_at = ? WHERE id = ?`,
    ),
    end: db.prepare(`UPDATE slack_outbox SET status = ?, last_error = ?, updated_at = ? WHERE id = ?`),
    stale: db.prepare(
      `SELECT ${COLS} FROM slack_outbox WHERE transport = 'email' AND status IN ('sending', 'in_doubt') AND claimed_at < ?
       ORDER BY id`,
    ),
    person: db.prepare(`SELECT email, name, active FROM people WHERE id = ?`),
    enqueueLoopMail: db.prepare(
      `INSERT OR IGNORE INTO slack_outbox (dedupe_key, kind, loop_update_id, target, transport, not_before, created_at, updated_at)
       VALUES (@key, 'loop_update', @updateId, @address, 'email', @now, @now, @now)`,
    ),
    countsByStatus: db.prepare(
      `SELECT status, COUNT(*) AS n FROM slack_outbox WHERE transport = 'email' GROUP BY status ORDER BY status`,
    ),
  };
  return {
    /** Takes the next due e-mail row for this worker (status 'sending'); undefined when none is due. */
    claimNext: db.transaction((now: string, worker: string): MailRow | undefined => {
      const row = q.nextDue.get(now) as MailRow | undefined;
      if (!row || q.claim.run(now, worker, now, row.id).changes !== 1) return undefined;
      return { ...row, status: 'sending', attempts: row.attempts + 1, claimedAt: now, handedOverAt: null };
    }),
    /** Records that the whole message went to the SMTP server: from here on it may have been accepted. */
    markHandedOver: (id: number, now: string) => q.handedOver.run(now, id),
    /** Sent; `note` says when it was not confirmed by the server (a crash after hand-over). */
    markSent: (id: number, now: string, note: string | null = null) => q.sent.run(note, now, id),
    retryAt: (id: number, notBefore: string, error: string, now: string) => q.retry.run(notBefore, error, now, id),
    /** A final state other than sent: 'failed' (recorded reason) or 'skipped'. */
    finish: (id: number, status: 'failed' | 'skipped', reason: string, now: string) =>
      q.end.run(status, reason, now, id),
    /** Rows a crashed worker left claimed before `staleBefore`. */
    stale: (staleBefore: string) => q.stale.all(staleBefore) as MailRow[],
    person: (id: number) => q.person.get(id) as { email: string; name: string; active: number } | undefined,
    /** Queues one e-mail of a loop update per address (idempotent); returns how many were new. */
    enqueueLoopMail: (updateId: number, addresses: string[], now: string) =>
      addresses.reduce(
        (n, address) =>
          n + q.enqueueLoopMail.run({ key: loopMailKey(updateId, address), updateId, address, now }).changes,
        0,
      ),
    /** E-mail rows by status (admin page). */
    countsByStatus: () => q.countsByStatus.all() as Array<{ status: OutboxStatus; n: number }>,
  };
}

/** All SQL of e-mail sending (statements prepared once per connection). */
export const mailOutboxRepo = perDatabase(build);
export type MailOutboxRepo = ReturnType<typeof mailOutboxRepo>;
