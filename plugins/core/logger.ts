/**
 * The logger every handler, job and route gets: pino's call shape
 * (`log.info({ unitId }, 'unit reserved')`), so pino itself is a Logger and
 * tests can pass a recorder instead.
 */
import pino from 'pino';

type LogFn = (obj: object, msg?: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(options: { level?: LogLevel; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'twenty-realty',
    level: options.level ?? 'info',
    // Belt and braces: even if a caller passes a whole config or request, these never reach the log.
    redact: {
      paths: [
        'secret',
        'apiKey',
        'token',
        'password',
        '*.secret',
        '*.apiKey',
        '*.token',
        '*.password',
        'headers.authorization',
        'headers["x-twenty-webhook-signature"]',
      ],
      censor: '[redacted]',
    },
  });
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};

export interface RecordedLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

/** A logger that keeps what it was told, for tests that assert on logging. */
export function createRecordingLogger(): Logger & { lines: RecordedLine[] } {
  const lines: RecordedLine[] = [];
  const at =
    (level: RecordedLine['level']): LogFn =>
    (obj, msg) => {
      lines.push({ level, obj, msg });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A logger that adds `bindings` to every line (pino's `child`, for any Logger). */
export function childLogger(log: Logger, bindings: object): Logger {
  const wrap =
    (fn: LogFn): LogFn =>
    (obj, msg) =>
      fn({ ...bindings, ...obj }, msg);
  return { debug: wrap(log.debug), info: wrap(log.info), warn: wrap(log.warn), error: wrap(log.error) };
}
