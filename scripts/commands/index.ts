// Every `realty` command: its flags and help here, its work in a lazily imported module.
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
    .description("provision every plugin's objects, fields and relations, and the webhook, in the workspace")
    .option('--dry-run', 'print the plan, change nothing')
    .option('--json', 'print the plan/result as JSON on stdout')
    .action(async (opts: { dryRun?: boolean; json?: boolean }) =>
      (await import('./setup')).setupCommand(opts),
    );

  program
    .command('seed-demo')
    .description('load the demo registry (complexes, buildings, sections, ~1,500 units) — idempotent')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { json?: boolean }) => (await import('./seed-demo')).seedDemoCommand(opts));

  program
    .command('import-units')
    .description('import units from Excel (validate, diff, protect, write with a change protocol; resumable)')
    .argument('[file]', 'the .xlsx file to import')
    .option('--template <out>', 'write an empty import template to OUT.xlsx instead')
    .option('--dry-run', 'validate and compare only; write nothing to Twenty')
    .option(
      '--report <out>',
      'write the rows with their outcome and problems (problem cells coloured) to OUT.xlsx',
    )
    .option('--actor <who>', 'recorded as who imported (default cli:<user>)')
    .option('--json', 'print the plan and result as JSON on stdout')
    .addHelpText(
      'after',
      `
Exit codes: 0 — every valid row was applied (rejected rows are reported, and in --report);
            2 — the file itself is unusable (not xlsx, missing columns, merged cells …): nothing written;
            1 — the import failed or was stopped (Ctrl-C); run the same command again to resume it.
Units in auction, booked or sold never get a new price or status from an import; a price change above
15 % is held for an admin's approval on the /import page.`,
    )
    .action(async (file: string | undefined, opts: import('./import-units').ImportUnitsOptions) =>
      (await import('./import-units')).importUnitsCommand(file, opts),
    );

  program
    .command('staff-token')
    .description('issue a staff token (and sign-in link) for a workspace member')
    .requiredOption('--member <email>', "the member's e-mail (workspaceMember.userEmail)")
    .option('--role <role>', `one of ${STAFF_ROLES.join(', ')}`, parseRole, 'admin')
    .option('--ttl <ttl>', 'lifetime, e.g. 15m, 8h', '8h')
    .option('--json', 'print { token, link, member } as JSON')
    .action(async (opts: { member: string; role: string; ttl: string; json?: boolean }) =>
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
}
