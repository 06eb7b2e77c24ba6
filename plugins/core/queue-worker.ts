/**
 * The loop that drains the queue: claims up to `concurrency` jobs, runs
 * each through `handle`, completes or fails it, and renews the lease of
 * long-running ones. `stop()` stops claiming and waits for the jobs in hand;
 * anything unclaimed stays pending for the next worker.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from './logger';
import type { Queue, QueueJob } from './queue';
import { DEFAULT_LEASE_MS } from './queue';

export interface WorkerOptions {
  queue: Queue;
  handle: (job: QueueJob) => Promise<void>;
  concurrency?: number;
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

export function startWorker(options: WorkerOptions): Worker {
  const { queue, handle } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollMs = options.pollMs ?? 500;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const workerId = options.workerId ?? `worker-${randomUUID().slice(0, 8)}`;
  const log = options.log;

  const active = new Set<Promise<void>>();
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  let sawEmpty = false;
  let idleWaiters: Array<() => void> = [];
  let slotFreed: (() => void) | undefined;

  const notifyIdle = (): void => {
    if (sawEmpty && active.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const run = async (job: QueueJob): Promise<void> => {
    const heartbeat = setInterval(
      () => {
        queue.extendLease(job.id, { workerId, leaseMs }).catch((error: unknown) => {
          log?.warn(
            { err: error, jobId: job.id },
            'could not extend a job lease; another worker may take it over',
          );
        });
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    try {
      await handle(job);
      await queue.complete(job.id);
    } catch (error) {
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
    } finally {
      clearInterval(heartbeat);
    }
  };

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
      const free = concurrency - active.size;
      if (free <= 0) {
        await new Promise<void>((resolve) => {
          slotFreed = resolve;
        });
        continue;
      }
      let jobs: QueueJob[] = [];
      try {
        jobs = await queue.claim(free, {
          workerId,
          leaseMs,
          ...(options.kinds ? { kinds: options.kinds } : {}),
        });
      } catch (error) {
        log?.error({ err: error, workerId }, 'claiming jobs failed; retrying after the poll interval');
      }
      // Jobs claimed while stop() was called still run: stop() waits for them, so no lease is left to lapse.
      for (const job of jobs) {
        const p: Promise<void> = run(job).finally(() => {
          active.delete(p);
          // The job may have enqueued more work: idle only after a fresh empty poll.
          sawEmpty = false;
          wakeUp?.();
          slotFreed?.();
          slotFreed = undefined;
          notifyIdle();
        });
        active.add(p);
      }
      if (jobs.length === 0 && !stopping) {
        sawEmpty = true;
        notifyIdle();
        await sleep(pollMs);
      } else {
        sawEmpty = false;
      }
    }
  };

  const looping = loop();

  return {
    id: workerId,
    wake() {
      wakeUp?.();
    },
    idle() {
      sawEmpty = false;
      wakeUp?.();
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
      });
    },
    async stop(opts = {}) {
      stopping = true;
      wakeUp?.();
      slotFreed?.();
      await looping;
      const inFlight = Promise.all(active);
      if (opts.timeoutMs === undefined) {
        await inFlight;
        return;
      }
      await Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, opts.timeoutMs).unref())]);
    },
  };
}
