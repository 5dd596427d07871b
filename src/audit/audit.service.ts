import { userInfo } from 'node:os';
import { safeEqual, sha256 } from '../auth/crypto.js';
import { authRepo } from '../auth/auth.repo.js';
import type { Deps } from '../deps.js';
import { invalid, zodDetails } from '../errors.js';
import { auditRepo, type AuditFilter } from './audit.repo.js';
import { ACTION_NAME, auditQuery, toInstant, type Actor, type AuditInput, type AuditRow } from './audit.schema.js';

/** Rows per page of /admin/audit. */
export const AUDIT_PAGE_SIZE = 50;

// Keys whose values are (or may be) survey answers, comments, other free text or credentials:
// dropped from details wherever they appear, whatever a caller passes in.
const FORBIDDEN_KEY =
  /^(answers?|comments?|text|body|title|message|free_text|quotes?|password|password_hash|token|secret|.*_secret)$/i;
const MAX_STRING = 200;
const MAX_ITEMS = 50;
const MAX_DEPTH = 4;

/**
 * Details safe to keep: identifiers, counts and settings. Drops forbidden keys at any depth,
 * shortens long strings and lists, and turns anything that is not JSON data into a string.
 */
export function safeDetails(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (depth >= MAX_DEPTH || typeof value !== 'object') return value === undefined ? null : '…';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ITEMS).map((v) => safeDetails(v, depth + 1));
    return value.length > MAX_ITEMS ? [...kept, `(+${value.length - MAX_ITEMS} more)`] : kept;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    // '__proto__' as an own key (JSON.parse makes one) would set the prototype instead of a field.
    if (FORBIDDEN_KEY.test(k) || v === undefined || k === '__proto__') continue;
    out[k] = safeDetails(v, depth + 1);
  }
  return out;
}

/**
 * Appends one entry to the audit log. The entry is only ever added: nothing in Chorus updates or
 * deletes audit rows, and the database refuses it (migration 0016).
 */
export function recordAudit(deps: Pick<Deps, 'db' | 'now'>, input: AuditInput): number {
  if (!ACTION_NAME.test(input.action)) throw new Error(`audit: "${input.action}" is not a dotted action name`);
  return auditRepo(deps.db).insert({
    at: deps.now().toISOString(),
    actor: input.actor.name.slice(0, 254),
    actorKind: input.actor.kind,
    actorRole: input.actor.role,
    action: input.action,
    target: input.target === undefined || input.target === null ? null : String(input.target).slice(0, MAX_STRING),
    details: JSON.stringify(safeDetails(input.details ?? {})),
    ip: input.ip ?? null,
  });
}

/** The actor of a bearer token: `token:<id>`, or `token:bootstrap` for CHORUS_API_TOKEN. */
export function tokenActor(deps: Pick<Deps, 'db' | 'config'>, bearer: string, role: string): Actor {
  if (deps.config.apiToken && safeEqual(bearer, deps.config.apiToken))
    return { name: 'token:bootstrap', kind: 'token', role };
  const row = authRepo(deps.db).tokenByHash(sha256(bearer));
  return { name: row ? `token:${row.id}` : 'token:unknown', kind: 'token', role };
}

/** The actor of a CLI command: `cli:<OS user>` (whoever ran it on the server). */
export function cliActor(): Actor {
  let user = 'unknown';
  try {
    user = userInfo().username || 'unknown';
  } catch {
    // No passwd entry for this uid (some containers): the entry still says it came from the CLI.
  }
  return { name: `cli:${user}`, kind: 'cli', role: null };
}

/** An entry as the API answers it (snake_case, details parsed). */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  actor_kind: string;
  actor_role: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

const present = (row: AuditRow): AuditEntry => ({
  id: row.id,
  at: row.at,
  actor: row.actor,
  actor_kind: row.actorKind,
  actor_role: row.actorRole,
  action: row.action,
  target: row.target,
  details: JSON.parse(row.details) as Record<string, unknown>,
  ip: row.ip,
});

/** Parses the audit filters (422 naming each bad field). */
function parseAuditQuery(query: unknown) {
  const parsed = auditQuery.safeParse(query ?? {});
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const q = parsed.data;
  const filter: AuditFilter = {
    from: q.from ? toInstant(q.from) : undefined,
    to: q.to ? toInstant(q.to) : undefined,
    actor: q.actor,
    action: q.action,
  };
  return { ...q, filter };
}

/** Entries matching the query, newest first: `limit` of them (API) or one page (admin page). */
export function listAudit(deps: Pick<Deps, 'db'>, query: unknown, options: { paged?: boolean } = {}) {
  const q = parseAuditQuery(query);
  const repo = auditRepo(deps.db);
  const limit = options.paged ? AUDIT_PAGE_SIZE : q.limit;
  const offset = options.paged ? (q.page - 1) * AUDIT_PAGE_SIZE : 0;
  const entries = repo.list(q.filter, limit, offset).map(present);
  const total = repo.count(q.filter);
  return {
    entries,
    total,
    page: options.paged ? q.page : 1,
    pages: Math.max(1, Math.ceil(total / limit)),
    query: q,
  };
}

/** One CSV row per entry; details as compact JSON. */
export const auditCsvRows = (entries: AuditEntry[]) =>
  entries.map((e) => ({
    at: e.at,
    actor: e.actor,
    actor_kind: e.actor_kind,
    actor_role: e.actor_role,
    action: e.action,
    target: e.target,
    details: JSON.stringify(e.details),
    ip: e.ip,
  }));
