import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';
import type { AuditRow } from './audit.schema.js';

/** Filters as the repo takes them: instants, an exact actor, an action name or prefix. */
export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
}

const COLS = `id, at, actor, actor_kind AS actorKind, actor_role AS actorRole, action, target, details, ip`;

// One statement per combination of filters present (at most 16), so each one can use its index
// instead of a catch-all `(? IS NULL OR …)` that defeats them.
function where(filter: AuditFilter): string {
  const clauses: string[] = [];
  if (filter.from) clauses.push('at >= @from');
  if (filter.to) clauses.push('at < @to');
  if (filter.actor) clauses.push('actor = @actor');
  // `survey` matches `survey` and every `survey.*`: '.' < '/' in byte order, so the range is exact.
  if (filter.action) clauses.push(`(action = @action OR (action > @action || '.' AND action < @action || '/'))`);
  return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
}

const shape = (filter: AuditFilter) =>
  ['from', 'to', 'actor', 'action'].map((k) => (filter[k as keyof AuditFilter] ? '1' : '0')).join('');

const params = (filter: AuditFilter) =>
  Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));

/** All SQL of the audit log. There is deliberately no update or delete (and triggers refuse them). */
export const auditRepo = perDatabase((db: Db) => {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor, actor_kind, actor_role, action, target, details, ip)
     VALUES (@at, @actor, @actorKind, @actorRole, @action, @target, @details, @ip)`,
  );
  const pages = new Map<string, Statement>();
  const counts = new Map<string, Statement>();
  const cached = (map: Map<string, Statement>, key: string, sql: () => string) => {
    let s = map.get(key);
    if (!s) map.set(key, (s = db.prepare(sql())));
    return s;
  };
  return {
    /** Appends one entry; returns its id. */
    insert: (row: Omit<AuditRow, 'id'>): number => Number(insert.run(row).lastInsertRowid),
    /** Entries matching `filter`, newest first. */
    list: (filter: AuditFilter, limit: number, offset = 0): AuditRow[] =>
      cached(
        pages,
        shape(filter),
        () => `SELECT ${COLS} FROM audit_log ${where(filter)} ORDER BY at DESC, id DESC LIMIT @limit OFFSET @offset`,
      ).all({ ...params(filter), limit, offset }) as AuditRow[],
    /** How many entries match `filter`. */
    count: (filter: AuditFilter): number =>
      Number(
        cached(counts, shape(filter), () => `SELECT COUNT(*) FROM audit_log ${where(filter)}`)
          .pluck()
          .get(params(filter)),
      ),
  };
});
