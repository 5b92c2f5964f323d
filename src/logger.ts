import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs. Message bodies and tokens are never logged: the redact paths are a
 * safety net for the fields that could carry them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          'message',
          'text',
          'token',
          'authorization',
          '*.authorization',
          '*.token',
          'password',
          'secret',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** A logger that drops everything, for tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
