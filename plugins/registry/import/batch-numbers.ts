/**
 * The import's number as people say it («импорт №12»), allocated in the store
 * when a batch is first applied: one insert takes the next number and the
 * table's unique index makes a second taker of the same number fail and try
 * the next, so two imports started at the same moment — through one instance
 * or two — never share a number. A batch keeps its number when it resumes.
 * The plan's number (one more than the highest in Twenty when it was planned)
 * is the floor: numbers given before this table existed are never reused.
 */
import type { PluginStorage } from '../../core/access/index';

const TABLE_SQL = `
create table if not exists registry_import_batch_numbers (
  batch_id uuid primary key,
  number integer not null unique,
  allocated_at timestamptz not null default now()
)`;

const ATTEMPTS = 20;

/** Postgres' unique_violation: someone took that number between our read and our insert. */
const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/**
 * The table comes with the registry's migrations; a port without them (a bare test store) creates it
 * here. Two sessions creating it at once collide on the catalog: the loser finds it made.
 */
async function ensureTable(storage: Pick<PluginStorage, 'exec'>): Promise<void> {
  try {
    await storage.exec(TABLE_SQL);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // unique_violation on pg_type, duplicate_table, or duplicate_object ("type … already exists").
    if (code !== '23505' && code !== '42P07' && code !== '42710') throw error;
  }
}

export const importBatchNumbersMigration = {
  id: 'registry-import-batch-numbers-1',
  description: 'import batch numbers allocated once, in the store',
  async run(ctx: { store: { sql: { exec(text: string): Promise<void> } } }) {
    await ctx.store.sql.exec(TABLE_SQL);
  },
};

export class BatchNumberError extends Error {
  readonly code = 'import_batch_number';
  constructor(batchId: string) {
    super(`could not allocate a number for import batch ${batchId} after ${ATTEMPTS} tries`);
    this.name = 'BatchNumberError';
  }
}

export async function allocateBatchNumber(
  storage: Pick<PluginStorage, 'query' | 'exec'>,
  batchId: string,
  plan: {
    /** What the plan computed: the batch's own number when it resumes, else the highest so far + 1. */
    batchNumber: number;
    resumes?: boolean;
  },
): Promise<number> {
  await ensureTable(storage);
  const existing = async () =>
    (
      await storage.query<{ number: number }>(
        'select number from registry_import_batch_numbers where batch_id = $1::uuid',
        [batchId],
      )
    )[0]?.number;
  const known = await existing();
  if (known !== undefined) return Number(known);
  if (plan.resumes && plan.batchNumber > 0) {
    // A batch started before its number was kept here: it keeps the number Twenty shows.
    try {
      const rows = await storage.query<{ number: number }>(
        `insert into registry_import_batch_numbers (batch_id, number) values ($1::uuid, $2)
         on conflict (batch_id) do nothing returning number`,
        [batchId, plan.batchNumber],
      );
      if (rows[0]) return Number(rows[0].number);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const now = await existing();
    if (now !== undefined) return Number(now);
  }
  const floor = Math.max(0, plan.batchNumber - 1);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    try {
      const rows = await storage.query<{ number: number }>(
        `insert into registry_import_batch_numbers (batch_id, number)
         select $1::uuid, greatest(coalesce(max(number), 0), $2::integer) + 1 from registry_import_batch_numbers
         on conflict (batch_id) do nothing returning number`,
        [batchId, floor],
      );
      if (rows[0]) return Number(rows[0].number);
      // The same batch was numbered meanwhile (applied through another instance): its number it is.
      const now = await existing();
      if (now !== undefined) return Number(now);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new BatchNumberError(batchId);
}
