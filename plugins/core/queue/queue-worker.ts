/**
 * The loop that drains the queue. One claim statement takes both kinds of
 * work: jobs run one by one through `handle` (at most `concurrency` at once),
 * and, when a `batch` runner is given, up to `batchSize` jobs of its kinds
 * run together — one read-model write and one fan-out for a whole batch of
 * events instead of one each. Either way every job keeps its own completion,
 * retry and dead letter. Leases of jobs in hand are renewed; `stop()` stops
 * claiming and waits for the jobs in hand; anything unclaimed stays pending.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../runtime/logger';
import { ItemFailure } from '../store/group-commit';
import type { Queue, QueueJob } from './queue';
import { DEFAULT_LEASE_MS } from './queue';

export const DEFAULT_WORKER_CONCURRENCY = 4;
export const DEFAULT_WORKER_BATCH_SIZE = 100;
export const DEFAULT_BATCH_WINDOW_MS = 50;

/** Per job of a batch, in order: done, or failed on its own (an `ItemFailure` with the error). */
export type BatchOutcome = 'done' | ItemFailure;

export interface BatchRunner {
  /** The job kinds claimed and run together. */
  kinds: readonly string[];
  /**
   * Runs the jobs as one unit of work. A throw means "the batch as a whole failed": the worker then
   * runs each of its jobs through `handle` on its own, so one bad job can neither fail nor lose the others.
   */
  run(jobs: readonly QueueJob[]): Promise<BatchOutcome[]>;
}

export interface WorkerOptions {
  queue: Queue;
  handle: (job: QueueJob) => Promise<void>;
  /** Jobs run one by one at the same time (default 4). */
  concurrency?: number;
  batch?: BatchRunner;
  /** Most jobs of the batch runner's kinds claimed and run together (default 100). */
  batchSize?: number;
  /**
   * After a claim that did not fill up, the next one waits this long (default 50 ms), so work
   * arriving meanwhile is claimed and run together instead of a statement or two per job.
   */
  batchWindowMs?: number;
  /** Idle wait between empty polls (default 500 ms); `wake()` cuts it short. */
  pollMs?: number;
  leaseMs?: number;
  kinds?: readonly string[];
  log?: Logger;
  workerId?: string;
}

export interface Worker {
  readonly id: string;
  /** Poll now instead of at the end of the idle wait (the intake calls it after enqueueing). */
  wake(): void;
  /** Resolves when nothing is claimable right now and nothing is running. */
  idle(): Promise<void>;
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export class BatchResultError extends Error {
  readonly code = 'worker_batch_result_mismatch';
  constructor(expected: number, got: number) {
    super(`a batch runner returned ${got} outcomes for ${expected} jobs; every job must get exactly one`);
    this.name = 'BatchResultError';
  }
}

export function startWorker(options: WorkerOptions): Worker {
  const { queue, handle, batch } = options;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_WORKER_CONCURRENCY);
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_WORKER_BATCH_SIZE);
  const pollMs = options.pollMs ?? 500;
  const batchWindowMs = Math.max(0, options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS);
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const log = options.log;
  // Claiming for every freed slot costs a statement per job; waiting until half are free amortises it.
  const worthClaiming = Math.ceil(concurrency / 2);

  const single = new Set<Promise<void>>();
  let batchInFlight: Promise<void> | undefined;
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  /** Set by a wake or a finished job that found no sleep to cut short: the next poll must not wait. */
  let nudged = false;
  /** Set when a job of ours finished: what it enqueued is claimed without waiting out the batch window. */
  let followUp = false;
  let sawEmpty = false;
  /** Bumped whenever work may have appeared (a job settled, idle() asked): an empty claim older than that proves nothing. */
  let generation = 0;
  let idleWaiters: Array<() => void> = [];
  let changed: (() => void) | undefined;
  let lastPartialClaim = Number.NEGATIVE_INFINITY;
  let endPause: (() => void) | undefined;

  // `kinds` bounds everything this worker claims, batched kinds included.
  const batchKinds = new Set(
    (batch?.kinds ?? []).filter((kind) => !options.kinds || options.kinds.includes(kind)),
  );
  const busy = (): boolean => single.size > 0 || batchInFlight !== undefined;

  const notifyIdle = (): void => {
    if (sawEmpty && !busy()) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  /** Renews the leases of jobs in hand until the returned function is called. */
  const holdLeases = (jobs: readonly QueueJob[]): (() => void) => {
    const timer = setInterval(
      () => {
        for (const job of jobs) {
          queue.extendLease(job.id, { workerId, leaseMs }).catch((error: unknown) => {
            log?.warn(
              { err: error, jobId: job.id },
              'could not extend a job lease; another worker may take it over',
            );
          });
        }
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    return () => clearInterval(timer);
  };

  const recordFailure = async (job: QueueJob, error: unknown): Promise<void> => {
    const status = await queue.fail(job.id, error).catch((failError: unknown) => {
      log?.error(
        { err: failError, jobId: job.id },
        'could not record a job failure; the lease will expire and it reruns',
      );
      return 'unknown' as const;
    });
    const facts = { err: error, jobId: job.id, kind: job.kind, attempt: job.attempts, status };
    if (status === 'dead') log?.error(facts, 'job dead-lettered after its last attempt');
    else log?.warn(facts, 'job failed; will retry');
  };

  const runOne = async (job: QueueJob): Promise<void> => {
    const release = holdLeases([job]);
    try {
      await handle(job);
      await queue.complete(job.id);
    } catch (error) {
      await recordFailure(job, error);
    } finally {
      release();
    }
  };

  const runBatch = async (runner: BatchRunner, jobs: QueueJob[]): Promise<void> => {
    const release = holdLeases(jobs);
    try {
      let outcomes: BatchOutcome[];
      try {
        outcomes = await runner.run(jobs);
        if (outcomes.length !== jobs.length) throw new BatchResultError(jobs.length, outcomes.length);
      } catch (error) {
        log?.warn(
          { err: error, jobs: jobs.length, workerId },
          'a batch failed as a whole; running its jobs one by one',
        );
        for (const job of jobs) await runOne(job);
        return;
      }
      const done = jobs.filter((_, i) => !(outcomes[i] instanceof ItemFailure)).map((job) => job.id);
      try {
        await queue.completeMany(done);
      } catch (error) {
        // Their work is done and idempotent: once the leases lapse they rerun rather than count a failure.
        log?.error(
          { err: error, jobs: done.length },
          'could not mark a batch done; its jobs rerun after their lease',
        );
      }
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome instanceof ItemFailure) await recordFailure(jobs[i] as QueueJob, outcome.error);
      }
    } finally {
      release();
    }
  };

  const settled = (): void => {
    // The job may have enqueued more work: idle only after a fresh empty poll.
    sawEmpty = false;
    generation++;
    nudged = true;
    followUp = true;
    wakeUp?.();
    endPause?.();
    changed?.();
    changed = undefined;
    notifyIdle();
  };

  const start = (jobs: QueueJob[]): void => {
    const together = jobs.filter((job) => batchKinds.has(job.kind));
    for (const job of jobs) {
      if (batchKinds.has(job.kind)) continue;
      const p: Promise<void> = runOne(job).finally(() => {
        single.delete(p);
        settled();
      });
      single.add(p);
    }
    if (batch && together.length > 0) {
      batchInFlight = runBatch(batch, together).finally(() => {
        batchInFlight = undefined;
        settled();
      });
    }
  };

  /** A wait only stop() and our own finished jobs cut short: outside wakes must not end a batch window early. */
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        endPause = undefined;
        resolve();
      }
      endPause = done;
    });

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  const loop = async (): Promise<void> => {
    while (!stopping) {
      const free = concurrency - single.size;
      const singles = free >= worthClaiming || single.size === 0 ? free : 0;
      // One batch at a time: events arriving meanwhile pile up in the queue and form the next one.
      const together = batchKinds.size > 0 && batchInFlight === undefined ? batchSize : 0;
      if (singles === 0 && together === 0) {
        await new Promise<void>((resolve) => {
          changed = resolve;
        });
        continue;
      }
      const sinceLast = performance.now() - lastPartialClaim;
      // Work our own jobs just enqueued (a batch's handler jobs) is picked up at once.
      if (sinceLast < batchWindowMs && !followUp) {
        await pause(batchWindowMs - sinceLast);
        if (stopping) break;
        continue;
      }
      let jobs: QueueJob[] = [];
      let claimed = true;
      const claimedAt = generation;
      nudged = false;
      followUp = false;
      try {
        jobs = await queue.claim(singles, {
          workerId,
          leaseMs,
          ...(options.kinds ? { kinds: options.kinds } : {}),
          ...(batchKinds.size > 0 ? { batch: { kinds: [...batchKinds], n: together } } : {}),
        });
      } catch (error) {
        claimed = false;
        log?.error({ err: error, workerId }, 'claiming jobs failed; retrying after the poll interval');
      }
      // Jobs claimed while stop() was called still run: stop() waits for them, so no lease is left to lapse.
      start(jobs);
      // Empty means idle only if the claim asked for every kind and nothing settled while it ran.
      const askedForAll = batchKinds.size === 0 || together > 0;
      sawEmpty = claimed && jobs.length === 0 && askedForAll && claimedAt === generation;
      notifyIdle();
      const gotTogether = jobs.filter((job) => batchKinds.has(job.kind)).length;
      const gotSingles = jobs.length - gotTogether;
      // A full claim suggests more is waiting; so does a wake that came while the claim ran.
      const more = (singles > 0 && gotSingles === singles) || (together > 0 && gotTogether === together);
      if (!more) lastPartialClaim = performance.now();
      if (!more && !nudged && !stopping) await sleep(pollMs);
    }
  };

  const looping = loop();

  return {
    id: workerId,
    wake() {
      nudged = true;
      wakeUp?.();
    },
    idle() {
      sawEmpty = false;
      generation++;
      nudged = true;
      wakeUp?.();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
      });
    },
    async stop(opts = {}) {
      stopping = true;
      wakeUp?.();
      endPause?.();
      changed?.();
      await looping;
      const inFlight = Promise.all([...single, ...(batchInFlight ? [batchInFlight] : [])]);
      if (opts.timeoutMs === undefined) {
        await inFlight;
        return;
      }
      await Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, opts.timeoutMs).unref())]);
    },
  };
}
