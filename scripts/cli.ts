/**
 * The `realty` CLI (bin/realty.mjs → main). Commands are declared in
 * scripts/commands/index.ts; each imports its implementation lazily, so
 * `realty --help` stays fast and a command's dependencies load only when it runs.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../plugins/core/settings/index';
import { EXIT_USAGE, exitCodeFor, say } from './cli-support';
import { registerCommands } from './commands/index';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('realty')
    .description('twenty-realty: real-estate sales on Twenty CRM — host, setup, imports, reports, migration')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
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
