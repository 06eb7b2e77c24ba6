/**
 * Issue "runtime" figure: the Twenty webhook intake acknowledges 200
 * concurrent signed deliveries with p99 ≤ 20 ms, loses none and processes
 * none twice. Realistic set-up: the intake route on a real Fastify server,
 * the store on PGlite, the dispatcher's worker draining the queue at the same
 * time (it shares the one PGlite connection, as in `realty start`), and
 * keep-alive HTTP clients posting signed bodies.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { systemClock } from '../plugins/core/clock';
import { loadConfig } from '../plugins/core/config';
import { createDispatcher, DISPATCHER_JOB_KINDS } from '../plugins/core/dispatcher';
import { EVENT_JOB } from '../plugins/core/dispatcher-jobs';
import { silentLogger } from '../plugins/core/logger';
import { startWorker } from '../plugins/core/queue-worker';
import { openStore } from '../plugins/core/store/store';
import { createTwentyClient, signTwentyWebhook } from '../sdk/index';
import { registerTwentyEventsRoute, TWENTY_EVENTS_PATH } from '../webhooks/fastify-twenty-events';
import { createTwentyEventsHandler } from '../webhooks/twenty-events';
import { defineBench } from './harness';

const SECRET = 'bench-webhook-secret-0123456789abcdef';
const CONCURRENT = 200;
const ROUNDS = 5;
const WARMUP_ROUNDS = 2;
const P99_TARGET_MS = 20;

interface Delivery {
  recordId: string;
  body: string;
}

function delivery(webhookId: string, recordId = randomUUID(), updatedAt = new Date().toISOString()): Delivery {
  const body = JSON.stringify({
    targetUrl: 'http://127.0.0.1/webhooks/twenty',
    eventName: 'unit.updated',
    objectMetadata: { id: '0d5a2c4e-8f51-4c7a-9d1e-3b2a1f0e9c8d', nameSingular: 'unit' },
    workspaceId: '1e2d3c4b-5a69-4788-97a6-b5c4d3e2f1a0',
    webhookId,
    eventDate: updatedAt,
    record: { id: recordId, updatedAt, status: 'FREE', floor: 7, number: `${recordId.slice(0, 4)}` },
    updatedFields: ['status'],
  });
  return { recordId, body };
}

async function post(url: string, d: Delivery): Promise<{ ms: number; status: number; outcome: string }> {
  // Signed at send time like Twenty (a fresh timestamp and nonce on every attempt).
  const headers = { 'content-type': 'application/json', ...signTwentyWebhook({ secret: SECRET, body: d.body }) };
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers, body: d.body });
  const json = (await res.json()) as { status?: string };
  return { ms: performance.now() - started, status: res.status, outcome: json.status ?? `http ${res.status}` };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export default defineBench({
  name: 'webhook-intake',
  description: `${CONCURRENT} concurrent signed Twenty deliveries over HTTP into the intake (PGlite store), ${ROUNDS} rounds`,
  async run({ report, progress }) {
    const store = await openStore();
    const app = Fastify();
    const runs = new Map<string, number>();
    const dispatcher = createDispatcher({
      store,
      handlers: [
        {
          plugin: 'bench',
          pattern: 'unit.updated',
          name: 'count',
          run: (event) => void runs.set(event.record.id, (runs.get(event.record.id) ?? 0) + 1),
        },
      ],
      context: {
        twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused' }),
        store,
        clock: systemClock,
        log: silentLogger,
        config: loadConfig({}),
      },
      log: silentLogger,
    });
    const worker = startWorker({ queue: store.queue, handle: dispatcher.handleJob, kinds: DISPATCHER_JOB_KINDS });
    try {
      const intake = createTwentyEventsHandler({
        store,
        secret: SECRET,
        log: silentLogger,
        knownObjects: dispatcher.isKnownObject,
        onEnqueued: () => worker.wake(),
      });
      await registerTwentyEventsRoute(app, intake);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const url = `http://127.0.0.1:${port}${TWENTY_EVENTS_PATH}`;
      const webhookId = randomUUID();

      const round = (deliveries: readonly Delivery[]) => Promise.all(deliveries.map((d) => post(url, d)));
      for (let i = 0; i < WARMUP_ROUNDS; i++) {
        await round(Array.from({ length: CONCURRENT }, () => delivery(webhookId)));
      }
      await worker.idle();
      await store.sql.query('delete from realty_queue');
      runs.clear();

      const sent: Delivery[] = [];
      const durations: number[] = [];
      const statuses = new Map<string, number>();
      for (let i = 0; i < ROUNDS; i++) {
        const deliveries = Array.from({ length: CONCURRENT }, () => delivery(webhookId));
        sent.push(...deliveries);
        for (const r of await round(deliveries)) {
          durations.push(r.ms);
          statuses.set(r.outcome, (statuses.get(r.outcome) ?? 0) + 1);
        }
        progress(`round ${i + 1}/${ROUNDS}: ${CONCURRENT} deliveries answered`);
      }
      // Twenty re-sending changes it already sent (same record version, new signature): all must collapse.
      const redelivered = await round(sent.slice(0, CONCURRENT));
      const redeliveredAccepted = redelivered.filter((r) => r.outcome !== 'duplicate').length;

      await worker.idle();
      const rows = await store.sql.query<{ id: string }>(
        `select payload->'event'->'record'->>'id' as id from realty_queue where kind = $1`,
        [EVENT_JOB],
      );
      const queued = new Set(rows.rows.map((r) => r.id));
      const lost = sent.filter((d) => !queued.has(d.recordId) || runs.get(d.recordId) === undefined).length;
      const doubleQueued = rows.rows.length - queued.size;
      const doubleRun = [...runs.values()].filter((n) => n > 1).length;

      durations.sort((a, b) => a - b);
      const p50 = percentile(durations, 50);
      const p99 = percentile(durations, 99);
      const details = {
        deliveries: durations.length,
        p50Ms: Number(p50.toFixed(2)),
        maxMs: Number(durations[durations.length - 1].toFixed(2)),
        queueRows: rows.rows.length,
        outcomes: [...statuses].map(([k, v]) => `${k}:${v}`).join(' '),
      };
      report({
        name: `p99 acknowledgement, ${CONCURRENT} concurrent deliveries`,
        value: p99,
        unit: 'ms',
        target: P99_TARGET_MS,
        comparison: 'atMost',
        details,
      });
      report({ name: 'deliveries lost (no queue row or no handler run)', value: lost, unit: 'events', target: 0, comparison: 'atMost' });
      report({
        name: 'changes processed twice (queue rows or handler runs)',
        value: doubleQueued + doubleRun + redeliveredAccepted,
        unit: 'events',
        target: 0,
        comparison: 'atMost',
        details: { doubleQueued, doubleRun, redeliveredAccepted },
      });
    } finally {
      await worker.stop();
      await app.close();
      await store.close();
    }
  },
});
