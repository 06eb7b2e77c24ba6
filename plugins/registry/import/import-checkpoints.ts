/**
 * The import's checkpoint, in the store: one row per unit row written, with
 * what was written. A killed import resumes by skipping the rows recorded
 * here; writes are upserts by deterministic ids, so a chunk written but not
 * yet recorded is written again without duplicates. The batch's counts are
 * summed from here, so a resumed batch reports the whole batch.
 */
import type { Store } from '../../core/store/store';

export type CheckpointOp = 'create' | 'update' | 'pending';

export interface CheckpointEntry {
  rowKey: string;
  op: CheckpointOp;
  changes: number;
}

export interface CheckpointTotals {
  created: number;
  updated: number;
  pendingApproval: number;
  unitChanges: number;
}

export async function ensureCheckpointTable(store: Store): Promise<void> {
  await store.sql.exec(`
    create table if not exists registry_import_checkpoints (
      batch_id uuid not null,
      row_key text not null,
      op text not null,
      changes int not null,
      done_at timestamptz not null default now(),
      primary key (batch_id, row_key)
    )`);
}

export async function doneRowKeys(store: Store, batchId: string): Promise<Set<string>> {
  const r = await store.sql.query<{ row_key: string }>(
    'select row_key from registry_import_checkpoints where batch_id = $1::uuid',
    [batchId],
  );
  return new Set(r.rows.map((row) => row.row_key));
}

export async function recordCheckpoint(
  store: Store,
  batchId: string,
  entries: readonly CheckpointEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await store.sql.query(
    `insert into registry_import_checkpoints (batch_id, row_key, op, changes)
     select $1::uuid, k, o, c from unnest($2::text[], $3::text[], $4::int[]) as t(k, o, c)
     on conflict (batch_id, row_key) do nothing`,
    [batchId, entries.map((e) => e.rowKey), entries.map((e) => e.op), entries.map((e) => e.changes)],
  );
}

export async function checkpointTotals(store: Store, batchId: string): Promise<CheckpointTotals> {
  const r = await store.sql.query<{ op: string; n: number; changes: number }>(
    `select op, count(*)::int as n, coalesce(sum(changes), 0)::int as changes
     from registry_import_checkpoints where batch_id = $1::uuid group by op`,
    [batchId],
  );
  const totals: CheckpointTotals = { created: 0, updated: 0, pendingApproval: 0, unitChanges: 0 };
  for (const row of r.rows) {
    if (row.op === 'create') totals.created = Number(row.n);
    if (row.op === 'update') totals.updated = Number(row.n);
    if (row.op === 'pending') totals.pendingApproval = Number(row.n);
    totals.unitChanges += Number(row.changes);
  }
  return totals;
}
