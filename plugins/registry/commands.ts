/**
 * `realty import-units`: the Excel unit import from the command line — the
 * same pipeline as the /import page. With `realty start` running, the app owns
 * the embedded store (checkpoints, approvals), so the file goes through its
 * import API (commands-through-app.ts); otherwise through a system context in
 * this process. Exit codes: 0 every valid row applied (rejected rows are
 * reported), 2 the file itself is unusable or cannot be read (nothing
 * written), 1 the import failed or was stopped (run it again to resume).
 */
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { type CommandContext, defineCommand } from '../core/plugin/index';
import { EXIT_OK, EXIT_USAGE, type ImportUnitsOptions, printPlan, printResult } from './commands-output';
import { importThroughApp } from './commands-through-app';
import {
  applyImport,
  DEFAULT_IMPORT_SETTINGS,
  type ImportPlan,
  type ImportResult,
  loadRegistrySnapshot,
  type ParsedWorkbook,
  parseUnitWorkbook,
  planImport,
  systemImportPort,
  writeImportReport,
  writeImportTemplate,
} from './import/index';

function summary(parsed: ParsedWorkbook, plan: ImportPlan, result: ImportResult | undefined) {
  return {
    file: parsed.fileName,
    checksum: plan.checksum,
    batchId: plan.batchId,
    alreadyImported: plan.alreadyImported ?? false,
    counts: plan.counts,
    fileProblems: plan.fileProblems,
    problems: plan.rows.flatMap((r) => r.problems),
    result: result ?? null,
  };
}

async function importHere(
  ctx: CommandContext,
  parsed: ParsedWorkbook,
  opts: ImportUnitsOptions,
  actor: string,
): Promise<{ plan: ImportPlan; result: ImportResult | undefined }> {
  const port = systemImportPort(await ctx.open());
  ctx.say(`Comparing ${parsed.rows.length} rows with the registry …`);
  const plan = planImport(parsed, {
    registry: await loadRegistrySnapshot(port),
    actor,
    settings: { maxPriceChangePercent: port.settings.priceChangeLimitPercent },
  });
  printPlan(
    ctx,
    plan.counts,
    plan.rows.flatMap((r) => r.problems),
  );
  if (opts.report) await writeImportReport(parsed, plan, opts.report);
  if (opts.dryRun) return { plan, result: undefined };
  if (plan.alreadyImported)
    ctx.say(`${plan.fileName} was imported already (batch ${plan.batchId}); nothing to do`);
  const stopping = () => ctx.say('stopping after the current chunk … (import the same file again to resume)');
  ctx.signal.addEventListener('abort', stopping, { once: true });
  const bar = ctx.progress('writing units', plan.rows.filter((r) => r.write).length);
  try {
    const result = await applyImport(plan, port, {
      signal: ctx.signal,
      onProgress: (done) => bar.update(done),
    });
    return { plan, result };
  } finally {
    bar.stop();
    ctx.signal.removeEventListener('abort', stopping);
  }
}

export async function importUnits(
  file: string | undefined,
  opts: ImportUnitsOptions,
  ctx: CommandContext,
): Promise<number> {
  if (opts.template) {
    await writeImportTemplate(opts.template);
    if (ctx.jsonOutput) ctx.json({ template: opts.template });
    else ctx.say(`template written: ${opts.template}`);
    return EXIT_OK;
  }
  if (!file) {
    ctx.say('give the file to import (realty import-units FILE.xlsx) or --template OUT.xlsx');
    return EXIT_USAGE;
  }
  let bytes: Buffer;
  let parsed: ParsedWorkbook;
  try {
    bytes = await readFile(file);
    parsed = await parseUnitWorkbook(bytes, { fileName: basename(file) });
  } catch (error) {
    ctx.say(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_USAGE;
  }
  for (const p of parsed.fileProblems) ctx.say(`${p.severity}: ${p.message}`);
  if (!parsed.usable) {
    if (ctx.jsonOutput) ctx.json({ file, usable: false, fileProblems: parsed.fileProblems });
    ctx.say(`${file} cannot be imported; nothing was written`);
    return EXIT_USAGE;
  }
  const actor = opts.actor ?? `cli:${userInfo().username}`;
  const app = await ctx.app();
  if (app) return importThroughApp(ctx, app, { file, bytes, opts });
  const { plan, result } = await importHere(ctx, parsed, opts, actor);
  if (opts.report) ctx.say(`report written: ${opts.report}`);
  if (ctx.jsonOutput) ctx.json(summary(parsed, plan, result));
  else if (result) printResult(ctx, result);
  else ctx.say('dry run: nothing was written');
  return EXIT_OK;
}

export const importUnitsCommand = defineCommand({
  name: 'import-units',
  description: 'import units from Excel (validate, diff, protect, write with a change protocol; resumable)',
  configure: (cmd) =>
    cmd
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
${DEFAULT_IMPORT_SETTINGS.maxPriceChangePercent} % (REGISTRY_PRICE_CHANGE_LIMIT_PERCENT) is held for an admin's approval on the /import page.`,
      ),
  run: ({ args, options }, ctx) => importUnits(args[0], options as ImportUnitsOptions, ctx),
});

export const registryCommands = [importUnitsCommand];
