/**
 * The `realty` CLI (bin/realty.mjs → main). The CLI's own commands are
 * declared in scripts/commands/index.ts (each imports its implementation
 * lazily); every enabled plugin adds its subcommands from its declarations
 * (plugin-commands.ts), so `realty --help` lists them without opening anything.
 */
import { Command, CommanderError } from 'commander';
import { createRegistry } from '../plugins/core/plugin/index';
import { ConfigError, type Env } from '../plugins/core/settings/index';
import { enabledPlugins } from './cli-runtime';
import { EXIT_USAGE, exitCodeFor, say } from './cli-support';
import { registerCommands } from './commands/index';
import { registerPluginCommands } from './plugin-commands';

export function buildProgram(env: Env = process.env): Command {
  const program = new Command();
  program
    .name('realty')
    .description('twenty-realty: real-estate sales on Twenty CRM — host, setup, imports, reports, migration')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  // A bad REALTY_PLUGINS still lists every plugin's commands; running one reports the variable.
  const names = env.REALTY_PLUGINS?.split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const registry = createRegistry(enabledPlugins(names).plugins);
  registerPluginCommands(program, [...registry.commands, ...registry.operations]);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 2.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (error instanceof ConfigError) {
      say(`✖ ${error.message}`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    const code = exitCodeFor(error);
    const userFacing = code === EXIT_USAGE || (error instanceof Error && 'userFacing' in error);
    say(
      userFacing
        ? `✖ ${(error as Error).message}`
        : `✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = code;
  }
}
