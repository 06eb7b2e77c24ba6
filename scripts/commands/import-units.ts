// `realty import-units`: the Excel unit import (the same pipeline as the /import page).
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
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
import { appServerRunning, cliContext, withLocalRuntime } from '../cli-runtime';
import { CliUsageError, EXIT_USAGE, printJson, progressReporter, say } from '../cli-support';
import { printPlan, printResult } from './import-units-output';
import { importThroughApp } from './import-units-remote';

export interface ImportUnitsOptions {
  template?: string;
  dryRun?: boolean;
  report?: string;
  json?: boolean;
  actor?: string;
}

export async function importUnitsCommand(file: string | undefined, opts: ImportUnitsOptions): Promise<void> {
  if (opts.template) {
    await writeImportTemplate(opts.template);
    if (opts.json) printJson({ template: opts.template });
    else say(`template written: ${opts.template}`);
    return;
  }
  if (!file)
    throw new CliUsageError('give the file to import (realty import-units FILE.xlsx) or --template OUT.xlsx');
  const unreadable = (error: unknown): never => {
    throw new CliUsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  };
  const bytes = await readFile(file).catch(unreadable);
  const parsed = await parseUnitWorkbook(bytes, { fileName: basename(file) }).catch(unreadable);
  for (const p of parsed.fileProblems) say(`${p.severity}: ${p.message}`);
  if (!parsed.usable) {
    if (opts.json) printJson({ file, usable: false, fileProblems: parsed.fileProblems });
    say(`${file} cannot be imported; nothing was written`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const ctx = cliContext();
  const actor = opts.actor ?? `cli:${userInfo().username}`;
  // While `realty start` runs it owns the embedded store: the import goes through its API.
  if (await appServerRunning(ctx.config)) return importThroughApp(ctx, file, bytes, opts, actor);
  const { plan, result } = await withLocalRuntime(ctx, async (runtime) => {
    const pluginCtx = runtime.contextFor('registry');
    say(`Comparing ${parsed.rows.length} rows with the registry …`);
    const plan = planImport(parsed, { registry: await loadRegistrySnapshot(pluginCtx), actor });
    printPlan(
      plan.counts,
      plan.rows.flatMap((r) => r.problems),
    );
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
  else if (result) printResult(result);
  else say('dry run: nothing was written');
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
