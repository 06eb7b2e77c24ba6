/**
 * `realty import-units` while `realty start` runs: the app owns the embedded
 * store (checkpoints, approvals), so the file goes through its import API —
 * the same routes as the /import page — and this process only shows the plan,
 * downloads the report, starts the apply and follows its progress. Ctrl-C asks
 * the app to stop after the chunks on their way.
 */
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AppApi, CommandContext, ErrorBody } from '../core/plugin/index';
import {
  EXIT_OK,
  type ImportUnitsOptions,
  type PlanProblem,
  printPlan,
  printResult,
} from './commands-output';
import type { ImportCounts, ImportResult } from './import/index';

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

/** An answer the app refused, with the one error body's message. */
export class AppCallError extends Error {
  readonly status: number;
  constructor(app: AppApi, path: string, status: number, body: unknown) {
    const message =
      body && typeof body === 'object' && typeof (body as ErrorBody).message === 'string'
        ? (body as ErrorBody).message
        : `HTTP ${status}`;
    super(`the running app (${app.url}) answered ${path} with ${status}: ${message}`);
    this.name = 'AppCallError';
    this.status = status;
  }
}

async function call<T>(
  app: AppApi,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const answer = await app.request<T>(method, path, body, headers);
  if (answer.status >= 400) throw new AppCallError(app, path, answer.status, answer.body);
  return answer.body;
}

function asBuffer(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error('the app answered the report download with something other than bytes');
}

/** Every row problem of the plan, read page by page (rows without changes have none). */
async function remoteProblems(app: AppApi, planId: string): Promise<PlanProblem[]> {
  const problems: PlanProblem[] = [];
  for (let offset = 0; ; offset += ROWS_PAGE) {
    const page = await call<RemoteRows>(
      app,
      'GET',
      `/api/import/plans/${planId}/rows?kind=changed&offset=${offset}&limit=${ROWS_PAGE}`,
    );
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

async function applyRemote(ctx: CommandContext, app: AppApi, plan: RemoteSummary): Promise<ImportResult> {
  const base = `/api/import/plans/${plan.planId}`;
  await call(app, 'POST', `${base}/apply`, {});
  const stop = () => {
    ctx.say('stopping after the current chunk … (import the same file again to resume)');
    void call(app, 'POST', `${base}/stop`, {}).catch((error: unknown) => {
      ctx.say(`could not ask the app to stop: ${error instanceof Error ? error.message : String(error)}`);
    });
  };
  ctx.signal.addEventListener('abort', stop, { once: true });
  let bar: ReturnType<CommandContext['progress']> | undefined;
  try {
    for (;;) {
      const status = await call<RemoteProgress>(app, 'GET', `${base}/status`);
      if (status.progress.total > 0) {
        bar ??= ctx.progress('writing units', status.progress.total);
        bar.update(status.progress.done);
      }
      if (status.state === 'applied' && status.result) return status.result;
      if (status.state === 'failed')
        throw new Error(`the import did not finish: ${status.error ?? 'no reason given (see the app log)'}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    bar?.stop();
    ctx.signal.removeEventListener('abort', stop);
  }
}

export async function importThroughApp(
  ctx: CommandContext,
  app: AppApi,
  input: { file: string; bytes: Buffer; opts: ImportUnitsOptions },
): Promise<number> {
  const { file, bytes, opts } = input;
  ctx.say(`realty start is running (${app.url}): importing through it`);
  const plan = await call<RemoteSummary>(
    app,
    'POST',
    `/api/import/plans?fileName=${encodeURIComponent(basename(file))}`,
    bytes,
    { 'content-type': XLSX_TYPE },
  );
  const problems = await remoteProblems(app, plan.planId);
  printPlan(ctx, plan.counts, problems);
  if (opts.report) {
    const report = await call<unknown>(app, 'GET', `/api/import/plans/${plan.planId}/report.xlsx`);
    await writeFile(opts.report, asBuffer(report));
    ctx.say(`report written: ${opts.report}`);
  }
  let result: ImportResult | undefined;
  if (!opts.dryRun) {
    if (plan.alreadyImported)
      ctx.say(`${plan.fileName} was imported already (batch ${plan.batchId}); nothing to do`);
    result = await applyRemote(ctx, app, plan);
  }
  if (ctx.jsonOutput)
    ctx.json({
      file: plan.fileName,
      checksum: plan.checksum,
      batchId: plan.batchId,
      alreadyImported: plan.alreadyImported,
      counts: plan.counts,
      fileProblems: plan.fileProblems,
      problems,
      result: result ?? null,
    });
  else if (result) printResult(ctx, result);
  else ctx.say('dry run: nothing was written');
  return EXIT_OK;
}
