import type { Db } from '../db/open.js';
import { countCacheLookup } from '../operators/telemetry.js';

/**
 * A small in-memory LRU of computed results per database connection, invalidated exactly: the key
 * includes `results_version.n` (bumped by triggers on every write that can change a result, see
 * migration 0006) and `PRAGMA data_version` (changes when another process, e.g. a CLI import,
 * commits). Callers get a copy, so nobody can alter a cached result.
 */
// A per-team map of a large org is under 1 MB; 32 entries keep the worst case small beside the server's RSS.
const MAX_ENTRIES = 32;
const caches = new WeakMap<Db, { version: { get: () => unknown }; entries: Map<string, unknown> }>();

/** The cached value for `key`, computed by `compute` on a miss. */
export function cachedResult<T>(db: Db, key: string, compute: () => T): T {
  let cache = caches.get(db);
  if (!cache) {
    const statement = db.prepare('SELECT n FROM results_version WHERE id = 1').pluck();
    cache = { version: { get: () => statement.get() }, entries: new Map() };
    caches.set(db, cache);
  }
  const full = `${cache.version.get() as number}:${db.pragma('data_version', { simple: true }) as number}|${key}`;
  if (cache.entries.has(full)) {
    const hit = cache.entries.get(full);
    cache.entries.delete(full);
    cache.entries.set(full, hit);
    countCacheLookup(db, 'results', true);
    return structuredClone(hit) as T;
  }
  countCacheLookup(db, 'results', false);
  const value = compute();
  cache.entries.set(full, value);
  if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
  return structuredClone(value);
}
