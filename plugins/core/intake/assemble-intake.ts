/**
 * The webhook intake, assembled once: the journal decided from the
 * configuration (REALTY_INTAKE_JOURNAL), opened, and the Twenty events
 * handler built over it with the objects the plugins care about. `realty
 * start` (the runtime), the Cloud Functions target and the benches all call
 * this, so what runs in production is what is measured and tested.
 */
import type { PluginRegistry } from '../plugin/plugin-registry';
import type { Logger } from '../runtime/logger';
import type { RealtyConfig } from '../settings/config';
import type { Store } from '../store/store';
import { type IntakeJournal, openIntakeJournal } from './intake-journal';
import { createTwentyEventsHandler, type TwentyEventsHandler } from './twenty-events';

/**
 * Embedded store: one process owns REALTY_HOME, so deliveries are journaled beside the store and
 * answered without a database wait. A Postgres server may have several instances, some without a
 * disk of their own: they enqueue directly unless REALTY_INTAKE_JOURNAL names a directory that
 * outlives the instance (its leftovers are queued when that instance starts again).
 */
export function intakeJournalDir(config: RealtyConfig, storeDir: string | undefined): string | undefined {
  if (config.intakeJournal === 'off') return undefined;
  return config.intakeJournal ?? (storeDir ? `${storeDir}.journal` : undefined);
}

/**
 * The objects whose events the plugins of `registry` handle or replicate: an event for any other
 * object is acknowledged and counted, never queued. A handler on `*.<action>` takes every object.
 */
export function knownObjectsOf(
  registry: Pick<PluginRegistry, 'handlers' | 'readModel'>,
): (objectName: string) => boolean {
  const objects = new Set([
    ...registry.readModel.map((entry) => entry.object),
    ...registry.handlers.map((h) => h.pattern.split('.')[0]),
  ]);
  return objects.has('*') ? () => true : (objectName) => objects.has(objectName);
}

export interface AssembleIntakeOptions {
  config: RealtyConfig;
  store: Store;
  /** The secret Twenty signs webhooks with (TWENTY_WEBHOOK_SECRET). */
  secret: string;
  /** Objects the plugins handle or replicate (see `knownObjectsOf`); omitted = all. */
  knownObjects?: Iterable<string> | ((objectName: string) => boolean);
  log: Logger;
  /** Called when events become queue jobs (after an enqueue, or a journal move), e.g. `worker.wake`. */
  onEnqueued?: () => void;
  /** The embedded store's directory; absent with REALTY_DATABASE_URL. */
  storeDir?: string;
}

export interface AssembledIntake {
  intake: TwentyEventsHandler;
  /** Absent when the configuration journals nothing (Postgres server, or REALTY_INTAKE_JOURNAL=off). */
  journal?: IntakeJournal;
  /** Moves what the journal holds into the queue; what it cannot stays on disk for the next start. */
  close(): Promise<void>;
}

export async function assembleIntake(options: AssembleIntakeOptions): Promise<AssembledIntake> {
  const { config, store, log, onEnqueued } = options;
  const journalDir = intakeJournalDir(config, options.storeDir);
  const journal = journalDir
    ? await openIntakeJournal({
        dir: journalDir,
        queue: store.queue,
        log,
        ...(onEnqueued ? { onMoved: () => onEnqueued() } : {}),
      })
    : undefined;
  try {
    const intake = createTwentyEventsHandler({
      store,
      secret: options.secret,
      log,
      ...(options.knownObjects !== undefined ? { knownObjects: options.knownObjects } : {}),
      ...(onEnqueued ? { onEnqueued } : {}),
      ...(journal ? { journal } : {}),
    });
    return {
      intake,
      ...(journal ? { journal } : {}),
      close: async () => {
        await journal?.close();
      },
    };
  } catch (error) {
    await journal?.close();
    throw error;
  }
}
