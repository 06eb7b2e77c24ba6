/**
 * The running runtime: one object that wires the store, the Twenty client,
 * the read model, the dispatcher, the queue worker, the scheduler (with the
 * reconciliation sweep) and the webhook intake for a set of plugins. `realty
 * start` serves it over HTTP; CLI commands open it without worker and
 * scheduler to run one job or a resync.
 */
import { createTwentyClient, type TwentyClient } from '../../../sdk/index';
import { bindPartnerGateway, type PartnerGateway } from '../access/partner-gateway';
import { type AccessLayer, createAccessLayer } from '../access/route-context';
import { createDispatcher, type Dispatcher } from '../events/dispatcher';
import { currentOrigin, withOrigin } from '../events/origin';
import { createSweepJob } from '../events/sweep';
import { type AssembledIntake, assembleIntake } from '../intake/assemble-intake';
import type { TwentyEventsHandler } from '../intake/twenty-events';
import type { PluginDefinition } from '../plugin/define-plugin';
import type { PluginContext } from '../plugin/plugin-context';
import { createRegistry, type PluginRegistry } from '../plugin/plugin-registry';
import { startWorker, type Worker } from '../queue/queue-worker';
import { createReadModelMaintenanceJob } from '../read-model/maintenance-job';
import { registerReadModelViews } from '../read-model/views';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';
import type { RealtyConfig } from '../settings/config';
import type { PluginSettings } from '../settings/define-settings';
import { loadPluginSettings } from '../settings/plugin-settings';
import { openStore, type Store } from '../store/store';
import { type Clock, systemClock } from './clock';
import { childLogger, type Logger } from './logger';
import { configuredSecrets } from './redact-secrets';

/**
 * The worker `realty start` runs. Event jobs are claimed up to 200 at a time and applied to the read
 * model together; handler jobs run 32 at a time (they mostly wait on Twenty's rate limit, so more in
 * flight costs nothing, and claiming for many freed slots at once saves a statement per job).
 */
export const RUNTIME_WORKER_OPTIONS = { concurrency: 32, batchSize: 200, batchWindowMs: 50 } as const;

export interface TwentyConnection {
  url: string;
  apiKey: string;
}

export interface RuntimeOptions {
  config: RealtyConfig;
  plugins: readonly PluginDefinition[];
  twenty: TwentyConnection;
  /** The secret Twenty signs webhooks with (C18). */
  webhookSecret: string;
  /**
   * PGlite directory of the store when no REALTY_DATABASE_URL (default `${home}/store`); null keeps
   * the store in memory (tests: a new directory costs a 40 MB cluster written file by file).
   */
  storeDataDir?: string | null;
  log: Logger;
  clock?: Clock;
  /** Run queued handler work in this process (default true). */
  worker?: boolean;
  /** Run cron jobs in this process (default true). */
  scheduler?: boolean;
  sweepCron?: string;
  /** The plugins' parsed settings (default: parsed from `env`; a problem throws ConfigError). */
  settings?: PluginSettings;
  env?: Readonly<Record<string, string | undefined>>;
  /** Twenty's rate limit for the client (default the config's TWENTY_RATE_LIMIT a minute). */
  rateLimit?: { requestsPerMinute?: number; requestsPerSecond?: number };
}

export interface Runtime {
  registry: PluginRegistry;
  store: Store;
  twenty: TwentyClient;
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  worker?: Worker;
  intake: TwentyEventsHandler;
  /** Handlers, jobs, seeds, migrations, commands: the project's own powers. */
  contextFor(plugin: string): PluginContext;
  /** Route requests: `access.routeContext(route, principal, { signal })` — scoped, no store or admin client. */
  access: AccessLayer;
  /** The enabled plugin's partner gateway (agencies), bound to its context; absent: partner-only routes answer 501. */
  partnerGateway?: PartnerGateway;
  /** The secrets this runtime was opened with (API key, webhook and staff secrets, the store's password): redactSecrets removes them from error texts shown to admins. */
  knownSecrets: readonly string[];
  close(): Promise<void>;
}

/** Where the intake journals deliveries (moved to the intake's assembly; kept here for its callers). */
export { intakeJournalDir } from '../intake/assemble-intake';

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, log } = options;
  const clock = options.clock ?? systemClock;
  const registry = createRegistry(options.plugins);
  const settings = options.settings ?? loadPluginSettings(registry.settings, options.env ?? process.env);
  const storeDir =
    config.databaseUrl || options.storeDataDir === null
      ? undefined
      : (options.storeDataDir ?? `${config.home}/store`);
  const store = await openStore({
    ...(config.databaseUrl ? { url: config.databaseUrl } : storeDir ? { dataDir: storeDir } : {}),
    clock,
    log,
  });
  let assembled: AssembledIntake | undefined;
  try {
    const twenty = createTwentyClient({
      url: options.twenty.url,
      apiKey: options.twenty.apiKey,
      // Every write we make is remembered with who made it: its webhook echo reaches every handler
      // except the one that wrote it (no loops, yet a route's or job's change is news for the plugins).
      onRecordWritten: (write) => store.ownWrites.record(write, currentOrigin()),
      rateLimit: options.rateLimit ?? { requestsPerMinute: config.twentyRateLimit },
    });
    const contexts = new Map<string, PluginContext>();
    const contextFor = (plugin: string): PluginContext => {
      let ctx = contexts.get(plugin);
      if (!ctx) {
        ctx = { twenty, store, clock, log: childLogger(log, { plugin }), config, settings };
        contexts.set(plugin, ctx);
      }
      return ctx;
    };
    // The replica's tables with their declared indexes, then the typed views routes read.
    await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
    for (const plugin of registry.plugins) {
      const migrations = registry.migrations.filter((m) => m.plugin === plugin.name);
      if (migrations.length > 0)
        await withOrigin({ plugin: plugin.name, kind: 'migration', name: 'migrations' }, () =>
          store.migrate(migrations, { plugin: plugin.name, context: contextFor(plugin.name) }),
        );
    }
    let worker: Worker | undefined;
    const wake = () => worker?.wake();
    const dispatcher = createDispatcher({
      store,
      handlers: registry.handlers.map((h) => ({
        plugin: h.plugin,
        pattern: h.pattern,
        name: h.name,
        run: h.run,
      })),
      context: contextFor,
      log: childLogger(log, { part: 'dispatcher' }),
      onEnqueued: wake,
    });
    const scheduler = createScheduler({
      store,
      jobs: [
        ...registry.jobs,
        createSweepJob({ dispatcher, ...(options.sweepCron ? { cron: options.sweepCron } : {}) }),
        createReadModelMaintenanceJob(),
      ],
      context: contextFor,
      log: childLogger(log, { part: 'scheduler' }),
    });
    assembled = await assembleIntake({
      config,
      store,
      secret: options.webhookSecret,
      knownObjects: (name) => dispatcher.isKnownObject(name),
      log: childLogger(log, { part: 'intake' }),
      onEnqueued: wake,
      ...(storeDir ? { storeDir } : {}),
    });
    const { intake } = assembled;
    if (options.worker !== false) {
      worker = startWorker({
        queue: store.queue,
        handle: (job) => dispatcher.handleJob(job),
        batch: dispatcher.eventBatch,
        ...RUNTIME_WORKER_OPTIONS,
        log: childLogger(log, { part: 'worker' }),
      });
    }
    if (options.scheduler !== false) scheduler.start();
    const gateways = registry.plugins.filter((p) => p.partnerGateway !== undefined);
    if (gateways.length > 1)
      throw new Error(
        `plugins ${gateways.map((p) => `"${p.name}"`).join(' and ')} both declare a partnerGateway; exactly one plugin authenticates partners`,
      );
    const gatewayPlugin = gateways[0];
    let partnerGateway: PartnerGateway | undefined;
    const access = createAccessLayer({
      sql: store.sql,
      readModel: store.readModel,
      twenty,
      registry,
      settings,
      clock,
      log,
      links: { twentyUrl: config.twentyUrl ?? options.twenty.url, publicUrl: config.publicUrl },
      ...(gatewayPlugin
        ? {
            partnerScopes: (agencyId: string) =>
              partnerGateway?.scopeOfAgency(agencyId) ?? Promise.resolve(undefined),
          }
        : {}),
    });
    partnerGateway =
      gatewayPlugin?.partnerGateway !== undefined
        ? bindPartnerGateway({
            plugin: gatewayPlugin.name,
            config: gatewayPlugin.partnerGateway,
            context: contextFor(gatewayPlugin.name),
            reader: access.reader,
            storage: access.storage,
          })
        : undefined;
    return {
      registry,
      store,
      twenty,
      dispatcher,
      scheduler,
      worker,
      intake,
      contextFor,
      access,
      ...(partnerGateway ? { partnerGateway } : {}),
      knownSecrets: configuredSecrets(config, [options.twenty.apiKey, options.webhookSecret]),
      async close() {
        // Bounded: a job waiting out Twenty's rate limit is recorded as interrupted, not waited for.
        await scheduler.stop({ timeoutMs: 3_000 });
        // Whatever it cannot queue now stays on disk and is queued at the next start.
        await assembled?.close();
        await worker?.stop({ timeoutMs: 4_000 });
        await store.ownWrites.flush();
        await store.close();
      },
    };
  } catch (error) {
    await assembled?.close();
    await store.close();
    throw error;
  }
}
