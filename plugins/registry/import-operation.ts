/**
 * The unit import as one operation (`POST /api/operations/registry/import-file`,
 * `realty registry import-file`), and what `realty import-units` calls through
 * core: the workbook's bytes in (base64, read by the command, never by the
 * server), parsed, compared with the registry, optionally reported, then —
 * unless a dry run — applied with progress. The caller's scoped writer does
 * every write, so the same policy applies from the page, the API and the CLI.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { dataAccessOf } from '../core/access/index';
import { defineOperation, type OperationContext } from '../core/plugin/index';
import {
  applyImport,
  type ImportPlan,
  type ImportResult,
  loadRegistrySnapshot,
  type ParsedWorkbook,
  parseUnitWorkbook,
  planImport,
  writeImportReport,
} from './import/index';
import { building, importBatch, residentialComplex, section, unit, unitChange } from './schema';
import { registrySettingsOf } from './settings';

/** What planning and applying read and write. */
const IMPORT_OBJECTS = [residentialComplex, building, section, unit, unitChange, importBatch];

/** The report workbook of a plan, as bytes. */
async function reportBytes(parsed: ParsedWorkbook, plan: ImportPlan): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeImportReport(parsed, plan, out);
  await ended;
  return Buffer.concat(chunks);
}

export interface ImportFileSummary {
  file: string;
  usable: boolean;
  fileProblems: ParsedWorkbook['fileProblems'];
  checksum?: string;
  batchId?: string;
  alreadyImported?: boolean;
  counts?: ImportPlan['counts'];
  problems?: ImportPlan['rows'][number]['problems'];
  result: ImportResult | null;
  /** The report workbook (base64), when asked for. */
  report?: string;
}

async function importFile(
  input: {
    file: string;
    fileName?: string | undefined;
    actor?: string | undefined;
    report?: boolean | undefined;
  },
  ctx: OperationContext,
): Promise<ImportFileSummary> {
  const fileName = input.fileName ?? 'upload.xlsx';
  const parsed = await parseUnitWorkbook(Buffer.from(input.file, 'base64'), { fileName });
  if (!parsed.usable)
    return { file: fileName, usable: false, fileProblems: parsed.fileProblems, result: null };
  // The registry is read from Twenty, not the read model: run from the command line without the app,
  // nothing keeps this process's read model current.
  const access = dataAccessOf(ctx, 'registry', { reader: false });
  const staff = ctx.principal.kind === 'staff' ? ctx.principal.email : 'unknown';
  const plan = planImport(parsed, {
    registry: await loadRegistrySnapshot(access),
    actor: input.actor ?? staff,
    settings: { maxPriceChangePercent: registrySettingsOf(access).priceChangeLimitPercent },
  });
  const summary: ImportFileSummary = {
    file: fileName,
    usable: true,
    fileProblems: parsed.fileProblems,
    checksum: plan.checksum,
    batchId: plan.batchId,
    alreadyImported: plan.alreadyImported ?? false,
    counts: plan.counts,
    problems: plan.rows.flatMap((r) => r.problems),
    result: null,
    ...(input.report ? { report: (await reportBytes(parsed, plan)).toString('base64') } : {}),
  };
  if (ctx.dryRun) return summary;
  const total = plan.rows.filter((r) => r.write).length;
  ctx.progress(0, total, 'writing units');
  const result = await applyImport(plan, access, {
    signal: ctx.signal,
    onProgress: (done) => ctx.progress(done, total, 'writing units'),
  });
  ctx.log.info({ batchId: result.batchId, fileName, actor: input.actor ?? staff }, 'units imported');
  return { ...summary, result };
}

export const importFileOperation = defineOperation({
  name: 'registry import-file',
  description: 'import units from an Excel workbook (validate, diff, protect, write with a change protocol)',
  roles: ['admin', 'sales'],
  input: z.object({
    file: z.string().min(1).describe('the .xlsx file'),
    fileName: z.string().optional().describe('the file’s name as people see it (default: the file’s own)'),
    actor: z.string().optional().describe('recorded as who imported (default: the signed-in member)'),
    report: z.boolean().optional().describe('answer the report workbook too (base64, in "report")'),
  }),
  args: ['file'],
  files: { file: 'base64' },
  // A workbook of tens of thousands of rows, as base64 in JSON.
  bodyLimit: 64 * 1024 * 1024,
  writes: true,
  objects: IMPORT_OBJECTS,
  run: importFile,
  render: (r) =>
    !r.usable
      ? `${r.file}: файл нельзя импортировать; ничего не записано`
      : r.result
        ? `импорт №${r.result.batchNumber}: создано ${r.result.created}, изменено ${r.result.updated}, отклонено ${r.result.rejected}`
        : `пробный прогон: строк ${r.counts?.rows ?? 0}, ничего не записано`,
});
