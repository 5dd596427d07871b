import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';

const statements = new WeakMap<Db, Statement>();

/** The data version (migration 0010): bumped by triggers on every write to a report input. */
export function dataVersion(db: Db): number {
  let s = statements.get(db);
  if (!s) statements.set(db, (s = db.prepare('SELECT version FROM data_version WHERE id = 1').pluck()));
  return Number(s.get() ?? 0);
}
