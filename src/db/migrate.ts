import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './open.js';

export const MIGRATIONS_DIR = resolve(fileURLToPath(new URL('../../db/migrations', import.meta.url)));

/** A migration file's name: four digits, an underscore, a name, `.sql`. */
const MIGRATION_FILE = /^\d{4}_[\w-]+\.sql$/;

/** Thrown when the database has migrations this code does not know, in another order, or changed since applied. */
export class MigrationMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationMismatchError';
  }
}

/** The migration files of a directory, in the order they apply. */
export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort();
}

/**
 * SHA-256 (hex) of a migration file's text. Line endings are normalised to LF first, so a checkout
 * that converts to CRLF hashes the same as the committed file; any other change alters the hash.
 */
export function migrationHash(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

interface AppliedRow {
  name: string;
  sha256: string | null;
}

/**
 * Applies db/migrations/*.sql in name order, each in its own transaction, recording each with
 * the SHA-256 of the file it ran. Forward only: refuses to run when the applied list is not a
 * prefix of the files on disk, or when a file the database applied has changed since (the
 * database would lack the change and fail later, at query time). Databases from before hashes
 * were recorded get the current hash of each applied file on their first run. Returns the names
 * applied in this call.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY, applied_at TEXT NOT NULL, sha256 TEXT)`);
  const files = migrationFiles(dir).map((name) => {
    const sql = readFileSync(join(dir, name), 'utf8');
    return { name, sql, sha256: migrationHash(sql) };
  });

  // Checked and upgraded under the write lock, so two processes starting at once agree.
  const applied = db
    .transaction((): AppliedRow[] => {
      const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('schema_migrations') as string[];
      if (!columns.includes('sha256')) db.exec('ALTER TABLE schema_migrations ADD COLUMN sha256 TEXT');
      const rows = db.prepare('SELECT name, sha256 FROM schema_migrations ORDER BY name').all() as AppliedRow[];
      rows.forEach((row, i) => {
        const file = files[i];
        if (file?.name !== row.name) {
          throw new MigrationMismatchError(
            `Database has migration ${row.name} at position ${i + 1} but the code has ${file?.name ?? 'nothing'} there; ` +
              'refusing to start (was an applied migration renamed or deleted, or is this database from newer code?)',
          );
        }
        if (row.sha256 !== null && row.sha256 !== file.sha256) {
          throw new MigrationMismatchError(
            `Migration ${row.name} has changed since this database applied it ` +
              `(sha256 then ${row.sha256.slice(0, 12)}…, now ${file.sha256.slice(0, 12)}…); refusing to start. ` +
              `Applied migrations are never edited: restore db/migrations/${row.name} as it was and put the change in a new migration.`,
          );
        }
      });
      const backfill = db.prepare('UPDATE schema_migrations SET sha256 = ? WHERE name = ? AND sha256 IS NULL');
      rows.forEach((row, i) => {
        if (row.sha256 === null) backfill.run(files[i].sha256, row.name);
      });
      return rows;
    })
    .immediate();

  const record = db.prepare('INSERT INTO schema_migrations (name, applied_at, sha256) VALUES (?, ?, ?)');
  const pending = files.slice(applied.length);
  for (const file of pending) {
    db.transaction(() => {
      db.exec(file.sql);
      record.run(file.name, new Date().toISOString(), file.sha256);
    })();
  }
  return pending.map((file) => file.name);
}
