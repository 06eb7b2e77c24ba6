import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { createDispatcher } from '../../../../plugins/core/events/dispatcher';
import { EVENT_JOB, readEventJob } from '../../../../plugins/core/events/dispatcher-jobs';
import { openIntakeJournal } from '../../../../plugins/core/intake/intake-journal';
import {
  createTwentyEventsHandler,
  type IntakeRequest,
  secretFingerprint,
} from '../../../../plugins/core/intake/twenty-events';
import type { PluginContext } from '../../../../plugins/core/plugin/plugin-context';
import { createQueue } from '../../../../plugins/core/queue/queue';
import { createRecordingLogger } from '../../../../plugins/core/runtime/logger';
import { createOwnWrites } from '../../../../plugins/core/store/own-writes';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import { signTwentyWebhook } from '../../../../sdk/index';

const SECRET = 'test-webhook-secret-0123456789';
const WEBHOOK_ID = '6f1c2a5e-2a7b-4c3e-9d7f-0a1b2c3d4e5f';

function serverPayload(over: { object?: string; action?: string; id?: string; updatedAt?: string } = {}) {
  const object = over.object ?? 'unit';
  return {
    targetUrl: 'http://localhost:4000/webhooks/twenty',
    eventName: `${object}.${over.action ?? 'updated'}`,
    objectMetadata: { id: randomUUID(), nameSingular: object },
    workspaceId: randomUUID(),
    webhookId: WEBHOOK_ID,
    eventDate: '2025-03-01T09:00:01.000Z',
    record: {
      id: over.id ?? randomUUID(),
      updatedAt: over.updatedAt ?? '2025-03-01T09:00:00.000Z',
      status: 'FREE',
    },
    updatedFields: ['status'],
  };
}

function signed(payload: unknown, opts: { secret?: string; timestamp?: number } = {}): IntakeRequest {
  const rawBody = JSON.stringify(payload);
  const headers = signTwentyWebhook({
    secret: opts.secret ?? SECRET,
    body: rawBody,
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
  });
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    rawBody: Buffer.from(rawBody),
  };
}

describe('Twenty webhook intake', () => {
  let store: Store;
  const log = createRecordingLogger();
  const handler = () =>
    createTwentyEventsHandler({ store, secret: SECRET, log, knownObjects: ['unit', 'auction'] });

  before(async () => {
    store = await openStore();
    await store.readModel.register(['unit']);
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    await store.sql.query('delete from realty_queue');
    log.lines.length = 0;
  });

  const queued = async () => (await store.queue.stats()).pending;

  it('accepts a signed event with 202 and enqueues it once', async () => {
    const intake = handler();
    const payload = serverPayload();
    const res = await intake(signed(payload));
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { status: 'queued' });
    const [job] = await store.queue.claim(1);
    assert.equal(job.kind, EVENT_JOB);
    const { event, source } = readEventJob(job.payload);
    assert.equal(source, 'webhook');
    assert.equal(event.eventName, 'unit.updated');
    assert.equal(event.record.id, payload.record.id);
    assert.deepEqual(event.updatedFields, ['status']);
  });

  it('accepts the documented payload shape too', async () => {
    const intake = handler();
    const res = await intake(
      signed({
        event: 'auction.created',
        data: { id: randomUUID(), updatedAt: '2025-01-01T00:00:00Z' },
        timestamp: 1,
      }),
    );
    assert.equal(res.status, 202);
    assert.equal(await queued(), 1);
  });

  it('rejects a forged signature with 401, a diagnosis and nothing enqueued', async () => {
    const res = await handler()(signed(serverPayload(), { secret: 'someone-elses-secret-000000' }));
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'signature_mismatch');
    assert.match(String(res.body.message), /^Подпись не сходится.*TWENTY_WEBHOOK_SECRET/);
    assert.equal(await queued(), 0);
  });

  it('answers every refusal in the one error body, Russian unless the caller asks for English', async () => {
    const forged = signed(serverPayload(), { secret: 'someone-elses-secret-000000' });
    const ru = await handler()(forged);
    assert.deepEqual(Object.keys(ru.body).sort(), ['code', 'message', 'status']);
    assert.equal(ru.body.status, 401);
    const en = await handler()({ ...forged, headers: { ...forged.headers, 'accept-language': 'en' } });
    assert.deepEqual(
      { status: en.body.status, code: en.body.code },
      { status: 401, code: 'signature_mismatch' },
    );
    assert.match(String(en.body.message), /does not match HMAC-SHA256.*TWENTY_WEBHOOK_SECRET/);
    const get = await handler()({ method: 'GET', headers: {}, rawBody: '' });
    assert.deepEqual(get.body, {
      status: 405,
      code: 'method_not_allowed',
      message: 'Twenty присылает вебхуки методом POST',
    });
    const notEvent = await handler()(signed({ hello: 'world' }));
    assert.deepEqual(
      { status: notEvent.body.status, code: notEvent.body.code, error: notEvent.body.error },
      { status: 400, code: 'bad_webhook_payload', error: undefined },
    );
    assert.match(String(notEvent.body.message), /^Тело вебхука — не событие Twenty/);
  });

  it('rejects a body changed after signing', async () => {
    const req = signed(serverPayload());
    const tampered = JSON.parse(String(req.rawBody));
    tampered.record.status = 'SOLD';
    const res = await handler()({ ...req, rawBody: JSON.stringify(tampered) });
    assert.equal(res.status, 401);
    assert.equal(await queued(), 0);
  });

  it('rejects an unsigned delivery', async () => {
    const res = await handler()({ method: 'POST', headers: {}, rawBody: JSON.stringify(serverPayload()) });
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'missing_signature');
    assert.equal(await queued(), 0);
  });

  it('rejects a stale signature and a replay of an old delivery', async () => {
    const old = Date.now() - 10 * 60_000;
    const res = await handler()(signed(serverPayload(), { timestamp: old }));
    assert.equal(res.status, 401);
    assert.equal(res.body.code, 'timestamp_out_of_window');
    assert.equal(await queued(), 0);
  });

  it('answers a replay within the window as a duplicate and enqueues nothing more', async () => {
    const intake = handler();
    const original = signed(serverPayload());
    assert.equal((await intake(original)).status, 202);
    const replay = await intake(original);
    assert.equal(replay.status, 200);
    assert.deepEqual(replay.body, { status: 'duplicate' });
    assert.equal(await queued(), 1);
  });

  it('treats a re-delivery of the same change with a new signature as a duplicate', async () => {
    const intake = handler();
    const payload = serverPayload();
    await intake(signed(payload));
    const again = await intake(
      signed({ ...payload, eventDate: '2025-03-01T09:00:05.000Z' }, { timestamp: Date.now() + 1 }),
    );
    assert.deepEqual(again.body, { status: 'duplicate' });
    assert.equal(await queued(), 1);
  });

  it('queues a later change of the same record as a new event', async () => {
    const intake = handler();
    const id = randomUUID();
    await intake(signed(serverPayload({ id, updatedAt: '2025-03-01T09:00:00.000Z' })));
    const res = await intake(signed(serverPayload({ id, updatedAt: '2025-03-01T09:00:02.000Z' })));
    assert.equal(res.status, 202);
    assert.equal(await queued(), 2);
  });

  it('answers malformed JSON with 400 and enqueues nothing', async () => {
    const rawBody = '{"eventName": "unit.updated", "record": ';
    const res = await handler()({
      method: 'POST',
      headers: signTwentyWebhook({ secret: SECRET, body: rawBody }),
      rawBody,
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.code, 'bad_webhook_payload');
    assert.equal(await queued(), 0);
  });

  it('answers valid JSON that is not a Twenty event with 400', async () => {
    const res = await handler()(signed({ hello: 'world' }));
    assert.equal(res.status, 400);
    assert.equal(await queued(), 0);
  });

  it('acknowledges and counts an event for an object no plugin handles, without queueing it', async () => {
    const intake = handler();
    const res = await intake(signed(serverPayload({ object: 'note' })));
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ignored');
    assert.equal(await queued(), 0);
    assert.deepEqual(intake.stats().ignoredObjects, { note: 1 });
    assert.equal(intake.stats().outcomes.ignored, 1);
  });

  /** Runs every queued event job through a dispatcher with one handler; returns the records it ran on. */
  const dispatchQueued = async (): Promise<string[]> => {
    const ran: string[] = [];
    const dispatcher = createDispatcher({
      store,
      handlers: [{ plugin: 'test', pattern: 'unit.*', name: 'note', run: (e) => void ran.push(e.record.id) }],
      context: {} as PluginContext,
      log,
    });
    for (let jobs = await store.queue.claim(50); jobs.length > 0; jobs = await store.queue.claim(50)) {
      for (const job of jobs) {
        await dispatcher.handleJob(job);
        await store.queue.complete(job.id);
      }
    }
    return ran;
  };

  it('queues the echo of a handler’s own write: the replica shows it, the handler that wrote it does not run on it', async () => {
    const intake = handler();
    const id = randomUUID();
    store.ownWrites.record(
      {
        object: 'unit',
        id,
        updatedAt: '2025-03-01T09:00:00.000Z',
        operation: 'update',
      },
      { plugin: 'test', kind: 'handler', name: 'note' },
    );
    const res = await intake(signed(serverPayload({ id })));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: 'echo' });
    assert.equal(intake.stats().outcomes.echo, 1);
    assert.equal(await queued(), 1, 'queued, so the replica shows it even if this process stops now');
    const ran = await dispatchQueued();
    assert.deepEqual(
      ran.filter((r) => r === id),
      [],
      'no handler job for the write test/note made itself',
    );
    const replica = await store.readModel.get('unit', id);
    assert.equal(replica?.data.status, 'FREE');
  });

  it('does not mistake a human change after our write for an echo', async () => {
    const intake = handler();
    const id = randomUUID();
    store.ownWrites.record({
      object: 'unit',
      id,
      updatedAt: '2025-03-01T09:00:00.000Z',
      operation: 'update',
    });
    const res = await intake(signed(serverPayload({ id, updatedAt: '2025-03-01T09:00:09.000Z' })));
    assert.equal(res.status, 202);
    assert.deepEqual(await dispatchQueued(), [id]);
  });

  it('recognises the echo of a write made by another process, from the table, before any handler runs', async () => {
    const intake = handler();
    const id = randomUUID();
    // Another instance of the runtime wrote this record: this process's memory has never seen it.
    const elsewhere = createOwnWrites({ sql: store.sql, clock: store.clock, log });
    elsewhere.record(
      { object: 'unit', id, updatedAt: '2025-03-01T09:00:00.000Z', operation: 'update' },
      { plugin: 'test', kind: 'handler', name: 'note' },
    );
    await elsewhere.flush();
    const news = serverPayload({ updatedAt: '2025-03-01T09:00:00.000Z' });
    const answers = await Promise.all([intake(signed(serverPayload({ id }))), intake(signed(news))]);
    assert.deepEqual(
      answers.map((a) => a.status),
      [202, 202],
      'the intake answers without a query of its own; the dispatcher asks the table',
    );
    assert.deepEqual(
      await dispatchQueued(),
      [news.record.id],
      'the table named test/note as the writer: only the change made by a person ran it',
    );
    assert.equal(
      (await store.readModel.get('unit', id))?.data.status,
      'FREE',
      'the echo reached the replica',
    );
  });

  it('accepts a change once when its deliveries land in the same batch', async () => {
    const intake = handler();
    const payload = serverPayload();
    const other = serverPayload();
    const answers = await Promise.all([
      intake(signed(payload)),
      intake(signed(other)),
      intake(signed(payload, { timestamp: Date.now() + 1 })),
      intake(signed(payload, { timestamp: Date.now() + 2 })),
    ]);
    assert.deepEqual(
      answers.map((a) => a.body.status),
      ['queued', 'queued', 'duplicate', 'duplicate'],
    );
    assert.equal(await queued(), 2);
  });

  it('answers every delivery of a batch the store could not write with 503, and queues none of them', async () => {
    const failingSql = {
      ...store.sql,
      query: (async (text: string, params?: unknown[]) => {
        if (text.includes('insert into realty_queue')) throw new Error('connection terminated');
        return store.sql.query(text, params);
      }) as typeof store.sql.query,
    };
    const intake = createTwentyEventsHandler({
      store: { ...store, queue: createQueue(failingSql) },
      secret: SECRET,
      log,
      knownObjects: ['unit'],
    });
    const answers = await Promise.all(Array.from({ length: 10 }, () => intake(signed(serverPayload()))));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(10).fill(503),
    );
    assert.equal(await queued(), 0);
    assert.equal(intake.stats().outcomes.failed, 10);
  });

  it('acknowledges the rest of a batch when one delivery cannot be stored, and only what was stored', async () => {
    const intake = handler();
    const payloads = Array.from({ length: 6 }, () => serverPayload());
    // Postgres refuses a NUL character in jsonb: this one event cannot be queued.
    (payloads[2].record as Record<string, unknown>).status = 'FREE\u0000';
    const answers = await Promise.all(payloads.map((p) => intake(signed(p))));
    assert.deepEqual(
      answers.map((a) => a.status),
      [202, 202, 503, 202, 202, 202],
    );
    const rows = await store.sql.query<{ id: string }>(
      `select payload->'event'->'record'->>'id' as id from realty_queue`,
    );
    assert.deepEqual(
      rows.rows.map((r) => r.id).sort(),
      payloads
        .filter((_, i) => i !== 2)
        .map((p) => p.record.id)
        .sort(),
    );
  });

  it('refuses GET with 405', async () => {
    const res = await handler()({ method: 'GET', headers: {}, rawBody: '' });
    assert.equal(res.status, 405);
  });

  it('never writes the secret to its log or its answers', async () => {
    const intake = handler();
    const answers = [
      await intake(signed(serverPayload(), { secret: 'wrong-secret-wrong-secret' })),
      await intake({ method: 'POST', headers: {}, rawBody: '{}' }),
      await intake(signed(serverPayload(), { timestamp: 1 })),
    ];
    const text = JSON.stringify({ lines: log.lines, answers });
    assert.ok(!text.includes(SECRET));
    assert.ok(text.includes(secretFingerprint(SECRET)), 'logs the fingerprint instead');
  });

  it('refuses to start without a secret', () => {
    assert.throws(() => createTwentyEventsHandler({ store, secret: '', log }), /TWENTY_WEBHOOK_SECRET/);
  });

  it('enqueues 200 concurrent signed deliveries exactly once each, answering fast', async () => {
    const intake = handler();
    const payloads = Array.from({ length: 200 }, () => serverPayload());
    const requests = payloads.map((p) => signed(p));
    const durations: number[] = [];
    const timed = async (req: IntakeRequest) => {
      const t = performance.now();
      const res = await intake(req);
      durations.push(performance.now() - t);
      return res;
    };
    // Every delivery twice, concurrently: Twenty-side duplicates must collapse.
    const results = await Promise.all([...requests, ...requests].map(timed));
    assert.equal(results.filter((r) => r.status === 202).length, 200);
    assert.equal(results.filter((r) => r.body.status === 'duplicate').length, 200);
    const rows = await store.sql.query<{ n: number; ids: number }>(
      `select count(*)::int as n, count(distinct payload->'event'->'record'->>'id')::int as ids from realty_queue`,
    );
    assert.deepEqual(rows.rows[0], { n: 200, ids: 200 });
    durations.sort((a, b) => a - b);
    const p99 = durations[Math.floor(durations.length * 0.99) - 1];
    console.log(
      `intake: 400 concurrent deliveries, p50 ${durations[200].toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
    );
  });
});

describe('Twenty webhook intake with a journal (the embedded store)', () => {
  let store: Store;
  let home: string;
  const log = createRecordingLogger();

  before(async () => {
    store = await openStore();
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'realty-intake-journal-'));
    await store.sql.query('delete from realty_queue');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('answers without waiting for the database, and the event reaches the queue once it is free', async () => {
    const journal = await openIntakeJournal({ dir: join(home, 'journal'), queue: store.queue, log });
    const intake = createTwentyEventsHandler({ store, secret: SECRET, log, journal });
    // The database is busy (a transaction holds it) for the whole delivery.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const busy = store.sql.transaction(async (tx) => {
      await tx.query('select 1');
      await held;
    });
    const payload = serverPayload();
    // Were the answer to wait for the database, it would never come: the database is released after it.
    const res = await Promise.race([
      intake(signed(payload)),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the intake waited for the held database')), 10_000).unref(),
      ),
    ]);
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { status: 'queued' });
    const again = await intake(signed(payload));
    assert.deepEqual(again.body, { status: 'duplicate' }, 'a redelivery is recognised without the database');
    release();
    await busy;
    await journal.flush();
    const rows = await store.sql.query<{ id: string }>(
      `select payload->'event'->'record'->>'id' as id from realty_queue`,
    );
    assert.deepEqual(
      rows.rows.map((r) => r.id),
      [payload.record.id],
    );
    assert.equal(intake.stats().journal?.moved, 1);
    await journal.close();
  });

  it('queues directly when the journal cannot be written, and says so in the log', async () => {
    const journal = await openIntakeJournal({ dir: join(home, 'journal'), queue: store.queue, log });
    await journal.close(); // appends now throw, as a full disk would make them
    const intake = createTwentyEventsHandler({ store, secret: SECRET, log, journal });
    const res = await intake(signed(serverPayload()));
    assert.equal(res.status, 202);
    assert.equal((await store.queue.stats()).pending, 1);
    assert.ok(
      log.lines.some((l) => /could not journal a Twenty event; queueing it directly/.test(String(l.msg))),
    );
  });
});
