/**
 * Structured logs as the use cases write them: the ids first, then a short message; never a
 * message body or a token. pino's logger (src/logger.ts) is one.
 */
export interface Logger {
  debug(fields: object, message?: string): void;
  debug(message: string): void;
  info(fields: object, message?: string): void;
  info(message: string): void;
  warn(fields: object, message?: string): void;
  warn(message: string): void;
  error(fields: object, message?: string): void;
  error(message: string): void;
}
