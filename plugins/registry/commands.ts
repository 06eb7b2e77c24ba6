/**
 * `realty import-units`: the Excel unit import from the command line — the
 * `registry import-file` operation (import-operation.ts) run through core,
 * which sends it to the running app when that holds the embedded store and
 * runs it here as the operator otherwise; this command adds what only a
 * command line has: the template, reading the file, writing the report.
 * Exit codes: 0 every valid row applied (rejected rows are reported), 2 the
 * file itself is unusable or cannot be read (nothing written), 1 the import
 * failed or was stopped (run it again to resume).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { type CommandContext, defineCommand, RouteError } from '../core/plugin/index';
import {
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  type ImportUnitsOptions,
  printPlan,
  printResult,
} from './commands-output';
import { DEFAULT_IMPORT_SETTINGS, writeImportTemplate } from './import/index';
import { type ImportFileSummary, importFileOperation } from './import-operation';

/** The workbook's problems and the plan's counts as people read them, the plan's row problems listed. */
function printSummary(ctx: CommandContext, summary: ImportFileSummary): void {
  for (const p of summary.fileProblems) ctx.say(`${p.severity}: ${p.message}`);
  if (summary.counts) printPlan(ctx, summary.counts, summary.problems ?? []);
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
  try {
    bytes = await readFile(file);
  } catch (error) {
    ctx.say(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_USAGE;
  }
  if (!ctx.operation) throw new Error('this command runs under `realty` (its context runs operations)');
  ctx.say(`Comparing ${basename(file)} with the registry …`);
  let summary: ImportFileSummary;
  try {
    // Core decides: through the running app when it holds the store, else here as the operator.
    summary = (await ctx.operation(
      importFileOperation.name,
      {
        file: bytes.toString('base64'),
        fileName: basename(file),
        actor: opts.actor ?? `cli:${userInfo().username}`,
        ...(opts.report ? { report: true } : {}),
      },
      { dryRun: opts.dryRun === true },
    )) as ImportFileSummary;
  } catch (error) {
    if (!(error instanceof RouteError)) throw error;
    if (ctx.jsonOutput) ctx.json({ error: error.toBody() });
    ctx.say(`error: ${error.message}`);
    return error.status < 500 ? EXIT_USAGE : EXIT_FAILED;
  }
  const { report, ...shown } = summary;
  if (!summary.usable) {
    for (const p of summary.fileProblems) ctx.say(`${p.severity}: ${p.message}`);
    if (ctx.jsonOutput) ctx.json({ file, usable: false, fileProblems: summary.fileProblems });
    ctx.say(`${file} cannot be imported; nothing was written`);
    return EXIT_USAGE;
  }
  printSummary(ctx, summary);
  if (opts.report && report) {
    await writeFile(opts.report, Buffer.from(report, 'base64'));
    ctx.say(`report written: ${opts.report}`);
  }
  if (summary.alreadyImported && summary.result)
    ctx.say(`${summary.file} was imported already (batch ${summary.batchId}); nothing to do`);
  if (ctx.jsonOutput) ctx.json(shown);
  else if (summary.result) printResult(ctx, summary.result);
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
