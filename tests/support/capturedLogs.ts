/** A real pino logger (createLogger: serializers, redaction) whose lines the test can read. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.js';

export interface LogLine {
  level: number;
  msg: string;
  err?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface CapturedLogs {
  logger: Logger;
  /** Every line, parsed, in order. */
  lines: LogLine[];
  /** Every line as written. */
  raw: string[];
  /** The lines with this message. */
  withMessage(msg: string): LogLine[];
}

export function capturedLogs(level = 'debug'): CapturedLogs {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()) as LogLine);
      done();
    },
  });
  return {
    logger: createLogger(level, destination),
    lines,
    raw,
    withMessage: (msg) => lines.filter((line) => line.msg === msg),
  };
}
