import type { Config } from './config.js';
import type { Db } from './db/open.js';
import type { Logger } from './log.js';

/** What every service function takes as its first argument. */
export interface Deps {
  db: Db;
  config: Config;
  log: Logger;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  /** Keys pseudonyms and signs sessions and links (CHORUS_SECRET or generated once). */
  secret: string;
}

/** ISO 8601 UTC with milliseconds: the one text format instants are stored in. */
export const iso = (d: Date): string => d.toISOString();
