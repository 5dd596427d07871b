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
  // 16 MB page cache (negative = KiB). Reports read pre-aggregated tables and covering indexes and
  // are memoized (src/cache/report-cache.ts); the OS page cache keeps the rest of the file warm.
  // 64 MB bought no speed in the large benchmark and cost ~40 MB of server RSS (npm run bench).
  db.pragma('cache_size = -16384');
  immediateTransactions(db);
  return db;
}

/**
 * Makes `db.transaction(fn)()` begin IMMEDIATE (take the write lock at BEGIN) instead of
 * better-sqlite3's default DEFERRED. Every transaction in Chorus writes, and most read first: a
 * deferred one that read, then met a commit from another connection (a CLI import or backup, the
 * Slack listener thread) before its first write, fails at once with SQLITE_BUSY — the busy timeout
 * never applies to that upgrade — and the request answered 500. Immediate ones wait their turn.
 * `.deferred()`, `.immediate()` and `.exclusive()` stay available; nested calls use savepoints.
 */
function immediateTransactions(db: Db): void {
  const transaction = db.transaction.bind(db);
  db.transaction = <F extends Parameters<Db['transaction']>[0]>(fn: F): Database.Transaction<F> => {
    const t = transaction(fn);
    // The callable runs `immediate`; its `.deferred`/`.immediate`/`.exclusive` are the originals.
    return new Proxy(t, {
      apply: (target, _this, args: Parameters<Database.Transaction<F>['immediate']>) => target.immediate(...args),
    });
  };
}
