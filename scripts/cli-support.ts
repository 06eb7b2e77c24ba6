/**
 * What every `realty` command shares: exit codes (0 done, 1 failed, 2 bad
 * usage or invalid input — nothing written), `--json` output on stdout with
 * human text on stderr, and errors printed as one clear line instead of a
 * stack trace when they are the user's to fix.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** An error whose message is the whole story for the user (bad input, bad config). */
export class CliUsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export interface OutputOptions {
  json?: boolean;
}

/** Human text: stderr, so stdout stays machine-readable under --json. */
export function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function exitCodeFor(error: unknown): number {
  if (error && typeof error === 'object' && 'exitCode' in error && typeof error.exitCode === 'number') {
    return error.exitCode;
  }
  return EXIT_FAILED;
}
