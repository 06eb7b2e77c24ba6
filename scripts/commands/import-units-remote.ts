/**
 * `realty import-units` while `realty start` runs: the app owns the embedded
 * store (checkpoints, approvals), so the file goes through its import API —
 * the same pipeline as the /import page — and this process only shows the
 * plan, downloads the report, starts the apply and follows its progress.
 * Ctrl-C asks the app to stop after the chunks on their way.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportCounts, ImportResult } from '../../plugins/registry/import/index';
import { AppError, appUrl, type CliContext, callApp, callAppBytes } from '../cli-runtime';
import { printJson, progressReporter, say } from '../cli-support';
import type { ImportUnitsOptions } from './import-units';
import { type PlanProblem, printPlan, printResult } from './import-units-output';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ROWS_PAGE = 1_000;
const POLL_MS = 500;

interface RemoteSummary {
  planId: string;
  fileName: string;
  checksum: string;
  batchId: string;
  counts: ImportCounts;
  usable: boolean;
  alreadyImported: boolean;
  fileProblems: unknown[];
}

interface RemoteRows {
  total: number;
  rows: Array<{
    row: number;
    problems: Array<{ column: string | null; caption: string | null; code: string; reason: string }>;
  }>;
}

interface RemoteProgress {
  state: 'planned' | 'applying' | 'applied' | 'failed';
  progress: { done: number; total: number };
  result?: ImportResult;
  error?: string;
}

/** Every row problem of the plan, read page by page (rows without changes have none). */
async function remoteProblems(ctx: CliContext, planId: string, actor: string): Promise<PlanProblem[]> {
  const problems: PlanProblem[] = [];
  for (let offset = 0; ; offset += ROWS_PAGE) {
    const page = await callApp<RemoteRows>(ctx, {
      method: 'GET',
      path: `/api/import/plans/${planId}/rows?kind=changed&offset=${offset}&limit=${ROWS_PAGE}`,
      actor,
    });
    for (const r of page.rows)
      for (const p of r.problems)
        problems.push({
          row: r.row,
          ...(p.column ? { column: p.column } : {}),
          ...(p.caption ? { caption: p.caption } : {}),
          code: p.code,
          reason: p.reason,
        });
    if (offset + ROWS_PAGE >= page.total) return problems;
  }
}

export async function importThroughApp(
  ctx: CliContext,
  file: string,
  bytes: Buffer,
  opts: ImportUnitsOptions,
  actor: string,
): Promise<void> {
  say(`realty start is running (${appUrl(ctx.config)}): importing through it`);
  const plan = await callApp<RemoteSummary>(ctx, {
    method: 'POST',
    path: `/api/import/plans?fileName=${encodeURIComponent(basename(file))}`,
    raw: { bytes, contentType: XLSX_TYPE },
    actor,
  });
  const problems = await remoteProblems(ctx, plan.planId, actor);
  printPlan(plan.counts, problems);
  if (opts.report) {
    const report = await callAppBytes(ctx, {
      method: 'GET',
      path: `/api/import/plans/${plan.planId}/report.xlsx`,
      actor,
    });
    await writeFile(opts.report, report);
    say(`report written: ${opts.report}`);
  }
  let result: ImportResult | undefined;
  if (!opts.dryRun) {
    if (plan.alreadyImported)
      say(`${plan.fileName} was imported already (batch ${plan.batchId}); nothing to do`);
    result = await applyRemote(ctx, plan, actor);
  }
  if (opts.json)
    printJson({
      file: plan.fileName,
      checksum: plan.checksum,
      batchId: plan.batchId,
      alreadyImported: plan.alreadyImported,
      counts: plan.counts,
      fileProblems: plan.fileProblems,
      problems,
      result: result ?? null,
    });
  else if (result) printResult(result);
  else say('dry run: nothing was written');
}

async function applyRemote(ctx: CliContext, plan: RemoteSummary, actor: string): Promise<ImportResult> {
  const base = `/api/import/plans/${plan.planId}`;
  await callApp(ctx, { method: 'POST', path: `${base}/apply`, body: {}, actor });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say('stopping after the current chunk … (import the same file again to resume)');
    void callApp(ctx, { method: 'POST', path: `${base}/stop`, body: {}, actor }).catch((error: unknown) => {
      say(`could not ask the app to stop: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  process.on('SIGINT', stop);
  let bar: ReturnType<typeof progressReporter> | undefined;
  try {
    for (;;) {
      const status = await callApp<RemoteProgress>(ctx, { method: 'GET', path: `${base}/status`, actor });
      if (status.progress.total > 0) {
        bar ??= progressReporter('writing units', status.progress.total);
        bar.update(status.progress.done);
      }
      if (status.state === 'applied' && status.result) return status.result;
      if (status.state === 'failed')
        throw new AppError(
          `the import did not finish: ${status.error ?? 'no reason given (see the app log)'}`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    bar?.done();
    process.off('SIGINT', stop);
  }
}
