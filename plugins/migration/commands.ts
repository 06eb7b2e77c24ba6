/**
 * `realty migrate salesforce ZIP|DIR` and `realty migrate dynamics DIR`: the
 * commands, their options and help. The engine lives in the top-level
 * migration/ folder (DESIGN, Layout: dependencies point migration → plugins);
 * a command loads it with a dynamic import when it runs — the one exception
 * .dependency-cruiser.cjs allows (`plugin-loads-migration-lazily`) — so the
 * CLI's other commands and the app never load the engine or its readers
 * (zip, xlsx, encodings).
 */
import type { Command } from 'commander';
import { type CommandContext, defineCommand } from '../core/index';

/** The options both commands take (commander's camel-cased flags). */
export interface MigrateOptions {
  dryRun?: boolean;
  resume?: boolean;
  errors?: string;
  mapping?: string;
  initMapping?: string;
  describe?: string;
  rateLimit?: string;
  batchSize?: string;
  currency?: string;
  timeZone?: string;
  phoneCountry?: string;
  encoding?: string;
  check?: boolean;
  checkpoint?: string;
}

async function migrate(
  kind: 'salesforce' | 'dynamics',
  location: string | undefined,
  opts: MigrateOptions,
  ctx: CommandContext,
): Promise<number> {
  const engine = await import('../../migration/migrate');
  return engine.migrate(kind, location, opts, ctx);
}

function options(cmd: Command, what: string): Command {
  return cmd
    .argument('[export]', what)
    .option(
      '--dry-run',
      'write nothing: per object, what would be created/updated/skipped, unmapped fields, problems',
    )
    .option('--resume', 'continue from the checkpoint of a run that was stopped or crashed')
    .option(
      '--errors <file.csv>',
      'one row per failed source row or left-out value (object, source id, row, field, reason)',
    )
    .option('--mapping <map.json>', 'rename, skip or retarget objects and fields (see --init-mapping)')
    .option('--init-mapping <map.json>', 'write the default mapping for this export and workspace, then stop')
    .option('--describe <file.json>', 'field types from describe results instead of inferring them')
    .option(
      '--rate-limit <n>',
      "the workspace's API rate limit, requests per minute (default TWENTY_RATE_LIMIT, else Twenty's 100)",
    )
    .option('--batch-size <n>', 'records per write request (Twenty: at most 200; its docs advise 60)', '60')
    .option('--currency <code>', 'currency of amounts in rows without CurrencyIsoCode', 'RUB')
    .option('--time-zone <zone>', 'time zone of date-times written without an offset', 'UTC')
    .option('--phone-country <cc>', 'country of phone numbers written without +code', 'RU')
    .option('--encoding <name>', 'encoding of the CSV files (default UTF-8; e.g. windows-1251, latin1)')
    .option('--no-check', 'skip the final pass that reads every record back and verifies its relations')
    .option('--checkpoint <file>', 'where the checkpoint is kept (default under REALTY_HOME/migration)')
    .option('--json', 'print the summary as JSON on stdout');
}

export const migrateSalesforceCommand = defineCommand({
  name: 'migrate salesforce',
  description:
    'migrate a Salesforce Data Export (zip or folder) into Twenty, keeping every relation; resumable',
  configure: (cmd) =>
    options(cmd, 'the Data Export: a .zip, a folder of CSVs, or a folder of zips').addHelpText(
      'after',
      `
Exit codes: 0 — every row ended created, updated, unchanged or skipped (failures are in --errors);
            1 — failed or stopped (Ctrl-C): run again with --resume; or the check found differences;
            2 — the export, mapping or options are unusable: nothing written.`,
    ),
  run: ({ args, options: o }, ctx) => migrate('salesforce', args[0], o as MigrateOptions, ctx),
});

export const migrateDynamicsCommand = defineCommand({
  name: 'migrate dynamics',
  description:
    'migrate the old developer CRM (Dynamics exports, CSV/xlsx per entity) into the registry, auctions and payments',
  configure: (cmd) => options(cmd, 'the folder with one CSV or xlsx per entity'),
  run: ({ args, options: o }, ctx) => migrate('dynamics', args[0], o as MigrateOptions, ctx),
});

export const migrationCommands = [migrateSalesforceCommand, migrateDynamicsCommand];
