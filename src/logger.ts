import { pino, type Logger } from 'pino';

export type { Logger };

/** Causes are followed this deep; a cycle or a long chain stops there. */
const MAX_CAUSE_DEPTH = 3;

/**
 * The one error sanitiser: every logged `err` goes through it (pino serializer). An error —
 * an Error or a thrown plain object — is logged by type, message, code, status, stack and
 * cause only: an HTTP client's error can carry the request (its Authorization header, the
 * message body), which must never reach the logs.
 */
export function safeError(error: unknown, depth = 0): Record<string, unknown> {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const e = error as Record<string, unknown>;
  // MSAL names its code `errorCode`, fetch-style clients their status `status`.
  const code = e.code ?? e.errorCode;
  const statusCode = e.statusCode ?? e.status;
  return {
    ...(typeof e.name === 'string' ? { type: e.name } : {}),
    ...(typeof e.message === 'string' ? { message: e.message } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    ...(typeof e.stack === 'string' ? { stack: e.stack } : {}),
    ...(e.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? { cause: safeError(e.cause, depth + 1) }
      : {}),
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
