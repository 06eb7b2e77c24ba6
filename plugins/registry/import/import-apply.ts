/**
 * applyImport — writes a plan to Twenty in chunks (60 units per request, the
 * batch size Twenty documents). A new unit carries its provenance in the same
 * create: its `importBatch` relation (the batch holds who, when, file and
 * checksum), so a chunk of new units is ONE request. A changed unit is written,
 * then its protocol entries (unitChange, source IMPORT: one per changed field,
 * old → new, and a PENDING entry per held price), then the checkpoint. Up to
 * IN_FLIGHT_CHUNKS chunks are on their way at once, so a slow answer does not
 * leave the rate limit's cadence unused; the shared limiter still decides when
 * each request leaves. Deterministic ids (uuidV5 of batch + row key + field)
 * make a repeated chunk an overwrite, never a duplicate. The importBatch record
 * carries the status (APPLYING → APPLIED) and the import's number.
 */
import { TwentyError } from '../../../sdk/index';
import type { DataAccess } from '../../core/access/index';
import { uuidV5 } from '../../core/plugin/index';
import { roublesToMicros } from '../rules/cell-parsing';
import { allocateBatchNumber } from './batch-numbers';
import {
  type CheckpointEntry,
  type CheckpointOp,
  checkpointTotals,
  clearIntents,
  doneRowKeys,
  ensureCheckpointTable,
  recordCheckpoint,
  recordIntents,
  unfinishedIntents,
} from './import-checkpoints';
import { ImportError } from './import-errors';
import type {
  ApplyImportOptions,
  ImportPlan,
  ImportResult,
  PlannedRow,
  UnitValues,
  UnitWrite,
} from './import-types';

export const DEFAULT_CHUNK_SIZE = 60;
/**
 * Chunks written concurrently (one request for new units, two for changed ones). At 1,000/min a
 * request leaves every ~62 ms; one batch create or upsert can take longer to answer.
 */
export const IN_FLIGHT_CHUNKS = 3;
/** The importBatch keeps this many row problems; the report file has them all. */
export const MAX_BATCH_ERRORS = 2_000;

export class ImportAbortedError extends ImportError {
  readonly batchId: string;
  readonly rowsDone: number;
  constructor(batchId: string, rowsDone: number) {
    super(
      'import_aborted',
      `импорт остановлен после строк: ${rowsDone}; партия ${batchId} остаётся в статусе «Применяется» — импортируйте тот же файл снова, чтобы продолжить`,
    );
    this.name = 'ImportAbortedError';
    this.batchId = batchId;
    this.rowsDone = rowsDone;
  }
}

export const unitChangeIdFor = (batchId: string, unitKey: string, field: string): string =>
  uuidV5(`unitChange:${batchId}:${unitKey}:${field}`);

const money = (roubles: string) => ({ amountMicros: roublesToMicros(roubles), currencyCode: 'RUB' });

/**
 * The unit as sent to Twenty. A new unit names the batch that creates it (`importBatchId`, when
 * given): that relation is its «created by import №…» history entry, no unitChange row needed.
 */
export function unitPayload(write: UnitWrite, label: string, batchId?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { id: write.unitId };
  for (const [field, value] of Object.entries(write.values) as [keyof UnitValues, unknown][]) {
    out[field] = field === 'price' && typeof value === 'string' ? money(value) : value;
  }
  if (write.pricePerSqm) out.pricePerSqm = money(write.pricePerSqm);
  if (write.op === 'create') {
    out.name = label;
    if (batchId) out.importBatchId = batchId;
  }
  return out;
}

/** The protocol entries of a changed unit: one per changed field, old → new. None for a new unit. */
export function protocolEntries(
  row: PlannedRow,
  plan: ImportPlan,
  batchId: string,
  at: string,
): Record<string, unknown>[] {
  if (!row.write || !row.unitId) return [];
  const base = {
    unitId: row.unitId,
    source: 'IMPORT',
    importBatchId: batchId,
    changedBy: plan.actor,
    changedAt: at,
  };
  // A new unit's provenance is its importBatch relation, written with the unit itself.
  if (row.write.op === 'create') return [];
  return row.changes.map((c) => ({
    ...base,
    id: unitChangeIdFor(batchId, row.unitKey, c.field),
    name: `${row.label ?? ''}: ${c.field}`.trim(),
    fieldName: c.field,
    oldValue: c.old,
    newValue: c.new,
    status: c.held ? 'PENDING' : 'APPLIED',
  }));
}

function batchErrors(plan: ImportPlan): unknown[] {
  return [
    ...plan.fileProblems.map((p) => ({ file: true, code: p.code, severity: p.severity, message: p.message })),
    ...plan.rows
      .flatMap((r) => r.problems)
      .map((p) => ({ row: p.row, column: p.column, caption: p.caption, code: p.code, reason: p.reason })),
  ].slice(0, MAX_BATCH_ERRORS);
}

/** «Импорт №12 · units.xlsx» — the batch's name in Twenty. */
export const batchTitle = (number: number, fileName: string): string => `Импорт №${number} · ${fileName}`;

type RecordsOf = ReturnType<DataAccess['records']>;

/**
 * A fresh batch's new units and protocol rows cannot exist yet, so they are
 * plain batch creates: Twenty's upsert looks every record up first, which
 * costs the server several times the work of one insert. Anything that could
 * have been written before (a resumed batch, an update) is upserted; a plain
 * create that fails for any reason — a record that exists after all, a lost
 * answer — is repeated once as an upsert, which is idempotent and retried.
 */
async function writeChunk(
  records: RecordsOf,
  payloads: Record<string, unknown>[],
  plainCreate: boolean,
  batchSize: number,
  ctx: DataAccess,
): Promise<void> {
  if (payloads.length === 0) return;
  if (plainCreate) {
    try {
      await records.createMany(payloads, { batchSize });
      return;
    } catch (error) {
      if (!(error instanceof TwentyError)) throw error;
      ctx.log.warn({ err: error }, 'a plain batch create failed; writing the chunk again as an upsert');
    }
  }
  await records.createMany(payloads, { upsert: true, batchSize });
}

/**
 * Rows an earlier run of this batch began but did not checkpoint (it was killed between a chunk's
 * units and its protocol entries): written again from their recorded intent, then checkpointed.
 */
async function finishInterruptedRows(
  ctx: DataAccess,
  batchId: string,
  to: { units: RecordsOf; changes: RecordsOf; chunkSize: number },
): Promise<number> {
  const intents = await unfinishedIntents(ctx.storage, batchId);
  if (intents.length === 0) return 0;
  ctx.log.warn(
    { batchId, rows: intents.length },
    'finishing rows an interrupted run of this import had started (units and their protocol entries)',
  );
  await writeChunk(
    to.units,
    intents.map((i) => i.unit),
    false,
    to.chunkSize,
    ctx,
  );
  await writeChunk(
    to.changes,
    intents.flatMap((i) => i.protocol),
    false,
    to.chunkSize,
    ctx,
  );
  await recordCheckpoint(
    ctx.storage,
    batchId,
    intents.map((i) => ({ rowKey: i.rowKey, op: i.op, changes: i.protocol.length })),
  );
  await clearIntents(
    ctx.storage,
    batchId,
    intents.map((i) => i.rowKey),
  );
  return intents.length;
}

export async function applyImport(
  plan: ImportPlan,
  ctx: DataAccess,
  opts: ApplyImportOptions = {},
): Promise<ImportResult> {
  const started = Date.now();
  const batchId = opts.batchId ?? plan.batchId;
  const requestsBefore = ctx.requests();
  const result: ImportResult = {
    batchId,
    batchNumber: plan.batchNumber,
    status: 'applied',
    created: 0,
    updated: 0,
    pendingApproval: 0,
    rejected: plan.counts.rejected,
    unchanged: plan.counts.unchanged,
    unitChanges: 0,
    resumedRows: 0,
    requests: 0,
    durationMs: 0,
  };
  const finish = (status: ImportResult['status']): ImportResult => ({
    ...result,
    status,
    requests: ctx.requests() - requestsBefore,
    durationMs: Date.now() - started,
  });
  if (!plan.usable) return finish('unusable-file');
  if (plan.alreadyImported && !opts.batchId) return finish('already-imported');

  await ensureCheckpointTable(ctx.storage);
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const units = ctx.records('unit');
  const changes = ctx.records('unitChange');
  const finished = await finishInterruptedRows(ctx, batchId, { units, changes, chunkSize });
  const done = await doneRowKeys(ctx.storage, batchId);
  // Decided before this run writes the importBatch: only a batch nobody started can hold no records yet.
  const freshBatch = plan.resumes !== true && opts.batchId === undefined && done.size === 0;
  const batches = ctx.records('importBatch');
  // Allocated in the store: two imports started at the same moment never share a number.
  const batchNumber = await allocateBatchNumber(ctx.storage, batchId, plan);
  result.batchNumber = batchNumber;
  await batches.upsert({
    id: batchId,
    // What Twenty shows on a unit's «Created by import» relation.
    name: batchTitle(batchNumber, plan.fileName),
    number: batchNumber,
    fileName: plan.fileName,
    checksum: plan.checksum,
    uploadedBy: plan.actor,
    status: 'APPLYING',
    counts: { ...plan.counts },
    errors: batchErrors(plan),
  });

  const todo = plan.rows.filter((r) => r.write && !done.has(r.unitKey));
  result.resumedRows = plan.rows.filter((r) => r.write && done.has(r.unitKey)).length + finished;
  const chunks: PlannedRow[][] = [];
  for (let start = 0; start < todo.length; start += chunkSize)
    chunks.push(todo.slice(start, start + chunkSize));
  let written = 0;
  let next = 0;
  let failure: { error: unknown } | undefined;
  const stopped = () => failure !== undefined || opts.signal?.aborted === true;

  // A chunk is checkpointed only when both its units and its protocol rows are written. An abort or a
  // failure starts no new chunk but lets the ones on their way finish: a changed unit written without
  // its protocol rows would look unchanged to the resumed run, and its old → new entries would be lost
  // (the recorded intent finishes such rows, and keeps the batch's counts whole for new units too).
  const writeOne = async (chunk: PlannedRow[]): Promise<void> => {
    const at = ctx.clock.now().toISOString();
    const plainCreate = freshBatch && chunk.every((r) => r.write?.op === 'create');
    const payloads = chunk.map((r) => unitPayload(r.write as UnitWrite, r.label ?? '', batchId));
    const protocol = chunk.map((r) => protocolEntries(r, plan, batchId, at));
    const ops = chunk.map(
      (r): CheckpointOp =>
        r.kind === 'create' ? 'create' : r.kind === 'pending-approval' ? 'pending' : 'update',
    );
    await recordIntents(
      ctx.storage,
      batchId,
      chunk.map((r, i) => ({
        rowKey: r.unitKey,
        op: ops[i] as CheckpointOp,
        unit: payloads[i] as Record<string, unknown>,
        protocol: protocol[i] ?? [],
      })),
    );
    await writeChunk(units, payloads, plainCreate, chunkSize, ctx);
    await writeChunk(changes, protocol.flat(), freshBatch, chunkSize, ctx);
    const entries: CheckpointEntry[] = chunk.map((r, i) => ({
      rowKey: r.unitKey,
      op: ops[i] as CheckpointOp,
      changes: protocol[i]?.length ?? 0,
    }));
    await recordCheckpoint(ctx.storage, batchId, entries);
    await clearIntents(
      ctx.storage,
      batchId,
      chunk.map((r) => r.unitKey),
    );
    for (const r of chunk) {
      if (r.kind === 'create') result.created++;
      else if (r.kind === 'pending-approval') result.pendingApproval++;
      else result.updated++;
    }
    result.unitChanges += entries.reduce((sum, e) => sum + e.changes, 0);
    written += chunk.length;
    opts.onProgress?.(written, todo.length);
  };
  const lane = async (): Promise<void> => {
    while (!stopped() && next < chunks.length) {
      const chunk = chunks[next++] as PlannedRow[];
      try {
        await writeOne(chunk);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  // Every lane settles before applyImport returns or throws: nothing keeps writing behind the caller.
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT_CHUNKS, chunks.length) }, lane));
  if (failure) {
    ctx.log.error(
      { batchId, written, err: failure.error },
      'import failed; importing the file again resumes it',
    );
    await batches.update(batchId, { status: 'FAILED' }).catch((e: unknown) => {
      ctx.log.warn({ batchId, err: e }, 'could not mark the import batch FAILED');
    });
    throw failure.error;
  }
  if (written < todo.length) throw new ImportAbortedError(batchId, written);
  const totals = await checkpointTotals(ctx.storage, batchId);
  await batches.update(batchId, {
    status: 'APPLIED',
    counts: {
      rows: plan.counts.rows,
      created: totals.created,
      updated: totals.updated,
      pendingApproval: totals.pendingApproval,
      rejected: plan.counts.rejected,
      unchanged:
        plan.counts.rows - plan.counts.rejected - totals.created - totals.updated - totals.pendingApproval,
      unitChanges: totals.unitChanges,
    },
  });
  return finish(todo.length === 0 && result.resumedRows === 0 ? 'nothing-to-do' : 'applied');
}
