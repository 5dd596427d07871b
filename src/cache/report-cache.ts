import type { Db } from '../db/open.js';
import type { Deps } from '../deps.js';
import { countCacheLookup } from '../operators/telemetry.js';
import { periodMode } from '../privacy/period-mode.js';
import { dataVersion } from './cache.repo.js';

/** Most reports one process keeps (each is a plain object of a few hundred KB at most). */
export const REPORT_CACHE_ENTRIES = 200;

interface Store {
  version: number;
  entries: Map<string, unknown>;
  hits: number;
  misses: number;
}

const stores = new WeakMap<Db, Store>();

function storeFor(db: Db, version: number): Store {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = { version, entries: new Map(), hits: 0, misses: 0 }));
  // Any write to any report input since the entries were computed: all of them are stale.
  if (s.version !== version) {
    s.entries.clear();
    s.version = version;
  }
  return s;
}

/**
 * Memoizes a report until its inputs change. `key` names the report and everything it depends on
 * besides the database (its resolved window, team, filters): never a window relative to "now"
 * left unresolved. The data version is read before computing, so a write that lands during the
 * computation leaves the entry already stale. Callers get their own copy (structuredClone), so
 * presenting a report can never alter the cached one. Errors are not cached.
 */
export function cachedReport<T>(deps: Pick<Deps, 'db'>, key: readonly unknown[], compute: () => T): T {
  const version = dataVersion(deps.db);
  const store = storeFor(deps.db, version);
  // Survey figures differ by window mode (exact for admins, weekly for everyone else).
  const id = JSON.stringify([periodMode(), ...key]);
  if (store.entries.has(id)) {
    const value = store.entries.get(id) as T;
    store.entries.delete(id);
    store.entries.set(id, value);
    store.hits++;
    countCacheLookup(deps.db, 'report', true);
    return structuredClone(value);
  }
  store.misses++;
  countCacheLookup(deps.db, 'report', false);
  const value = compute();
  if (store.version === version) {
    store.entries.set(id, structuredClone(value));
    if (store.entries.size > REPORT_CACHE_ENTRIES) store.entries.delete(store.entries.keys().next().value as string);
  }
  return value;
}

/** Hit/miss counters and size of a database's report cache (admin page, benchmark). */
export function reportCacheStats(db: Db): { version: number | null; entries: number; hits: number; misses: number } {
  const s = stores.get(db);
  return { version: s?.version ?? null, entries: s?.entries.size ?? 0, hits: s?.hits ?? 0, misses: s?.misses ?? 0 };
}
