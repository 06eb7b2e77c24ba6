/**
 * Runs plugins' event handlers from the queue. An event job brings the read
 * model up to date, then fans out into one handler job per subscribed
 * handler. The echo of the project's own write (memory, then the own-writes
 * table: checked here, after the write surely was recorded, not at the
 * intake, where Twenty's webhook can beat the sdk's answer) reaches every
 * handler too — a route's, job's or seed's change is news for the plugins
 * like a change made in Twenty's UI — except the one handler that made the
 * write (its `WriteOrigin`): loops are prevented by origin, and handlers stay
 * idempotent (decide from state) for the rest. Handler jobs are keyed by
 * `${object}:${recordId}:${updatedAt}:${plugin}:${handler}`:
 * whichever path a change arrives by (webhook, sweep, twice), each handler
 * runs on it once, and one failing handler is retried and dead-lettered on
 * its own without re-running the others. Event jobs also run in batches
 * (`eventBatch`, for the worker): one replica write per object and one
 * fan-out statement for the whole batch.
 */
import type { TwentyWebhookEvent } from '../../../sdk/index';
import { eventMatches } from '../plugin/define-plugin';
import type { PluginContext } from '../plugin/plugin-context';
import type { EnqueueItem, QueueJob } from '../queue/queue';
import type { BatchOutcome, BatchRunner } from '../queue/queue-worker';
import { childLogger, type Logger } from '../runtime/logger';
import { ItemFailure } from '../store/group-commit';
import type { Store } from '../store/store';
import {
  EVENT_JOB,
  type EventSource,
  HANDLER_JOB,
  type HandlerJobPayload,
  handlerIdempotencyKey,
  readEventJob,
  readHandlerJob,
} from './dispatcher-jobs';
import { isOwnHandlerWrite, UNATTRIBUTED_ORIGIN, type WriteOrigin, withOrigin } from './origin';

/** Give the dispatcher's worker these kinds so it never claims another module's jobs. */
export const DISPATCHER_JOB_KINDS: readonly string[] = [EVENT_JOB, HANDLER_JOB];

export type EventHandlerFn = (event: TwentyWebhookEvent, ctx: PluginContext) => Promise<void> | void;

/** What the registry lists (`registry.handlers`); `name` defaults to the function's name or the pattern. */
export interface DispatchHandler {
  plugin: string;
  pattern: string;
  name?: string;
  run: EventHandlerFn;
}

export interface NamedHandler extends DispatchHandler {
  name: string;
}

export class HandlerError extends Error {
  readonly code = 'handler_failed';
  readonly plugin: string;
  readonly handler: string;
  constructor(facts: { plugin: string; handler: string; event: TwentyWebhookEvent; cause: unknown }) {
    const reason =
      facts.cause instanceof Error ? `${facts.cause.name}: ${facts.cause.message}` : String(facts.cause);
    super(
      `handler ${facts.plugin}/${facts.handler} failed on ${facts.event.eventName} of record ${facts.event.record.id}: ${reason}`,
      { cause: facts.cause },
    );
    this.name = 'HandlerError';
    this.plugin = facts.plugin;
    this.handler = facts.handler;
    if (facts.cause instanceof Error && facts.cause.stack)
      this.stack = `${this.name}: ${this.message}\n${facts.cause.stack}`;
  }
}

export interface DispatcherOptions {
  store: Store;
  handlers: readonly DispatchHandler[] | ReadonlyMap<string, readonly Omit<DispatchHandler, 'pattern'>[]>;
  /** The context handed to handlers; a function gets the plugin name (to scope the logger or config). */
  context: PluginContext | ((plugin: string) => PluginContext);
  log: Logger;
  /** Called after new jobs are enqueued (e.g. `worker.wake`). */
  onEnqueued?: () => void;
}

export interface Dispatcher {
  handlers(): readonly NamedHandler[];
  handlersFor(eventName: string): NamedHandler[];
  /** Whether any handler or the read model cares about events of this object (the intake's filter). */
  isKnownObject(objectName: string): boolean;
  /**
   * Enqueues a handler job per subscribed handler not yet run on this change; returns how many were new.
   * `writtenBy`: the origin of the project's own write this change echoes — its handler is left out.
   */
  fanOut(event: TwentyWebhookEvent, source: EventSource, writtenBy?: WriteOrigin): Promise<number>;
  /** The queue worker's `handle`. */
  handleJob(job: QueueJob): Promise<void>;
  /** The queue worker's `batch`: event jobs run together. */
  eventBatch: BatchRunner;
}

interface Change {
  event: TwentyWebhookEvent;
  source: EventSource;
  /** Set when the change echoes the project's own write. */
  writtenBy?: WriteOrigin;
}

/** `plugin/kind:name`, for logs. */
export function describeOrigin(origin: WriteOrigin): string {
  return `${origin.plugin}/${origin.kind}:${origin.name}`;
}

/** Gives every handler a name unique within its plugin, stable while the plugin's code order is. */
export function nameHandlers(handlers: DispatcherOptions['handlers']): NamedHandler[] {
  const flat: DispatchHandler[] = Array.isArray(handlers)
    ? [...(handlers as readonly DispatchHandler[])]
    : [...(handlers as ReadonlyMap<string, readonly Omit<DispatchHandler, 'pattern'>[]>).entries()].flatMap(
        ([pattern, list]) => list.map((h) => ({ ...h, pattern })),
      );
  const used = new Map<string, number>();
  return flat.map((h) => {
    const base = h.name ?? (h.run.name && h.run.name !== 'run' ? `${h.pattern}:${h.run.name}` : h.pattern);
    const key = `${h.plugin}\u0000${base}`;
    const n = (used.get(key) ?? 0) + 1;
    used.set(key, n);
    return { ...h, name: n === 1 ? base : `${base}#${n}` };
  });
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, log } = options;
  const named = nameHandlers(options.handlers);
  const byId = new Map(named.map((h) => [`${h.plugin}\u0000${h.name}`, h]));
  const anyObject = named.some((h) => h.pattern.startsWith('*.'));
  const objects = new Set(named.map((h) => h.pattern.split('.')[0]));
  const contextFor = (plugin: string): PluginContext =>
    typeof options.context === 'function' ? options.context(plugin) : options.context;

  const handlersFor = (eventName: string): NamedHandler[] =>
    named.filter((h) => eventMatches(h.pattern, eventName));

  const handlerJobs = (change: Change, receivedAt: string): EnqueueItem[] =>
    handlersFor(change.event.eventName)
      .filter((h) => !isOwnHandlerWrite(change.writtenBy, h))
      .map((h) => {
        const { event, source, writtenBy } = change;
        const payload: HandlerJobPayload = {
          event,
          source,
          receivedAt,
          plugin: h.plugin,
          handler: h.name,
          ...(writtenBy ? { writtenBy } : {}),
        };
        return {
          kind: HANDLER_JOB,
          payload,
          dedupeKey: `handler:${handlerIdempotencyKey(event, h.plugin, h.name)}`,
        };
      });

  const fanOutAll = async (changes: readonly Change[]): Promise<number> => {
    const receivedAt = new Date().toISOString();
    const items = changes.flatMap((change) => handlerJobs(change, receivedAt));
    if (items.length === 0) return 0;
    const fresh = (await store.queue.enqueueMany(items)).filter(Boolean).length;
    if (fresh > 0) options.onEnqueued?.();
    return fresh;
  };

  const fanOut = (event: TwentyWebhookEvent, source: EventSource, writtenBy?: WriteOrigin): Promise<number> =>
    fanOutAll([{ event, source, ...(writtenBy ? { writtenBy } : {}) }]);

  /** The change as handlers get it: with the origin of the own write it echoes, if it is one. */
  const withWriter = async (change: Change): Promise<Change> => {
    const own = await store.ownWrites.ownWrite(change.event);
    return own ? { ...change, writtenBy: own.origin ?? UNATTRIBUTED_ORIGIN } : change;
  };

  const eventBatch: BatchRunner = {
    kinds: [EVENT_JOB],
    async run(jobs) {
      const outcomes: BatchOutcome[] = jobs.map(() => 'done');
      const changes: Change[] = [];
      jobs.forEach((job, i) => {
        try {
          if (job.kind !== EVENT_JOB) throw new Error(`"${job.kind}" jobs do not run in event batches`);
          changes.push(readEventJob(job.payload));
        } catch (error) {
          // A payload that does not parse fails alone; it would fail the same way on every attempt.
          outcomes[i] = new ItemFailure(error);
        }
      });
      // The replica shows every change; the echo of the project's own write skips only the handler that made it.
      const attributed = await Promise.all(changes.map(withWriter));
      await store.readModel.applyEvents(changes.map((c) => c.event));
      await fanOutAll(attributed);
      return outcomes;
    },
  };

  const runHandler = async (payload: HandlerJobPayload): Promise<void> => {
    const h = byId.get(`${payload.plugin}\u0000${payload.handler}`);
    if (!h) {
      // The plugin was removed or its handlers renamed since the job was queued: nothing left to run it.
      log.warn(
        { plugin: payload.plugin, handler: payload.handler, eventName: payload.event.eventName },
        'dropped a handler job whose handler no longer exists',
      );
      return;
    }
    const base = contextFor(h.plugin);
    const ctx: PluginContext = {
      ...base,
      log: childLogger(base.log, {
        plugin: h.plugin,
        handler: h.name,
        eventName: payload.event.eventName,
        recordId: payload.event.record.id,
        ...(payload.writtenBy ? { writtenBy: describeOrigin(payload.writtenBy) } : {}),
      }),
      ...(payload.writtenBy ? { writtenBy: payload.writtenBy } : {}),
    };
    try {
      // Whatever this handler writes carries its name: the echo reaches every handler but this one.
      await withOrigin({ plugin: h.plugin, kind: 'handler', name: h.name }, () => h.run(payload.event, ctx));
    } catch (error) {
      throw new HandlerError({ plugin: h.plugin, handler: h.name, event: payload.event, cause: error });
    }
  };

  return {
    handlers: () => named,
    handlersFor,
    isKnownObject: (objectName) => anyObject || objects.has(objectName) || store.readModel.has(objectName),
    fanOut,
    eventBatch,
    async handleJob(job) {
      switch (job.kind) {
        case EVENT_JOB: {
          const change = await withWriter(readEventJob(job.payload));
          await store.readModel.applyEvent(change.event);
          await fanOutAll([change]);
          return;
        }
        case HANDLER_JOB:
          return runHandler(readHandlerJob(job.payload));
        default:
          // Thrown, not swallowed: the job stays in the queue (then the dead letters) for a worker that knows it.
          throw new Error(
            `the dispatcher runs ${DISPATCHER_JOB_KINDS.join(' and ')} jobs, not "${job.kind}"; start its worker with kinds: DISPATCHER_JOB_KINDS`,
          );
      }
    },
  };
}
