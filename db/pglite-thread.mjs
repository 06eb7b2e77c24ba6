// The embedded Postgres (PGlite) on its own thread. PGlite runs its queries
// synchronously in WebAssembly; on the main thread every statement stops
// HTTP handling for its whole duration. Here it runs beside the event loop:
// the main thread posts a statement and keeps answering requests.
//
// Plain JavaScript on purpose: a worker thread does not inherit the tsx loader
// the CLI registers at run time. The protocol is small and typed on the other
// side (db/pglite-thread-client.ts).
//
// Messages in:  { id, op: 'query'|'exec'|'begin'|'commit'|'rollback'|'close', text?, params?, tx?, urgent? }
// Messages out: { id, ok: true, rows?, affectedRows? } | { id, ok: false, error: { message, ...fields } }
//               { ready: true } once open, or { fatal: { message, ...fields } } if it cannot open.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { createPglite } from './pglite-template.mjs';

const ROLLBACK = Symbol('rollback');

/** Copies what a caller may look at (Postgres' code, detail, constraint…); a thread cannot pass the Error itself. */
function describe(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function') continue;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) continue;
    fields[key] = value;
  }
  return fields;
}

let db;
try {
  db = await createPglite(PGlite, workerData?.dataDir || undefined);
  parentPort.postMessage({ ready: true });
} catch (error) {
  parentPort.postMessage({ fatal: describe(error) });
  process.exit(1);
}

/** Open transactions: PGlite's own lock keeps every other statement out until each ends. */
const transactions = new Map();

function begin(txId) {
  return new Promise((started, failed) => {
    let finish;
    const decided = new Promise((resolve) => {
      finish = resolve;
    });
    const done = db
      .transaction(async (tx) => {
        started(tx);
        if ((await decided) === 'rollback') throw ROLLBACK;
      })
      .catch((error) => {
        if (error !== ROLLBACK) throw error;
      });
    transactions.set(txId, { finish, done });
    done.catch((error) => {
      transactions.delete(txId);
      failed(error);
    });
  }).then((tx) => {
    transactions.get(txId).conn = tx;
  });
}

async function end(txId, action) {
  const open = transactions.get(txId);
  if (!open) throw new Error(`no open transaction ${txId}`);
  transactions.delete(txId);
  open.finish(action);
  await open.done;
}

function connection(txId) {
  if (txId === undefined) return db;
  const conn = transactions.get(txId)?.conn;
  if (!conn) throw new Error(`no open transaction ${txId}`);
  return conn;
}

async function run(message) {
  switch (message.op) {
    case 'query': {
      const r = await connection(message.tx).query(message.text, message.params ?? []);
      return { rows: r.rows, affectedRows: r.affectedRows ?? 0 };
    }
    case 'exec':
      await connection(message.tx).exec(message.text);
      return {};
    case 'begin':
      await begin(message.tx);
      return {};
    case 'commit':
    case 'rollback':
      await end(message.tx, message.op);
      return {};
    case 'close':
      await db.close();
      return {};
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

// One statement at a time, chosen here rather than in arrival order: an open transaction's own
// statements first (nothing else may run inside it), then urgent ones (the webhook intake's insert,
// which a request is waiting on), then the rest (the queue worker's claims and updates).
const urgent = [];
const normal = [];
let running = false;

function next() {
  if (transactions.size > 0) {
    // Inside a transaction PGlite's lock is held: anything else would wait on it, and so would we.
    for (const list of [urgent, normal]) {
      const i = list.findIndex((m) => m.tx !== undefined && m.op !== 'begin' && transactions.has(m.tx));
      if (i >= 0) return list.splice(i, 1)[0];
    }
    return undefined;
  }
  return urgent.shift() ?? normal.shift();
}

async function pump() {
  if (running) return;
  running = true;
  try {
    for (let message = next(); message !== undefined; message = next()) {
      try {
        const result = await run(message);
        parentPort.postMessage({ id: message.id, ok: true, ...result });
      } catch (error) {
        parentPort.postMessage({ id: message.id, ok: false, error: describe(error) });
      }
    }
  } finally {
    running = false;
  }
}

parentPort.on('message', (message) => {
  (message.urgent ? urgent : normal).push(message);
  void pump();
});
