import type { Config } from './config.js';
import type { Db } from './db/open.js';
import type { Logger } from './log.js';
import type { SecretKeys } from './settings/secret.js';

/** What every service function takes as its first argument. */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /** Per-purpose keys derived from the master secret (CHORUS_SECRET, or generated once): settings/secret.ts. */
  keys: SecretKeys;
}

/** ISO 8601 UTC with milliseconds: the one text format instants are stored in. */
export const iso = (d: Date): string => d.toISOString();
