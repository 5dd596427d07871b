import { loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { Deps } from './deps.js';
import { createLogger, type Logger } from './log.js';
import { resolveSecret } from './settings/secret.js';
import { ensureDefaultSurveys } from './surveys/surveys.service.js';

/** Opens the configured database, migrates it and builds the service dependencies. */
export function openWorkspace(config: Config = loadConfig(), options: { log?: Logger; now?: () => Date } = {}): Deps {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const db = openDatabase(config.dbPath);
  const applied = migrate(db);
  if (applied.length) log.info({ module: 'db', applied }, 'migrations applied');
  const secret = resolveSecret(db, config.secret, now());
  const deps: Deps = { db, config, log, now, secret };
  ensureDefaultSurveys(deps);
  return deps;
}
