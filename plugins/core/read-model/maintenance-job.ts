/**
 * The read model's upkeep (`realty:read-model-maintenance`), hourly: previous
 * versions (`keepPrevious`) older than a week are forgotten — a handler reads
 * them right after its event, and an event older than the queue's retention
 * is gone too — and every replica table is analyzed, so the planner knows
 * how big the tables have grown since (PGlite runs no autovacuum).
 */
import type { Sql } from '../../../db/database';
import type { ScheduledJob } from '../scheduler/scheduler';
import { PREVIOUS_TABLE, prunePrevious } from './read-model-previous';

export const READ_MODEL_MAINTENANCE_JOB = 'read-model-maintenance';
export const DEFAULT_READ_MODEL_MAINTENANCE_CRON = '23 * * * *';
/** As long as the event queue keeps an event: a retried handler still finds what it asks for. */
export const PREVIOUS_RETENTION_MS = 7 * 24 * 3_600_000;

async function hasTable(sql: Sql, table: string): Promise<boolean> {
  const r = await sql.query<{ t: string | null }>('select to_regclass($1)::text as t', [table]);
  return r.rows[0]?.t != null;
}

export function createReadModelMaintenanceJob(
  options: { cron?: string; retentionMs?: number } = {},
): ScheduledJob {
  return {
    plugin: 'realty',
    name: READ_MODEL_MAINTENANCE_JOB,
    cron: options.cron ?? DEFAULT_READ_MODEL_MAINTENANCE_CRON,
    async run(_event, ctx) {
      const started = Date.now();
      const before = new Date(ctx.clock.now().getTime() - (options.retentionMs ?? PREVIOUS_RETENTION_MS));
      const prunedPrevious = (await hasTable(ctx.store.sql, PREVIOUS_TABLE))
        ? await prunePrevious(ctx.store.sql, before)
        : 0;
      await ctx.store.readModel.analyze();
      ctx.log.info(
        { prunedPrevious, analyzed: ctx.store.readModel.objects().length, ms: Date.now() - started },
        'read model maintained',
      );
    },
  };
}
