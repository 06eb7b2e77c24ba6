/**
 * `defineCommand`: a plugin's `realty` subcommand. The plugin says its name,
 * arguments and options (through commander, which the CLI uses) and what it
 * does; the CLI supplies a `CommandContext` — the validated configuration,
 * output for people (stderr) and machines (`--json` on stdout), progress, a
 * system context over the workspace and the store, or the running app's API
 * when `realty start` holds the embedded store. Exit codes: return 0/1/2 or
 * throw (1); usage mistakes are 2 (DESIGN.md "Interfaces").
 */
import type { Command } from 'commander';
import type { Logger } from '../runtime/logger';
import type { RealtyConfig } from '../settings/config';
import { DeclarationError } from './declaration-error';
import type { PluginContext } from './plugin-context';

export interface CommandProgress {
  /** Moves the bar (TTY) or prints a progress line (CI) at most every second. */
  update(done: number, total?: number): void;
  stop(): void;
}

/** The running app's JSON API, signed in as an admin (only while `realty start` runs). */
export interface AppApi {
  readonly url: string;
  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
}

export interface CommandContext {
  readonly config: RealtyConfig;
  readonly log: Logger;
  /** True with `--json`: print the one summary object with `json()` and people's text with `say()` (stderr). */
  readonly jsonOutput: boolean;
  say(text: string): void;
  json(value: unknown): void;
  progress(label: string, total?: number): CommandProgress;
  /** A system context over the workspace and the store (opens them on first use; closed when the command ends). */
  open(): Promise<PluginContext>;
  /** The running app's API when `realty start` runs against this REALTY_HOME, else undefined. */
  app(): Promise<AppApi | undefined>;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /**
   * Runs an operation (`defineOperation`) as its own command would: through the running app when it
   * holds the store, else in this process as the operator; its progress shows as bars. Answers the
   * result (a file as an OperationFile); a refusal throws a RouteError with the one error body.
   * For commands that add what only a command line has (a template to write, a report path).
   */
  operation?(name: string, input: Record<string, unknown>, options?: { dryRun?: boolean }): Promise<unknown>;
}

export type CommandArgs = {
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, unknown>>;
};

export interface CommandConfig {
  /** The subcommand, e.g. `import-units`; a space makes a group: `jobs run`. */
  name: string;
  description: string;
  /** Adds arguments, options and help text to the commander command. */
  configure?(command: Command): void;
  /** Returns the exit code (default 0). */
  run(input: CommandArgs, ctx: CommandContext): Promise<number | undefined> | number | undefined;
}

export interface CommandDeclaration extends Readonly<CommandConfig> {
  readonly kind: 'command';
}

export function defineCommand(config: CommandConfig): CommandDeclaration {
  const problems: string[] = [];
  if (typeof config?.name !== 'string' || !/^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)?$/.test(config.name))
    problems.push(`name "${String(config?.name)}" must be lowercase words with dashes, e.g. "import-units"`);
  if (typeof config?.description !== 'string' || config.description.trim() === '')
    problems.push('description is empty');
  if (typeof config?.run !== 'function') problems.push('run is missing');
  if (problems.length > 0)
    throw new DeclarationError('invalid_command', `defineCommand("${String(config?.name)}")`, problems);
  return Object.freeze({ kind: 'command', ...config });
}
