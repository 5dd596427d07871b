import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logger. Survey answers and free text must never reach it: the redaction list is a
 * second line of defence for fields that carry them, not a licence to log request bodies.
 */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: {
      paths: [
        'answers',
        '*.answers',
        'text',
        '*.text',
        'comment',
        '*.comment',
        'password',
        '*.password',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
  // The destination is for tests that read what would have been logged.
  return destination ? pino(options, destination) : pino(options);
}

/** A child logger labelled with the module it speaks for. */
export function moduleLogger(log: Logger, module: string): Logger {
  return log.child({ module });
}
