import type { Db } from '../../../src/db/open.js';

const countStatements = new WeakMap<Db, { sql: string; run: () => Record<string, number> }>();

/** Row count of every table: a rejected request must leave all of them unchanged (one prepared query). */
export function rowCounts(db: Db): Record<string, number> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as Array<{ name: string }>;
  const sql = `SELECT ${tables.map(({ name }) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(', ')}`;
  let cached = countStatements.get(db);
  if (!cached || cached.sql !== sql) {
    const stmt = db.prepare(sql);
    cached = { sql, run: () => stmt.get() as Record<string, number> };
    countStatements.set(db, cached);
  }
  return cached.run();
}

/** Tables whose counts differ between two snapshots. */
export function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}

/** What a non-2xx JSON answer must look like; returns the problem, or null when it is fine. */
export function errorEnvelopeProblem(status: number, text: string, contentType: string): string | null {
  if (status >= 500) return `HTTP ${status}: ${text.slice(0, 300)}`;
  if (status < 400) return null;
  if (!/application\/json/.test(contentType)) return `HTTP ${status} is not JSON (${contentType})`;
  let body: { error?: { code?: unknown; message?: unknown; details?: unknown } };
  try {
    body = JSON.parse(text);
  } catch {
    return `HTTP ${status} body is not valid JSON`;
  }
  const e = body.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !e.message)
    return `HTTP ${status} without the error envelope: ${text.slice(0, 200)}`;
  if (!Array.isArray(e.details)) return `HTTP ${status} without details`;
  if (status === 422) {
    if (e.details.length === 0) return '422 without any field detail';
    const unnamed = (e.details as Array<{ field?: unknown }>).find((d) => typeof d.field !== 'string' || !d.field);
    if (unnamed) return `422 detail without a field name: ${JSON.stringify(unnamed)}`;
  }
  return null;
}

/** True when a request polluted Object.prototype of this (the server's) process. */
export const prototypePolluted = (): boolean => {
  const probe = {} as Record<string, unknown>;
  return (
    'polluted' in probe ||
    probe.polluted !== undefined ||
    Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')
  );
};
