import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/** Opens (creating when needed) a SQLite database with the pragmas Chorus relies on. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: readers (report pages) never block the writer (ingestion, survey submissions) and a
  // commit is one sequential append.
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction is in the WAL file before the 2xx goes out, so
  // it survives the process being killed; only an OS crash / power loss can drop the last commits.
  db.pragma('synchronous = NORMAL');
  // SQLite leaves foreign keys off by default; the schema relies on them for integrity.
  db.pragma('foreign_keys = ON');
  // A CLI import or backup running beside the server waits up to 5 s for the lock instead of
  // failing at once with SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  // Temporary b-trees for report GROUP BYs stay in memory rather than on disk.
  db.pragma('temp_store = MEMORY');
  // 64 MB page cache (negative = KiB): report queries over years of answers stay in memory.
  db.pragma('cache_size = -65536');
  return db;
}
