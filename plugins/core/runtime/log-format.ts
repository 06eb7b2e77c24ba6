/**
 * How log lines look: readable lines (pino-pretty: time, level, message, then
 * the fields) when stderr is a terminal — a person ran `npm start` or a
 * `realty` command — and one JSON object per line otherwise (a service
 * manager, a container, a pipe to a log shipper). `LOG_FORMAT=json` or
 * `LOG_FORMAT=pretty` decides instead of the terminal. Either way the lines
 * go to stderr, after pino's redaction.
 */
import pino, { type DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** `LOG_FORMAT` when it names a format; otherwise readable on a terminal, JSON anywhere else. */
export function logFormat(
  env: Readonly<Record<string, string | undefined>> = process.env,
  isTTY: boolean = process.stderr.isTTY === true,
): LogFormat {
  const asked = env.LOG_FORMAT?.trim().toLowerCase();
  if (asked === 'json' || asked === 'pretty') return asked;
  return isTTY ? 'pretty' : 'json';
}

/** The stream pino writes to: file descriptor 2, as JSON or through pino-pretty (synchronously, in-process). */
export function logDestination(format: LogFormat = logFormat()): DestinationStream {
  if (format === 'json') return pino.destination(2);
  return pretty({
    destination: 2,
    sync: true,
    colorize: process.stderr.isTTY === true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
  });
}
