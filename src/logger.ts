import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Errors are logged by name, code, status and stack only: an HTTP client's error can carry the
 * request (its Authorization header, the message body), which must never reach the logs.
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    stack: error.stack,
  };
}

/**
 * Structured logs. Message bodies and tokens are never logged: the redact paths are a
 * safety net for the fields that could carry them.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      serializers: { err: safeError },
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
