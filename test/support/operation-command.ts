/**
 * Runs an operation's command door in this process against a test's runtime,
 * as `realty <name> …` does without a running app: the arguments and options
 * as commander hands them over (camelCase), the input checked, the operation
 * run as the operator through the runtime's access layer; people's text and
 * the `--json` value captured.
 */
import type { RegisteredOperation } from '../../plugins/core/plugin/index';
import type { Runtime } from '../../plugins/core/runtime/index';
import type { CliContext } from '../../scripts/cli-runtime';
import type { OpenedCommandContext } from '../../scripts/command-context';
import { runOperationCommand } from '../../scripts/operation-commands';
import { freePort } from '../scripts/realty-process';

export interface OperationCommandRun {
  code: number;
  said: string[];
  /** What `--json` printed (the result, or `{ error }`). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers of many shapes
  result: Record<string, any>;
}

export async function runOperationCommandHere(
  runtime: Runtime,
  name: string,
  args: readonly string[] = [],
  options: Record<string, unknown> = {},
): Promise<OperationCommandRun> {
  const operation = runtime.registry.operations.find((o) => o.name === name) as RegisteredOperation;
  if (!operation) throw new Error(`no operation "${name}"`);
  const said: string[] = [];
  const printed: unknown[] = [];
  const config = runtime.contextFor(operation.plugin).config;
  // A port nobody listens on: the command runs here, never through some other app.
  const cli = {
    config: { ...config, databaseUrl: undefined, port: await freePort() },
    secrets: { staffSecret: 'unused', webhookSecret: 'unused' },
  } as unknown as CliContext;
  const ctx = {
    config,
    log: runtime.contextFor(operation.plugin).log,
    jsonOutput: true,
    say: (text: string) => said.push(text),
    json: (value: unknown) => printed.push(value),
    progress: () => ({ update() {}, stop() {} }),
    open: async () => runtime.contextFor(operation.plugin),
    runtime: async () => runtime,
    app: async () => undefined,
    signal: new AbortController().signal,
    close: async () => undefined,
  } satisfies OpenedCommandContext;
  const code = await runOperationCommand(cli, ctx, operation, { args, options: { json: true, ...options } });
  return { code, said, result: printed[0] as OperationCommandRun['result'] };
}
