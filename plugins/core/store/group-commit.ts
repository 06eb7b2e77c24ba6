/**
 * Group commit: callers that arrive while a statement is running (or in the
 * same turn of the event loop) are written together by the next one, and
 * each caller gets its own result. PGlite runs one query at a time, so 200
 * concurrent webhook deliveries as 200 single-row inserts queue behind each
 * other; as one or two multi-row statements they are answered in
 * milliseconds. No timer is needed: under no load a lone caller is flushed at
 * once (after the current turn), and under load the batch is exactly what
 * piled up while the previous statement ran.
 */

/** A result slot meaning "this item failed, the others did not": its caller's promise rejects with `error`. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

export interface GroupCommitOptions<I, O> {
  /**
   * Writes a batch and returns one result per item, in order (an `ItemFailure` rejects that item only).
   * A throw fails every item of the batch.
   */
  run(items: I[]): Promise<Array<O | ItemFailure>>;
  /** Largest batch handed to `run` (default 500); more waiting items go in the next statement. */
  maxBatch?: number;
}

export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Resolves when nothing is waiting or being written. */
  drain(): Promise<void>;
}

export const DEFAULT_GROUP_COMMIT_BATCH = 500;

export class GroupCommitResultError extends Error {
  readonly code = 'group_commit_result_mismatch';
  constructor(expected: number, got: number) {
    super(`a group commit returned ${got} results for ${expected} items; every item must get exactly one`);
    this.name = 'GroupCommitResultError';
  }
}

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export function createGroupCommit<I, O>(options: GroupCommitOptions<I, O>): GroupCommit<I, O> {
  const maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_GROUP_COMMIT_BATCH);
  let waiting: Waiting<I, O>[] = [];
  let running = false;
  let scheduled = false;
  let drainers: Array<() => void> = [];

  const settleDrainers = (): void => {
    if (running || scheduled || waiting.length > 0) return;
    const list = drainers;
    drainers = [];
    for (const d of list) d();
  };

  const flush = async (): Promise<void> => {
    scheduled = false;
    if (running || waiting.length === 0) {
      settleDrainers();
      return;
    }
    running = true;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    try {
      const results = await options.run(batch.map((w) => w.item));
      if (results.length !== batch.length) throw new GroupCommitResultError(batch.length, results.length);
      batch.forEach((w, i) => {
        const result = results[i];
        if (result instanceof ItemFailure) w.reject(result.error);
        else w.resolve(result as O);
      });
    } catch (error) {
      // All or nothing: `run` is one statement, so no item of a failed batch was written.
      for (const w of batch) w.reject(error);
    } finally {
      running = false;
      if (waiting.length > 0) schedule();
      else settleDrainers();
    }
  };

  const schedule = (): void => {
    if (scheduled || running) return;
    scheduled = true;
    // setImmediate, not a microtask: requests whose bytes arrived in the same poll phase join this batch.
    setImmediate(() => void flush());
  };

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        schedule();
      });
    },
    drain() {
      if (!running && !scheduled && waiting.length === 0) return Promise.resolve();
      return new Promise<void>((resolve) => drainers.push(resolve));
    },
  };
}
