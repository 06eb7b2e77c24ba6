/**
 * The import's checkpoint, in the store: one row per unit row written, with
 * what was written. A killed import resumes by skipping the rows recorded
 * here. The batch's counts are summed from here, so a resumed batch reports
 * the whole batch.
 *
 * Before a chunk is written, its intent — the unit payloads and protocol
 * entries it is about to send — is recorded too. A process killed between a
 * chunk's units and its protocol entries leaves units that a fresh plan would
 * call unchanged (their `created` entry would be lost); the resumed run
 * finishes such rows from their intent first. Every write is an upsert by a
 * deterministic id, so writing an intent again duplicates nothing.
 */
import type { PluginStorage } from '../../core/access/index';

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

export async function ensureCheckpointTable(storage: PluginStorage): Promise<void> {
  await storage.exec(`
    create table if not exists registry_import_checkpoints (
      batch_id uuid not null,
      row_key text not null,
      op text not null,
      changes int not null,
      done_at timestamptz not null default now(),
      primary key (batch_id, row_key)
    );
    create table if not exists registry_import_intents (
      batch_id uuid not null,
      row_key text not null,
      op text not null,
      unit jsonb not null,
      protocol jsonb not null,
      primary key (batch_id, row_key)
    )`);
}

export interface RowIntent {
  rowKey: string;
  op: CheckpointOp;
  unit: Record<string, unknown>;
  protocol: Record<string, unknown>[];
}

export async function recordIntents(
  storage: PluginStorage,
  batchId: string,
  intents: readonly RowIntent[],
): Promise<void> {
  if (intents.length === 0) return;
  await storage.query(
    `insert into registry_import_intents (batch_id, row_key, op, unit, protocol)
     select $1::uuid, r.row_key, r.op, r.unit, r.protocol
     from jsonb_to_recordset($2::jsonb) as r(row_key text, op text, unit jsonb, protocol jsonb)
     on conflict (batch_id, row_key) do update set op = excluded.op, unit = excluded.unit, protocol = excluded.protocol`,
    [
      batchId,
      JSON.stringify(
        intents.map((i) => ({ row_key: i.rowKey, op: i.op, unit: i.unit, protocol: i.protocol })),
      ),
    ],
  );
}

/** Rows a run started (intent recorded) but never checkpointed: it stopped between their writes. */
export async function unfinishedIntents(storage: PluginStorage, batchId: string): Promise<RowIntent[]> {
  const rows = await storage.query<{
    row_key: string;
    op: CheckpointOp;
    unit: Record<string, unknown>;
    protocol: Record<string, unknown>[];
  }>(
    `select i.row_key, i.op, i.unit, i.protocol from registry_import_intents i
     where i.batch_id = $1::uuid
       and not exists (select 1 from registry_import_checkpoints c
                       where c.batch_id = i.batch_id and c.row_key = i.row_key)
     order by i.row_key`,
    [batchId],
  );
  return rows.map((row) => ({ rowKey: row.row_key, op: row.op, unit: row.unit, protocol: row.protocol }));
}

export async function clearIntents(
  storage: PluginStorage,
  batchId: string,
  rowKeys: readonly string[],
): Promise<void> {
  if (rowKeys.length === 0) return;
  await storage.query(
    'delete from registry_import_intents where batch_id = $1::uuid and row_key = any($2::text[])',
    [batchId, [...rowKeys]],
  );
}

export async function doneRowKeys(storage: PluginStorage, batchId: string): Promise<Set<string>> {
  const rows = await storage.query<{ row_key: string }>(
    'select row_key from registry_import_checkpoints where batch_id = $1::uuid',
    [batchId],
  );
  return new Set(rows.map((row) => row.row_key));
}

export async function recordCheckpoint(
  storage: PluginStorage,
  batchId: string,
  entries: readonly CheckpointEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  await storage.query(
    `insert into registry_import_checkpoints (batch_id, row_key, op, changes)
     select $1::uuid, k, o, c from unnest($2::text[], $3::text[], $4::int[]) as t(k, o, c)
     on conflict (batch_id, row_key) do nothing`,
    [batchId, entries.map((e) => e.rowKey), entries.map((e) => e.op), entries.map((e) => e.changes)],
  );
}

export async function checkpointTotals(storage: PluginStorage, batchId: string): Promise<CheckpointTotals> {
  const rows = await storage.query<{ op: string; n: number; changes: number }>(
    `select op, count(*)::int as n, coalesce(sum(changes), 0)::int as changes
     from registry_import_checkpoints where batch_id = $1::uuid group by op`,
    [batchId],
  );
  const totals: CheckpointTotals = { created: 0, updated: 0, pendingApproval: 0, unitChanges: 0 };
  for (const row of rows) {
    if (row.op === 'create') totals.created = Number(row.n);
    if (row.op === 'update') totals.updated = Number(row.n);
    if (row.op === 'pending') totals.pendingApproval = Number(row.n);
    totals.unitChanges += Number(row.changes);
  }
  return totals;
}
