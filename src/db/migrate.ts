import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './open.js';

export const MIGRATIONS_DIR = resolve(fileURLToPath(new URL('../../db/migrations', import.meta.url)));

/** Thrown when the database has migrations this code does not know, or in another order. */
export class MigrationMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationMismatchError';
  }
}

/**
 * Applies db/migrations/*.sql in name order, each in its own transaction, recording each.
 * Forward only: refuses to run when the applied list is not a prefix of the files on disk.
 * Returns the names applied in this call.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort();
  const applied = db.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all() as string[];
  applied.forEach((name, i) => {
    if (files[i] !== name) {
      throw new MigrationMismatchError(
        `Database has migration ${name} at position ${i + 1} but the code has ${files[i] ?? 'nothing'} there; ` +
          'refusing to start (was an applied migration renamed or deleted, or is this database from newer code?)',
      );
    }
  });
  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)');
  const pending = files.slice(applied.length);
  for (const name of pending) {
    const sql = readFileSync(join(dir, name), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      record.run(name, new Date().toISOString());
    })();
  }
  return pending;
}
