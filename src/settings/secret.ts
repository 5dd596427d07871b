import { randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';
import { readSetting, writeSetting } from './settings.repo.js';

/**
 * The server secret: CHORUS_SECRET when set, else one generated on first start and kept in the
 * database so pseudonyms stay stable across restarts.
 */
export function resolveSecret(db: Db, fromEnv: string | undefined, now: Date): string {
  if (fromEnv) return fromEnv;
  const stored = readSetting<string>(db, 'server_secret');
  if (stored) return stored;
  const generated = randomBytes(32).toString('hex');
  writeSetting(db, 'server_secret', generated, now);
  return generated;
}
