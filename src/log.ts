import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logger. Survey answers and free text must never reach it: the redaction list is a
 * second line of defence for fields that carry them, not a licence to log request bodies.
 */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: undefined,
    redact: {
      paths: [
        'answers', '*.answers', 'text', '*.text', 'comment', '*.comment', 'password', '*.password',
        'token', '*.token', 'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}

/** A child logger labelled with the module it speaks for. */
export function moduleLogger(log: Logger, module: string): Logger {
  return log.child({ module });
}
