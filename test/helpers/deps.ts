import { loadConfig, type Config } from '../../src/config.js';
import { migrate } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/log.js';
import { deriveKeys } from '../../src/settings/secret.js';

/** A clock tests can move: `clock.set('2026-03-02T10:00:00Z')`, `clock.advance(ms)`. */
export function testClock(start = '2026-03-02T10:00:00.000Z') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (iso: string) => {
      t = new Date(iso).getTime();
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

/** Fresh deps over a `:memory:` database with the real migrations. */
export function makeDeps(
  overrides: { env?: Record<string, string>; now?: () => Date; config?: Partial<Config> } = {},
): Deps {
  const config = {
    ...loadConfig({ CHORUS_DB: ':memory:', LOG_LEVEL: 'silent', ...overrides.env }),
    ...overrides.config,
  };
  const db = openDatabase(':memory:');
  migrate(db);
  return {
    db,
    config,
    log: createLogger('silent'),
    now: overrides.now ?? (() => new Date()),
    keys: deriveKeys('test-secret-0123456789abcdef'),
  };
}
