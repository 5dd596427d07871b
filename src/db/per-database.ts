import type { Db } from './open.js';

/**
 * Memoises `build` per database connection: a repository's statements are prepared once per
 * connection instead of on every call (preparing is the costly part of a small query).
 */
export function perDatabase<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) built.set(db, (value = build(db)));
    return value;
  };
}
