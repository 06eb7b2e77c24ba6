/**
 * The `realty` CLI (bin/realty.mjs → main). Each command lives in
 * scripts/commands/ and is imported lazily, so `realty --help` stays fast and a
 * command's heavy dependencies load only when it runs.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_USAGE, exitCodeFor, say } from './cli-support';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('realty')
    .description('twenty-realty: real-estate sales on Twenty CRM — host, setup, imports, reports, migration')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('devhost')
    .description('run only the embedded Twenty-compatible host (data in $REALTY_HOME/devhost)')
    .option('--port <n>', 'port (default DEVHOST_PORT or 3000)', parsePort)
    .action(async (opts: { port?: number }) => {
      const { runDevhostCommand } = await import('./commands/devhost');
      await runDevhostCommand(opts);
    });

  for (const register of commandRegistrations) register(program);
  return program;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CommanderError(EXIT_USAGE, 'realty.port', `--port must be 0–65535, got «${value}»`);
  return n;
}

/** Commands added by other modules (kept in one list so the program is built in one place). */
const commandRegistrations: ((program: Command) => void)[] = [];
export function registerCommand(register: (program: Command) => void): void {
  commandRegistrations.push(register);
}

export async function main(argv: string[]): Promise<void> {
  const { registerAllCommands } = await import('./commands/index');
  registerAllCommands();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes with 2.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    const code = exitCodeFor(error);
    say(code === EXIT_USAGE ? `✖ ${(error as Error).message}` : `✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = code;
  }
}
