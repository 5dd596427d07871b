import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Logger } from '../log.js';

/** Bolt's (and the Web API client's) logger interface over our pino logger (label 'slack'). */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ module: 'slack' });
  const text = (msg: unknown[]) =>
    msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  let level = 'info' as LogLevel;
  return {
    // Bolt's debug output can include request payloads (answers, free text): never forwarded.
    debug: () => undefined,
    info: (...m: unknown[]) => child.info(text(m)),
    warn: (...m: unknown[]) => child.warn(text(m)),
    error: (...m: unknown[]) => child.error(text(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** Logs a listener failure by message and code only (never the payload). */
export function logListenerError(deps: Deps, err: Error): void {
  deps.log.error({ module: 'slack', err: err.message, code: (err as { code?: string }).code }, 'Slack listener failed');
}
