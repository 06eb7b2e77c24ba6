// The CLI's own `realty` commands: flags and help here, the work in a lazily imported module.
// Plugins add theirs from their declarations (scripts/plugin-commands.ts).
import { type Command, InvalidArgumentError } from 'commander';
import { STAFF_ROLES } from '../../plugins/core/auth/index';

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535)
    throw new InvalidArgumentError(`must be a port 0–65535, got «${value}»`);
  return n;
}

function parseRole(value: string): string {
  if (!(STAFF_ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`must be one of ${STAFF_ROLES.join(', ')}`);
  }
  return value;
}

export function registerCommands(program: Command): void {
  program
    .command('start')
    .description(
      'run everything: devhost (without TWENTY_URL), setup, demo data, webhook, worker, scheduler and the app server',
    )
    .option('--no-seed', 'do not load the demo data into a fresh devhost')
    .action(async (opts: { seed: boolean }) => (await import('./start')).startCommand(opts));

  program
    .command('devhost')
    .description('run only the embedded Twenty-compatible host (data in $REALTY_HOME/devhost)')
    .option('--port <n>', 'port (default DEVHOST_PORT or 3000)', parsePort)
    .action(async (opts: { port?: number }) => {
      const { runDevhost } = await import('../../devhost/main');
      await runDevhost({ port: opts.port });
    });

  program
    .command('setup')
    .description(
      "provision the enabled plugins' objects, fields and relations (REALTY_PLUGINS, default all), and the webhook",
    )
    .option('--dry-run', 'print the plan, change nothing')
    .option('--json', 'print the plan/result as JSON on stdout')
    .option(
      '--no-iframe-widgets',
      'do not add the dashboard of iFrame widgets (embed pages) to the workspace',
    )
    .action(async (opts: { dryRun?: boolean; json?: boolean; iframeWidgets: boolean }) =>
      (await import('./setup')).setupCommand(opts),
    );

  program
    .command('seed-demo')
    .description(
      "load every enabled plugin's demo data (the registry: complexes, buildings, ~1,500 units) — idempotent",
    )
    .option('--json', 'print the counts per plugin and object as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./seed-demo')).seedDemoCommand(opts));

  program
    .command('staff-token')
    .description(
      'issue a bearer staff token and a one-time sign-in link for a workspace member, with the role you name; or end sessions (--revoke)',
    )
    .option('--member <email>', "the member's e-mail (workspaceMember.userEmail)")
    .option('--role <role>', `required: one of ${STAFF_ROLES.join(', ')} (never admin by default)`, parseRole)
    .option('--ttl <ttl>', 'lifetime, e.g. 15m, 8h', '8h')
    .option('--revoke <email>', 'end every session of this member (signing out all their browsers)')
    .option('--json', 'print { token, link, member } as JSON')
    .addHelpText(
      'after',
      '\nWithout --role the command is refused (exit 2) with the roles and what each may use.',
    )
    .action(async (opts: { member?: string; role?: string; ttl: string; revoke?: string; json?: boolean }) =>
      (await import('./staff-token')).staffTokenCommand(opts),
    );

  program
    .command('resync')
    .description('rebuild the read model from Twenty (all replicated objects, or those named)')
    .argument('[objects...]', 'object names, e.g. unit building')
    .option('--json', 'print the summary as JSON')
    .action(async (objects: string[], opts: { json?: boolean }) =>
      (await import('./runtime-ops')).resyncCommand(objects, opts),
    );

  const jobs = program.command('jobs').description('scheduled jobs');
  jobs
    .command('list')
    .description('list the scheduled jobs and their recent runs')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./runtime-ops')).jobsListCommand(opts));
  jobs
    .command('run')
    .description('run one job now (under its lock), e.g. realty:sweep')
    .argument('<name>', 'job key plugin:name, or its bare name')
    .option('--json', 'print the run result as JSON')
    .action(async (name: string, opts: { json?: boolean }) =>
      (await import('./runtime-ops')).jobsRunCommand(name, opts),
    );

  program
    .command('status')
    .description(
      'the app in detail: store, Twenty, queue, dead letters, intake, plugins (exit 1 when not healthy)',
    )
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./status')).statusCommand(opts));

  const queue = program.command('queue').description('the durable event queue');
  queue
    .command('status')
    .description('queue counts and the dead-letter list (handlers that failed every retry)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./runtime-ops')).queueStatusCommand(opts));
  queue
    .command('retry')
    .description('put a dead-lettered job back in line')
    .argument('<id>', 'job id from `realty queue status`')
    .action(async (id: string) => (await import('./runtime-ops')).queueRetryCommand(id));

  program
    .command('twenty-app')
    .description(
      "write the Twenty app (twenty-sdk ≥ 2.40) that shows the project's pages inside Twenty: record tabs and a dashboard",
    )
    .requiredOption('--out <dir>', 'where to write the app package')
    .option(
      '--building-layout <uuid>',
      "the building record page layout's universal identifier (default: read from Twenty)",
    )
    .option(
      '--auction-layout <uuid>',
      "the auction record page layout's universal identifier (default: read from Twenty)",
    )
    .option('--realty-url <url>', 'where the pages live (default PUBLIC_URL)')
    .option('--json', 'print what was written as JSON')
    .action(
      async (opts: {
        out: string;
        buildingLayout?: string;
        auctionLayout?: string;
        realtyUrl?: string;
        json?: boolean;
      }) => (await import('./twenty-app')).twentyAppCommand(opts),
    );
}
