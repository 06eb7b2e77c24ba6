/**
 * The run behind `realty migrate salesforce ZIP|DIR` and `realty migrate
 * dynamics DIR` (declared by plugins/migration/commands.ts, which loads this
 * file only when one of them runs): the same engine with each source's
 * dialect and default mapping. Exit codes: 0 every row ended created,
 * updated or skipped (failed rows are in --errors); 1 failed, stopped
 * (Ctrl-C: run again with --resume) or the check found differences; 2
 * unusable input or options (nothing written).
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../plugins/core/index';
import type { MigrateOptions } from '../plugins/migration/index';
import { DYNAMICS_DEFAULTS, DYNAMICS_REMEMBER } from './dynamics/default-mapping';
import { dynamicsDialect } from './dynamics/dialect';
import { migrationClient } from './engine/connection';
import { readDescribe } from './engine/describe';
import type { Dialect } from './engine/dialect';
import { MappingFileError, readMappingFile } from './engine/mapping-file';
import type { DefaultObjectLike } from './engine/plan';
import { createProgressView } from './engine/progress';
import { MigrationStopped, type RunSummary, runMigration } from './engine/run';
import {
  SALESFORCE_DEFAULTS,
  SALESFORCE_REMEMBER,
  SALESFORCE_REMEMBER_FOR,
} from './salesforce/default-mapping';
import { salesforceDialect } from './salesforce/dialect';
import { openExport, SourceError } from './source/export-source';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

interface Source {
  dialect: Dialect;
  defaults: Readonly<Record<string, DefaultObjectLike>>;
  remember: Readonly<Record<string, readonly string[]>>;
  rememberFor?: Readonly<Record<string, readonly string[]>>;
}

const SOURCES: Record<'salesforce' | 'dynamics', Source> = {
  salesforce: {
    dialect: salesforceDialect,
    defaults: SALESFORCE_DEFAULTS,
    remember: { ...SALESFORCE_REMEMBER, User: ['Email'] },
    rememberFor: SALESFORCE_REMEMBER_FOR,
  },
  dynamics: { dialect: dynamicsDialect, defaults: DYNAMICS_DEFAULTS, remember: DYNAMICS_REMEMBER },
};

function positiveInt(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new MappingFileError(`${name} must be an integer in 1..${max}, got "${value}"`);
  return n;
}

function printSummary(ctx: CommandContext, summary: RunSummary): void {
  const lines: string[] = [];
  for (const t of summary.tables) {
    const c = t.counts;
    if (t.skipped) {
      lines.push(`  ${t.table}: skipped (${t.skipped})`);
      continue;
    }
    lines.push(
      `  ${t.table} → ${t.target}${t.standIn ? ' (custom object: its plugin is not enabled)' : ''}: ${c.rows} rows — ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.failed} failed${c.warnings ? `, ${c.warnings} values left out` : ''}`,
    );
    for (const [what, n] of Object.entries(t.derived)) lines.push(`      + ${n} ${what}`);
    const unmapped = t.unmapped.filter((u) => u.reason !== 'system field');
    if (unmapped.length > 0)
      lines.push(`      not migrated: ${unmapped.map((u) => `${u.column} (${u.reason})`).join(', ')}`);
  }
  ctx.say(lines.join('\n'));
  if (summary.schemaChanges.length > 0)
    ctx.say(
      `${summary.status === 'dry-run' ? 'would create' : 'data model'}: ${summary.schemaChanges.join('; ')}`,
    );
  if (summary.unmatchedUsers.length > 0)
    ctx.say(
      `users without a workspace member (their records keep no owner): ${summary.unmatchedUsers.join(', ')}`,
    );
  for (const p of summary.problems) ctx.say(`problem: ${p}`);
  if (summary.errors.total > 0) ctx.say(`${summary.errors.total} problem rows (see --errors for all)`);
  if (summary.check)
    ctx.say(
      `check: ${summary.check.records} records, ${summary.check.relations} relations verified — ${summary.check.missing} missing, ${summary.check.different} different`,
    );
  if (summary.filesUploaded > 0) ctx.say(`${summary.filesUploaded} attachment file(s) uploaded`);
  ctx.say(`${summary.requests} requests in ${summary.seconds.toFixed(1)} s`);
}

export async function migrate(
  kind: 'salesforce' | 'dynamics',
  location: string | undefined,
  opts: MigrateOptions,
  ctx: CommandContext,
): Promise<number> {
  if (!location) {
    ctx.say(`give the export: realty migrate ${kind} ${kind === 'salesforce' ? 'ZIP|DIR' : 'DIR'}`);
    return EXIT_USAGE;
  }
  const { dialect, defaults, remember, rememberFor } = SOURCES[kind];
  let source: Awaited<ReturnType<typeof openExport>>;
  let rateLimit: number;
  let batchSize: number;
  let mapping: Awaited<ReturnType<typeof readMappingFile>> | undefined;
  let describe: Awaited<ReturnType<typeof readDescribe>> | undefined;
  try {
    rateLimit = positiveInt(opts.rateLimit, ctx.config.twentyRateLimit, '--rate-limit', 1_000_000);
    batchSize = positiveInt(opts.batchSize, 60, '--batch-size', 200);
    mapping = opts.mapping ? await readMappingFile(opts.mapping) : undefined;
    describe = opts.describe ? await readDescribe(opts.describe) : undefined;
    source = await openExport(resolve(location));
  } catch (error) {
    if (
      error instanceof SourceError ||
      error instanceof MappingFileError ||
      error instanceof SyntaxError ||
      error instanceof Error
    ) {
      ctx.say(`cannot migrate: ${error.message}`);
      if (ctx.jsonOutput) ctx.json({ ok: false, error: error.message });
      return EXIT_USAGE;
    }
    throw error;
  }
  let client: ReturnType<typeof migrationClient>;
  try {
    client = migrationClient(ctx.config, rateLimit);
  } catch (error) {
    ctx.say((error as Error).message);
    await source.close();
    return EXIT_USAGE;
  }
  const key = createHash('sha1')
    .update(`${kind}|${resolve(location)}|${client.url}`)
    .digest('hex')
    .slice(0, 12);
  const checkpointPath = opts.checkpoint ?? join(ctx.config.home, 'migration', `${kind}-${key}.json`);
  const view = createProgressView({
    tty: Boolean(process.stderr.isTTY) && !ctx.jsonOutput,
    write: (line) => process.stderr.write(line),
    recordsPerMinuteAtLimit: rateLimit * batchSize,
  });
  const stopping = () => ctx.say('stopping after the current batch … (run again with --resume to continue)');
  ctx.signal.addEventListener('abort', stopping, { once: true });
  try {
    const summary = await runMigration({
      client: client.client,
      metadataClient: client.metadataClient,
      source,
      dialect,
      defaults,
      remember,
      rememberFor,
      mapping,
      describe,
      values: {
        currency: (opts.currency ?? 'RUB').toUpperCase(),
        timeZone: opts.timeZone ?? 'UTC',
        phoneCountry: (opts.phoneCountry ?? 'RU').toUpperCase(),
      },
      dryRun: opts.dryRun === true,
      resume: opts.resume === true,
      checkpointPath,
      workspaceUrl: client.url,
      errorsPath: opts.errors,
      batchSize,
      encoding: opts.encoding,
      check: opts.check !== false,
      initMappingPath: opts.initMapping,
      signal: ctx.signal,
      onProgress: (e) => view.update(e),
      say: (t) => ctx.say(t),
    });
    view.stop();
    if (summary.status === 'mapping-written') {
      ctx.say(`mapping written: ${opts.initMapping}`);
      if (ctx.jsonOutput) ctx.json({ ok: true, mapping: opts.initMapping });
      return EXIT_OK;
    }
    if (ctx.jsonOutput)
      ctx.json({ ok: summary.status !== 'interrupted', checkpoint: checkpointPath, ...summary });
    printSummary(ctx, summary);
    if (summary.status === 'interrupted') {
      ctx.say(`stopped at a checkpoint (${checkpointPath}); run the same command with --resume to continue`);
      return EXIT_FAILED;
    }
    if (summary.status === 'dry-run') ctx.say('dry run: nothing was written');
    if (summary.check && (summary.check.missing > 0 || summary.check.different > 0)) return EXIT_FAILED;
    return EXIT_OK;
  } catch (error) {
    view.stop();
    if (error instanceof MigrationStopped) {
      ctx.say(error.message);
      return EXIT_FAILED;
    }
    ctx.say(
      `migration failed: ${(error as Error).message}; run again with --resume to continue from the last checkpoint`,
    );
    if (ctx.jsonOutput) ctx.json({ ok: false, error: (error as Error).message, checkpoint: checkpointPath });
    return EXIT_FAILED;
  } finally {
    ctx.signal.removeEventListener('abort', stopping);
    await source.close();
  }
}
