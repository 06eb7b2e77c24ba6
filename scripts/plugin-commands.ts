/**
 * Every enabled plugin's `realty` subcommands (`defineCommand` in its
 * commands.ts), mounted on the program from their declarations alone: help
 * lists them without opening a database or a workspace. Running one builds its
 * CommandContext (command-context.ts), turns the returned code into the exit
 * code (0 done, 1 failed, 2 bad usage) and closes what the command opened.
 */
import type { Command } from 'commander';
import { withOrigin } from '../plugins/core/events/index';
import type { RegisteredCommand, RegisteredOperation } from '../plugins/core/plugin/index';
import { type CliContext, cliContext } from './cli-runtime';
import { EXIT_OK } from './cli-support';
import { createCommandContext } from './command-context';
import { configureOperation, runOperationCommand } from './operation-commands';

/** The group command (`jobs` of `jobs run`), created when a plugin declares the first of its subcommands. */
function parentOf(
  program: Command,
  declared: RegisteredCommand | RegisteredOperation,
): { parent: Command; name: string } {
  const words = declared.name.split(' ');
  if (words.length === 1) return { parent: program, name: declared.name };
  const [group, name] = words;
  let parent = program.commands.find((c) => c.name() === group);
  if (!parent) parent = program.command(group).description(`${group} (plugin ${declared.plugin})`);
  return { parent, name };
}

export interface PluginCommandOptions {
  /** Where a command's configuration, plugins and secrets come from (default: this process's environment). */
  context?: () => CliContext;
}

/** Mounts plugins' commands and operations (`[...registry.commands, ...registry.operations]`). */
export function registerPluginCommands(
  program: Command,
  commands: readonly (RegisteredCommand | RegisteredOperation)[],
  options: PluginCommandOptions = {},
): void {
  const contextOf = options.context ?? cliContext;
  for (const declared of commands) {
    const { parent, name } = parentOf(program, declared);
    if (parent.commands.some((c) => c.name() === name))
      throw new Error(
        `plugin "${declared.plugin}" declares \`realty ${declared.name}\`, which the CLI already has; rename the command`,
      );
    const command = parent.command(name).description(`${declared.description} [${declared.plugin}]`);
    if (declared.kind === 'operation') configureOperation(command, declared);
    else declared.configure?.(command);
    if (!command.options.some((o) => o.long === '--json'))
      command.option('--json', 'print the result as JSON on stdout (people’s text stays on stderr)');
    command.action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as Command;
      const flags = self.opts();
      const cli = contextOf();
      const ctx = createCommandContext(cli, { plugin: declared.plugin, json: flags.json === true });
      try {
        const code =
          declared.kind === 'operation'
            ? await runOperationCommand(cli, ctx, declared, {
                args: received.slice(0, declared.args.length),
                options: flags,
              })
            : // What the command writes is the project's change: its echo reaches every plugin's handlers.
              await withOrigin({ plugin: declared.plugin, kind: 'command', name: declared.name }, () =>
                declared.run({ args: [...self.args], options: flags }, ctx),
              );
        process.exitCode = code ?? EXIT_OK;
      } finally {
        await ctx.close();
      }
    });
  }
}
