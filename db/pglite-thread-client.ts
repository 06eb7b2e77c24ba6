/**
 * The `Sql` of an embedded PGlite that runs on its own worker thread
 * (db/pglite-thread.mjs). PGlite executes statements synchronously in
 * WebAssembly: in-process, a 10 ms statement is 10 ms during which no HTTP
 * request is read or answered. On a thread, the app's event loop stays free
 * — what the webhook intake needs to acknowledge deliveries in milliseconds
 * while the worker drains the queue.
 *
 * Same semantics as the in-process one: one statement at a time, a
 * transaction keeps every other statement out until it ends — except that
 * waiting statements flagged `urgent` go first, errors keep
 * Postgres' fields (`code`, `detail`, `constraint`…). The thread keeps the
 * process alive only while a statement is in flight, so a forgotten `close()`
 * does not hang a script.
 */
import { Worker } from 'node:worker_threads';
import type { QueryOptions, Sql, SqlResult } from './database';

type Operation = 'query' | 'exec' | 'begin' | 'commit' | 'rollback' | 'close';

interface Request {
  id: number;
  op: Operation;
  text?: string;
  params?: unknown[];
  tx?: number;
  urgent?: boolean;
}

interface ErrorFields {
  message: string;
  name?: string;
  [field: string]: unknown;
}

interface Success {
  id: number;
  ok: true;
  rows?: unknown[];
  affectedRows?: number;
}

type Answer =
  | { ready: true }
  | { fatal: ErrorFields }
  | Success
  | { id: number; ok: false; error: ErrorFields };

export class DatabaseThreadError extends Error {
  readonly code = 'database_thread_stopped';
  constructor(reason: string) {
    super(`the embedded database thread stopped: ${reason}`);
    this.name = 'DatabaseThreadError';
  }
}

/** The error as the thread described it, rebuilt with the same fields. */
function rebuild(fields: ErrorFields): Error {
  const { message, name, ...rest } = fields;
  const error = Object.assign(new Error(message), rest);
  if (name) error.name = name;
  return error;
}

export async function openPgliteThread(dataDir?: string): Promise<Sql> {
  const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), {
    workerData: { dataDir: dataDir ?? null },
  });
  const pending = new Map<number, { resolve(a: Answer): void; reject(e: Error): void }>();
  let nextId = 1;
  let nextTx = 1;
  let stopped: Error | undefined;

  const fail = (error: Error): void => {
    stopped ??= error;
    for (const p of pending.values()) p.reject(stopped);
    pending.clear();
    worker.unref();
  };

  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: Answer): void => {
      worker.off('error', onError);
      worker.off('message', onMessage);
      if ('fatal' in m) reject(rebuild(m.fatal));
      else resolve();
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(error);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });

  worker.on('message', (m: Answer) => {
    if (!('id' in m)) return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) worker.unref();
    p.resolve(m);
  });
  worker.on('error', (error) => fail(new DatabaseThreadError(error.message)));
  worker.on('exit', (code) => fail(new DatabaseThreadError(`it exited with code ${code}`)));
  worker.unref();

  const call = (request: Omit<Request, 'id'>): Promise<Success> => {
    if (stopped) return Promise.reject(stopped);
    const id = nextId++;
    if (pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      pending.set(id, {
        resolve: (answer) => {
          if ('ok' in answer && answer.ok) resolve(answer);
          else if ('error' in answer) reject(rebuild(answer.error));
        },
        reject,
      });
      worker.postMessage({ id, ...request });
    });
  };

  const connection = (tx?: number): Sql => ({
    async query<T>(text: string, params: unknown[] = [], options: QueryOptions = {}): Promise<SqlResult<T>> {
      const answer = await call({
        op: 'query',
        text,
        params,
        ...(tx === undefined ? {} : { tx }),
        ...(options.urgent ? { urgent: true } : {}),
      });
      return { rows: (answer.rows ?? []) as T[], affectedRows: answer.affectedRows ?? 0 };
    },
    async exec(text: string) {
      await call({ op: 'exec', text, ...(tx === undefined ? {} : { tx }) });
    },
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      if (tx !== undefined) return fn(connection(tx));
      const id = nextTx++;
      await call({ op: 'begin', tx: id });
      let result: T;
      try {
        result = await fn(connection(id));
      } catch (error) {
        await call({ op: 'rollback', tx: id }).catch(() => undefined);
        throw error;
      }
      await call({ op: 'commit', tx: id });
      return result;
    },
    async close() {
      if (tx !== undefined || stopped) return;
      await call({ op: 'close' });
      stopped = new DatabaseThreadError('it was closed');
      await worker.terminate();
    },
  });

  return connection();
}
