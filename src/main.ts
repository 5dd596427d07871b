import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { MigrationMismatchError } from './db/migrate.js';
import { seedDemo } from './demo/seed.js';
import { checkProvider } from './auth/oidc.service.js';
import { createApp } from './web/app.js';
import { openWorkspace } from './workspace.js';
import { createLogger } from './log.js';
import { enableProcessMetrics } from './operators/telemetry.js';
import { createScheduler } from './schedule/scheduler.js';
import { smtpTransport } from './mail/transport.js';
import { createSlack } from './slack/slack.js';
import { syncCommentTags } from './themes/taxonomy.service.js';

/** Composition root: config → db → migrate → services → web (+ Slack, scheduler) → listen. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let deps;
  try {
    deps = openWorkspace(config, { log });
  } catch (err) {
    // An applied migration renamed, deleted or edited: say which, plainly, and do not start.
    if (err instanceof MigrationMismatchError) {
      log.fatal({ module: 'db' }, err.message);
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  enableProcessMetrics(deps.db);
  if (config.demo && seedDemo(deps)) log.info({ module: 'demo', db: config.dbPath }, 'demo workspace created');
  // Comments are tagged when written; this tags any a database holds from before that (or from a
  // direct SQL load), so reports never have to write while they are read.
  const { tagged } = syncCommentTags(deps);
  if (tagged) log.info({ module: 'themes', tagged }, 'tagged comments written before start');

  // Slack (off when its variables are unset: no Bolt at all). HTTP mode mounts Bolt's router
  // before the body parsers; a bad token is a clear startup error, not an unhandled rejection.
  const slack = createSlack(deps);
  if (slack) {
    try {
      await slack.start();
      log.info({ module: 'slack', mode: slack.mode }, 'Slack connected');
    } catch (err) {
      log.fatal({ module: 'slack' }, (err as Error).message);
      console.error((err as Error).message);
      process.exit(1);
    }
  }
  // E-mail (off when CHORUS_SMTP_URL is unset): the scheduler sends invitations, reminders and
  // loop-update e-mails through the same outbox as Slack messages.
  const mail = config.mail ? smtpTransport(config.mail) : null;
  if (config.mail) log.info({ module: 'mail', host: config.mail.host, port: config.mail.port }, 'e-mail on');
  const scheduler = createScheduler(deps, { client: slack?.client ?? null, mail });
  scheduler.start();

  const app = createApp(deps, { beforeParsers: slack?.router ? [slack.router] : [] });
  const server: Server = app.listen(config.port, config.host, () => {
    log.info(
      { module: 'main', url: config.baseUrl, demo: config.demo, slack: config.slack.mode },
      'Chorus is listening',
    );
    if (config.oidc) void checkProvider(deps);
  });
  server.on('error', (err) => {
    log.fatal({ module: 'main', err }, 'could not listen');
    process.exit(1);
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ module: 'main', signal }, 'shutting down: no new connections, finishing in-flight requests');
    const stop = async () => {
      await scheduler.stop();
      mail?.close();
      await slack?.stop();
      // Fold the WAL back into the database file so a copy of CHORUS_DB alone is complete.
      deps.db.pragma('wal_checkpoint(TRUNCATE)');
      deps.db.close();
      log.info({ module: 'main' }, 'stopped');
      process.exit(0);
    };
    server.close(() => {
      // A failure while stopping is logged and exits 1 instead of becoming an unhandled rejection.
      stop().catch((err: unknown) => {
        log.fatal({ module: 'main', err }, 'shutdown failed');
        process.exit(1);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  createLogger('error').fatal({ module: 'main', err }, 'startup failed');
  process.exit(1);
});
