import type { Db } from '../db/open.js';

/** Outbox figures of one channel at one instant. */
export interface OutboxStats {
  channel: 'slack';
  /** Pending, sending or in doubt. */
  depth: number;
  /** not_before of the oldest pending message that is due, or null when none is. */
  oldestDue: string | null;
  failed: number;
}

/**
 * SQL for readiness and metrics. Not memoised per connection like other repos: these must keep
 * working (and report the problem) when the connection is closed or the schema is behind.
 */
export const operatorsRepo = (db: Db) => ({
  /** Throws when the database cannot answer a query. */
  ping: (): void => {
    db.prepare('SELECT 1').get();
  },
  /** Names of applied migrations, oldest first. */
  appliedMigrations: (): string[] =>
    db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all() as string[],
  /** The Slack outbox's depth, oldest due message and failures (index slack_outbox_due). */
  outbox: (now: string): OutboxStats[] => {
    const row = db
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM slack_outbox WHERE status IN ('pending', 'sending', 'in_doubt')) AS depth,
           (SELECT MIN(not_before) FROM slack_outbox WHERE status = 'pending' AND not_before <= ?) AS oldestDue,
           (SELECT COUNT(*) FROM slack_outbox WHERE status = 'failed') AS failed`,
      )
      .get(now) as { depth: number; oldestDue: string | null; failed: number };
    return [{ channel: 'slack', ...row }];
  },
});
