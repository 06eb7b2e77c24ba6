/**
 * The reconciliation sweep (`realty:sweep`). Twenty does not retry a failed
 * webhook (C19), so on a timer the sweep pulls every record changed since its
 * watermark (minus an overlap for transactions that commit late), brings the
 * replica up to date, and hands each change the replica had not seen to the
 * dispatcher as an event — a lost delivery still runs its handlers, and the
 * handler-level keys make sure a change seen both ways runs them once.
 * An object swept for the first time is resynced silently: history is not news.
 */
import {
  asc,
  gte,
  or,
  type TwentyClient,
  type TwentyRecord,
  type TwentyWebhookEvent,
} from '../../../sdk/index';
import type { Logger } from '../runtime/logger';
import type { ScheduledJob } from '../scheduler/scheduler';
import type { Store } from '../store/store';
import type { Dispatcher } from './dispatcher';
import { UNATTRIBUTED_ORIGIN } from './origin';

export const SWEEP_JOB_NAME = 'sweep';
export const SWEEP_PLUGIN = 'realty';
export const DEFAULT_SWEEP_CRON = '*/5 * * * *';
export const DEFAULT_SWEEP_OVERLAP_MS = 60_000;

export interface SweepOptions {
  store: Store;
  client: TwentyClient;
  dispatcher: Pick<Dispatcher, 'fanOut'>;
  log: Logger;
  /** Default: every object in the read model. */
  objects?: readonly string[];
  overlapMs?: number;
}

export interface SweepObjectSummary {
  object: string;
  /** True when the object had no watermark and was resynced instead of swept. */
  initialized: boolean;
  pulled: number;
  /** Changes the replica had not seen. */
  applied: number;
  /** Of those, handed to handlers (all of them: an own write skips only the handler that made it). */
  dispatched: number;
  /** Of those, echoes of the project's own writes. */
  echoes: number;
  watermark: string | null;
}

export interface SweepSummary {
  objects: SweepObjectSummary[];
}

function laterOf(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

async function readWatermark(store: Store, object: string): Promise<string | null> {
  const r = await store.sql.query<{ watermark: Date }>(
    'select watermark from realty_watermarks where object = $1',
    [object],
  );
  return r.rows[0] ? new Date(r.rows[0].watermark).toISOString() : null;
}

async function writeWatermark(store: Store, object: string, watermark: string): Promise<void> {
  await store.sql.query(
    `insert into realty_watermarks (object, watermark, swept_at) values ($1, $2, $3)
     on conflict (object) do update set watermark = greatest(realty_watermarks.watermark, excluded.watermark),
       swept_at = excluded.swept_at`,
    [object, watermark, store.clock.now().toISOString()],
  );
}

function actionFor(record: TwentyRecord, previous: { deletedAt: Date | null } | undefined): string {
  if (record.deletedAt) return 'deleted';
  if (!previous) return 'created';
  return previous.deletedAt ? 'restored' : 'updated';
}

async function sweepObject(options: SweepOptions, object: string): Promise<SweepObjectSummary> {
  const { store, client, dispatcher, log } = options;
  const watermark = await readWatermark(store, object);
  if (watermark === null) {
    const resync = await store.readModel.resync(client, [object]);
    const mark = resync.objects[0]?.maxUpdatedAt ?? store.clock.now().toISOString();
    await writeWatermark(store, object, mark);
    log.info(
      { object, records: resync.objects[0]?.upserted ?? 0 },
      'first sweep of this object: replica resynced',
    );
    return { object, initialized: true, pulled: 0, applied: 0, dispatched: 0, echoes: 0, watermark: mark };
  }

  const since = new Date(
    Date.parse(watermark) - (options.overlapMs ?? DEFAULT_SWEEP_OVERLAP_MS),
  ).toISOString();
  const summary: SweepObjectSummary = {
    object,
    initialized: false,
    pulled: 0,
    applied: 0,
    dispatched: 0,
    echoes: 0,
    watermark,
  };
  // Naming deletedAt in the filter is what makes Twenty include soft-deleted records (C10).
  const changed = client.records(object).iterate({
    filter: or(gte('updatedAt', since), gte('deletedAt', since)),
    orderBy: [asc('updatedAt'), asc('id')],
  });
  for await (const record of changed) {
    summary.pulled++;
    summary.watermark = laterOf(laterOf(summary.watermark, record.updatedAt), record.deletedAt);
    const previous = await store.readModel.get(object, record.id);
    const sameDeletion = (previous?.deletedAt == null) === !record.deletedAt;
    if (
      previous?.updatedAt &&
      record.updatedAt &&
      previous.updatedAt.getTime() >= Date.parse(record.updatedAt) &&
      sameDeletion
    ) {
      // Seen already; a webhook's delete carries no deletedAt, so only the timestamp may need repair.
      const exact =
        (previous.deletedAt?.getTime() ?? null) === (record.deletedAt ? Date.parse(record.deletedAt) : null);
      if (!exact) await store.readModel.applyEvent({ objectName: object, action: 'updated', record });
      continue;
    }
    const action = actionFor(record, previous);
    const outcome = await store.readModel.applyEvent({ objectName: object, action: 'updated', record });
    if (outcome !== 'inserted' && outcome !== 'updated') continue;
    summary.applied++;
    const event: TwentyWebhookEvent = {
      eventName: `${object}.${action}`,
      objectName: object,
      action,
      record,
      ...(record.updatedAt ? { eventDate: record.updatedAt } : {}),
    };
    // The project's own write is news for every handler but the one that made it (the dispatcher leaves it out).
    const own = await store.ownWrites.ownWrite(event);
    if (own) summary.echoes++;
    await dispatcher.fanOut(event, 'sweep', own ? (own.origin ?? UNATTRIBUTED_ORIGIN) : undefined);
    summary.dispatched++;
  }
  if (summary.watermark) await writeWatermark(store, object, summary.watermark);
  return summary;
}

/**
 * Starts the sweep of objects that have none at `at` instead of with a silent resync: for a
 * workspace made empty at that moment, every change after it is news — a lost webhook echo of
 * the first records still runs its handlers at the next sweep. Objects already swept keep theirs.
 */
export async function startSweepsAt(store: Store, objects: readonly string[], at: Date): Promise<void> {
  await store.sql.query(
    `insert into realty_watermarks (object, watermark, swept_at)
     select object, $2, $2 from unnest($1::text[]) as object
     on conflict (object) do nothing`,
    [[...objects], at.toISOString()],
  );
}

export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const objects = options.objects ?? options.store.readModel.objects();
  const summaries: SweepObjectSummary[] = [];
  for (const object of objects) {
    const summary = await sweepObject(options, object);
    if (summary.applied > 0) {
      // Every one of these was a change no webhook delivered (or not yet): worth seeing in the logs.
      options.log.warn(summary, 'the sweep found changes the webhooks had not delivered');
    }
    summaries.push(summary);
  }
  return { objects: summaries };
}

export const QUEUE_RETENTION_MS = 7 * 24 * 3_600_000;
export const OWN_WRITES_RETENTION_MS = 24 * 3_600_000;

/** The scheduled job; the scheduler's lock keeps it to one instance at a time. */
export function createSweepJob(options: {
  dispatcher: Pick<Dispatcher, 'fanOut'>;
  cron?: string;
  overlapMs?: number;
}): ScheduledJob {
  return {
    plugin: SWEEP_PLUGIN,
    name: SWEEP_JOB_NAME,
    cron: options.cron ?? DEFAULT_SWEEP_CRON,
    async run(_event, ctx) {
      const summary = await runSweep({
        store: ctx.store,
        client: ctx.twenty,
        dispatcher: options.dispatcher,
        log: ctx.log,
        ...(options.overlapMs !== undefined ? { overlapMs: options.overlapMs } : {}),
      });
      const pruned = {
        queue: await ctx.store.queue.prune(QUEUE_RETENTION_MS),
        ownWrites: await ctx.store.ownWrites.prune(OWN_WRITES_RETENTION_MS),
      };
      ctx.log.info({ objects: summary.objects.length, pruned }, 'sweep finished');
    },
  };
}
