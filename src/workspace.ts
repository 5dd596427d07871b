import { loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { Deps } from './deps.js';
import { createLogger, type Logger } from './log.js';
import { resolveKeys } from './settings/secret.js';
import { ensureDefaultSurveys } from './surveys/surveys.service.js';

/** Opens the configured database, migrates it and builds the service dependencies. */
export function openWorkspace(config: Config = loadConfig(), options: { log?: Logger; now?: () => Date } = {}): Deps {
  const log = options.log ?? createLogger(config.logLevel);
  const now = options.now ?? (() => new Date());
  const db = openDatabase(config.dbPath);
  const applied = migrate(db);
  if (applied.length) log.info({ module: 'db', applied }, 'migrations applied');
  const { keys, notices } = resolveKeys(db, config.secret, now());
  for (const notice of notices) log[notice.level]({ module: 'secret' }, notice.message);
  const deps: Deps = { db, config, log, now, keys };
  ensureDefaultSurveys(deps);
  return deps;
}
