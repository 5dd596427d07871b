import { migrationFiles } from '../db/migrate.js';
import type { Deps } from '../deps.js';
import type { ErrorDetail } from '../errors.js';
import { operatorsRepo } from './operators.repo.js';

/** A due outbox message older than this means the sender is stuck (or Slack has been down that long). */
const OUTBOX_STUCK_MINUTES = 15;

/** What /readyz answers: ready, or each problem as `{field, message}` (field: database, migrations, outbox). */
export interface Readiness {
  ready: boolean;
  problems: ErrorDetail[];
}

/**
 * Whether this instance should get traffic: the database is open and answers, every migration
 * file is applied, and (when Slack is on) no due outbox message has waited longer than
 * OUTBOX_STUCK_MINUTES. Never throws: every failure becomes a named problem.
 */
export function checkReadiness(deps: Pick<Deps, 'db' | 'config' | 'now'>, migrationsDir?: string): Readiness {
  const problems: ErrorDetail[] = [];
  if (!deps.db.open) {
    problems.push({ field: 'database', message: 'the database connection is closed' });
    return { ready: false, problems };
  }
  const repo = operatorsRepo(deps.db);
  try {
    repo.ping();
  } catch (err) {
    problems.push({ field: 'database', message: `the database does not answer: ${(err as Error).message}` });
    return { ready: false, problems };
  }

  try {
    const applied = new Set(repo.appliedMigrations());
    const files = migrationFiles(migrationsDir);
    const pending = files.filter((f) => !applied.has(f));
    const unknown = [...applied].filter((name) => !files.includes(name));
    if (pending.length)
      problems.push({
        field: 'migrations',
        message: `${pending.length} migration${pending.length === 1 ? '' : 's'} not applied: ${pending.join(', ')} (restart to apply)`,
      });
    if (unknown.length)
      problems.push({
        field: 'migrations',
        message: `the database has migrations this code does not know: ${unknown.join(', ')} (newer code ran on it)`,
      });
  } catch (err) {
    problems.push({ field: 'migrations', message: `cannot read the applied migrations: ${(err as Error).message}` });
  }

  // With Slack off nothing sends, so waiting messages are expected, not stuck.
  if (deps.config.slack.mode !== 'off') {
    try {
      const now = deps.now();
      for (const box of repo.outbox(now.toISOString())) {
        if (!box.oldestDue) continue;
        const minutes = (now.getTime() - Date.parse(box.oldestDue)) / 60_000;
        if (minutes > OUTBOX_STUCK_MINUTES)
          problems.push({
            field: 'outbox',
            message: `the ${box.channel} outbox is stuck: its oldest due message has waited ${Math.floor(minutes)} minutes (${box.depth} waiting)`,
          });
      }
    } catch (err) {
      problems.push({ field: 'outbox', message: `cannot read the outbox: ${(err as Error).message}` });
    }
  }
  return { ready: problems.length === 0, problems };
}
