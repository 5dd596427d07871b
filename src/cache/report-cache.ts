import type { Db } from '../db/open.js';
import type { Deps } from '../deps.js';
import { countCacheLookup } from '../operators/telemetry.js';
import { periodMode } from '../privacy/period-mode.js';
import { currentSegments } from '../reports/segment-scope.js';
import { dataVersion } from './cache.repo.js';

/**
 * The one in-process cache of computed reports and survey results. Every entry is valid for one
 * value of the data version (migration 0010, narrowed by 0019): triggers bump it on every write to
 * a table a report reads, whichever process writes (server, CLI import, the Slack listener
 * thread), and on nothing else — sessions, logins, Slack replay signatures, the outbox, the audit
 * log and bookkeeping settings leave it alone, so they never empty the cache. Comments are tagged
 * when they are written (src/themes/taxonomy.service.ts), never while a report is read.
 */

/** What is cached: combined reports (org, team, leadership, themes) or survey results (per group, per team). */
export type CacheKind = 'report' | 'results';

/**
 * Most entries one process keeps per kind. A report is a plain object of a few hundred KB at most;
 * a per-team results map of a large org is under 1 MB, so fewer of those.
 */
const CACHE_ENTRIES: Record<CacheKind, number> = { report: 200, results: 32 };

interface Store {
  version: number;
  entries: Record<CacheKind, Map<string, unknown>>;
  hits: number;
  misses: number;
}

const stores = new WeakMap<Db, Store>();

function storeFor(db: Db, version: number): Store {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = { version, entries: { report: new Map(), results: new Map() }, hits: 0, misses: 0 }));
  // Any write to any report input since the entries were computed: all of them are stale.
  if (s.version !== version) {
    s.entries.report.clear();
    s.entries.results.clear();
    s.version = version;
  }
  return s;
}

/**
 * Memoizes a report until its inputs change. `key` names the report and everything it depends on
 * besides the database (its resolved window, team, filters): never a window relative to "now"
 * left unresolved. The data version is read before computing, so a write that lands during the
 * computation leaves the entry already stale. Callers get their own copy (structuredClone), so
 * presenting a report can never alter the cached one. Errors are not cached. `kind` only sizes
 * the entry's share of the cache and labels the hit/miss metric.
 */
export function cachedReport<T>(
  deps: Pick<Deps, 'db'>,
  key: readonly unknown[],
  compute: () => T,
  kind: CacheKind = 'report',
): T {
  const version = dataVersion(deps.db);
  const store = storeFor(deps.db, version);
  const entries = store.entries[kind];
  // Survey figures differ by window mode (exact for admins, weekly for everyone else) and by the
  // request's segment filter (reports/segment-scope.ts), which combined reports do not name.
  const id = JSON.stringify([periodMode(), currentSegments(), ...key]);
  if (entries.has(id)) {
    const value = entries.get(id) as T;
    entries.delete(id);
    entries.set(id, value);
    store.hits++;
    countCacheLookup(deps.db, kind, true);
    return structuredClone(value);
  }
  store.misses++;
  countCacheLookup(deps.db, kind, false);
  const value = compute();
  if (store.version === version) {
    entries.set(id, structuredClone(value));
    if (entries.size > CACHE_ENTRIES[kind]) entries.delete(entries.keys().next().value as string);
  }
  return value;
}

/** Hit/miss counters and size of a database's cache, both kinds together (admin page, benchmark, tests). */
export function reportCacheStats(db: Db): { version: number | null; entries: number; hits: number; misses: number } {
  const s = stores.get(db);
  return {
    version: s?.version ?? null,
    entries: (s?.entries.report.size ?? 0) + (s?.entries.results.size ?? 0),
    hits: s?.hits ?? 0,
    misses: s?.misses ?? 0,
  };
}
