/**
 * The logger every handler, job and route gets: pino's call shape
 * (`log.info({ unitId }, 'unit reserved')`), so pino itself is a Logger and
 * tests can pass a recorder instead.
 */
import pino from 'pino';
import { logDestination } from './log-format';

type LogFn = (obj: object, msg?: string) => void;

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Logs go to stderr, so a command's `--json` output on stdout stays machine-readable; readable on a terminal (log-format.ts). */
export function createLogger(options: { level?: LogLevel; name?: string } = {}): Logger {
  return pino(
    {
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
    },
    logDestination(),
  );
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
  // Call through `log` so methods that need their receiver (pino's) keep it.
  return {
    debug: (obj, msg) => log.debug({ ...bindings, ...obj }, msg),
    info: (obj, msg) => log.info({ ...bindings, ...obj }, msg),
    warn: (obj, msg) => log.warn({ ...bindings, ...obj }, msg),
    error: (obj, msg) => log.error({ ...bindings, ...obj }, msg),
  };
}
