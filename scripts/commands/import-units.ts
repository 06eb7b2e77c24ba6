// `realty import-units`: the Excel unit import (the same pipeline as the /import page).
import { userInfo } from 'node:os';
import {
  applyImport,
  type ImportPlan,
  type ImportResult,
  loadRegistrySnapshot,
  type ParsedWorkbook,
  parseUnitWorkbook,
  planImport,
  writeImportReport,
  writeImportTemplate,
} from '../../plugins/registry/import/index';
import { cliContext, withLocalRuntime } from '../cli-runtime';
import { CliUsageError, EXIT_USAGE, printJson, progressReporter, say } from '../cli-support';

export interface ImportUnitsOptions {
  template?: string;
  dryRun?: boolean;
  report?: string;
  json?: boolean;
  actor?: string;
}

const PROBLEMS_SHOWN = 50;

export async function importUnitsCommand(file: string | undefined, opts: ImportUnitsOptions): Promise<void> {
  if (opts.template) {
    await writeImportTemplate(opts.template);
    if (opts.json) printJson({ template: opts.template });
    else say(`template written: ${opts.template}`);
    return;
  }
  if (!file)
    throw new CliUsageError('give the file to import (realty import-units FILE.xlsx) or --template OUT.xlsx');
  const parsed = await parseUnitWorkbook(file).catch((error: unknown) => {
    throw new CliUsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  });
  for (const p of parsed.fileProblems) say(`${p.severity}: ${p.message}`);
  if (!parsed.usable) {
    if (opts.json) printJson({ file, usable: false, fileProblems: parsed.fileProblems });
    say(`${file} cannot be imported; nothing was written`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const ctx = cliContext();
  const actor = opts.actor ?? `cli:${userInfo().username}`;
  const { plan, result } = await withLocalRuntime(ctx, async (runtime) => {
    const pluginCtx = runtime.contextFor('registry');
    say(`Comparing ${parsed.rows.length} rows with the registry …`);
    const plan = planImport(parsed, { registry: await loadRegistrySnapshot(pluginCtx), actor });
    printPlan(plan);
    if (opts.report) await writeImportReport(parsed, plan, opts.report);
    if (opts.dryRun) return { plan, result: undefined };
    if (plan.alreadyImported)
      say(`${plan.fileName} was imported already (batch ${plan.batchId}); nothing to do`);
    const controller = new AbortController();
    const stop = () => {
      say('stopping after the current chunk … (import the same file again to resume)');
      controller.abort();
    };
    process.once('SIGINT', stop);
    const writes = plan.rows.filter((r) => r.write).length;
    const bar = progressReporter('writing units', writes);
    try {
      return {
        plan,
        result: await applyImport(plan, pluginCtx, {
          signal: controller.signal,
          onProgress: (done) => bar.update(done),
        }),
      };
    } finally {
      bar.done();
      process.off('SIGINT', stop);
    }
  });
  if (opts.report) say(`report written: ${opts.report}`);
  if (opts.json) printJson(summary(parsed, plan, result));
  else if (result) {
    say(
      `batch ${result.batchId}: ${result.created} created, ${result.updated} updated, ${result.pendingApproval} held for approval, ${result.rejected} rejected, ${result.unchanged} unchanged` +
        (result.resumedRows > 0 ? ` (${result.resumedRows} rows written by an earlier run)` : '') +
        ` — ${result.requests} requests in ${(result.durationMs / 1000).toFixed(1)} s`,
    );
  } else say('dry run: nothing was written');
}

function printPlan(plan: ImportPlan): void {
  const c = plan.counts;
  say(
    `${c.rows} rows: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c.rejected} rejected, ${c.pendingApproval} with a price change held for approval`,
  );
  const problems = plan.rows.flatMap((r) => r.problems);
  for (const p of problems.slice(0, PROBLEMS_SHOWN))
    say(`  row ${p.row}${p.column ? `, column ${p.column} (${p.caption})` : ''}: ${p.reason}`);
  if (problems.length > PROBLEMS_SHOWN)
    say(`  … and ${problems.length - PROBLEMS_SHOWN} more (--report OUT.xlsx lists them all at their cells)`);
}

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
