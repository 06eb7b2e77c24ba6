/**
 * What the durable queue (queue.ts) offers and hands out: its jobs, counts,
 * options and the Queue interface itself.
 */
import type { Clock } from '../runtime/clock';

export type JobStatus = 'pending' | 'running' | 'done' | 'dead';

export interface QueueJob<P = unknown> {
  id: string;
  kind: string;
  dedupeKey: string | null;
  payload: P;
  status: JobStatus;
  /** Claims so far, including the current one. */
  attempts: number;
  maxAttempts: number;
  runAfter: Date;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface QueueStats {
  pending: number;
  running: number;
  done: number;
  dead: number;
}

export interface QueueOptions {
  clock?: Clock;
  /** Default attempts before a job is dead-lettered (5). */
  maxAttempts?: number;
  /** How long a claim lasts before another worker may take the job (60 s). */
  leaseMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
}

export interface EnqueueOptions {
  dedupeKey?: string;
  runAfter?: Date;
  maxAttempts?: number;
}

export interface EnqueueItem extends EnqueueOptions {
  kind: string;
  payload: unknown;
}

export interface ClaimOptions {
  workerId?: string;
  leaseMs?: number;
  /** Only these kinds (default: all). */
  kinds?: readonly string[];
  batch?: { kinds: readonly string[]; n: number };
}

export interface Queue {
  /** False when a job with this dedupe key was already enqueued, whatever its status (C19 duplicates). */
  enqueue(kind: string, payload: unknown, options?: EnqueueOptions): Promise<boolean>;
  /**
   * One statement for all items: either every new row is written or none is. Per item, false when
   * its dedupe key was taken, by an existing job or by an earlier item of the same call.
   */
  enqueueMany(items: readonly EnqueueItem[]): Promise<boolean[]>;
  /**
   * Claims up to `n` ready jobs in one statement. With `batch`, jobs of `batch.kinds` are counted
   * apart: up to `batch.n` of them on top of the `n` of other kinds (a worker runs those together).
   */
  claim(n: number, options?: ClaimOptions): Promise<QueueJob[]>;
  /** Pushes the lease of a running job forward; false when the job is no longer this worker's. */
  extendLease(id: string, options?: { workerId?: string; leaseMs?: number }): Promise<boolean>;
  complete(id: string): Promise<void>;
  /** Marks many running jobs done with one statement. */
  completeMany(ids: readonly string[]): Promise<void>;
  /** Schedules a retry, or dead-letters the job when its attempts are spent. Returns the new status. */
  fail(id: string, error: unknown): Promise<'pending' | 'dead'>;
  deadLetters(options?: { limit?: number; kind?: string }): Promise<QueueJob[]>;
  /** Puts a dead job back in line with fresh attempts; false when no dead job has that id. */
  retryDead(id: string): Promise<boolean>;
  get(id: string): Promise<QueueJob | undefined>;
  stats(): Promise<QueueStats>;
  /** Deletes finished jobs older than `olderThanMs` (their dedupe keys are forgotten with them). */
  prune(olderThanMs: number): Promise<number>;
}
