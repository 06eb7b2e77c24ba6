/**
 * The event path of `realty start` without the plugins: the store in a
 * directory (PGlite on its thread), the intake journal beside it, a
 * dispatcher with the bench's handlers, the worker with the runtime's options
 * and the intake assembled by the same `assembleIntake` the runtime and the
 * Cloud Functions target call, so the intake and convergence benches measure
 * what runs in production.
 */
import path from 'node:path';
import {
  createDispatcher,
  DISPATCHER_JOB_KINDS,
  type Dispatcher,
  type DispatchHandler,
} from '../plugins/core/events/index';
import { assembleIntake, type IntakeJournal, type TwentyEventsHandler } from '../plugins/core/intake/index';
import { startWorker, type Worker } from '../plugins/core/queue/index';
import { RUNTIME_WORKER_OPTIONS, silentLogger, systemClock } from '../plugins/core/runtime/index';
import { loadConfig } from '../plugins/core/settings/index';
import { openStore, type Store } from '../plugins/core/store/index';
import type { TwentyClient } from '../sdk/index';

export interface IntakePipeline {
  store: Store;
  dispatcher: Dispatcher;
  worker: Worker;
  /** Absent with a Postgres server. */
  journal?: IntakeJournal;
  intake: TwentyEventsHandler;
  /** Stops the worker, moves what the journal holds, closes the store. */
  close(): Promise<void>;
}

export async function openIntakePipeline(options: {
  home: string;
  secret: string;
  twenty: TwentyClient;
  handlers: DispatchHandler[];
  /** Objects replicated in the read model. */
  readModel?: string[];
  pollMs?: number;
  /** A Postgres server instead of the embedded store: then, as in the runtime, no journal unless `journal`. */
  databaseUrl?: string;
  /** Journal under `home` (REALTY_INTAKE_JOURNAL); default: with the embedded store only. */
  journal?: boolean;
}): Promise<IntakePipeline> {
  // The journal decision is the runtime's (REALTY_INTAKE_JOURNAL), from the same configuration.
  const journalEnv =
    options.journal === false
      ? 'off'
      : options.journal && options.databaseUrl
        ? path.join(options.home, 'store.journal')
        : undefined;
  const config = loadConfig({
    REALTY_HOME: options.home,
    ...(options.databaseUrl ? { REALTY_DATABASE_URL: options.databaseUrl } : {}),
    ...(journalEnv ? { REALTY_INTAKE_JOURNAL: journalEnv } : {}),
  });
  const storeDir = options.databaseUrl ? undefined : path.join(options.home, 'store');
  const store = await openStore(options.databaseUrl ? { url: options.databaseUrl } : { dataDir: storeDir });
  if (options.readModel) await store.readModel.register(options.readModel);
  const dispatcher = createDispatcher({
    store,
    handlers: options.handlers,
    context: {
      twenty: options.twenty,
      store,
      clock: systemClock,
      log: silentLogger,
      config,
      settings: new Map(),
    },
    log: silentLogger,
  });
  const worker = startWorker({
    queue: store.queue,
    handle: dispatcher.handleJob,
    batch: dispatcher.eventBatch,
    ...RUNTIME_WORKER_OPTIONS,
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    kinds: DISPATCHER_JOB_KINDS,
  });
  const { intake, journal, close } = await assembleIntake({
    config,
    store,
    secret: options.secret,
    knownObjects: dispatcher.isKnownObject,
    log: silentLogger,
    onEnqueued: () => worker.wake(),
    ...(storeDir ? { storeDir } : {}),
  });
  return {
    store,
    dispatcher,
    worker,
    journal,
    intake,
    async close() {
      await close();
      await worker.stop();
      await store.close();
    },
  };
}
