/**
 * The intake journal: a delivery is durable the moment `append` returns, it
 * reaches the queue once, and nothing is lost when the store is down or the
 * process is killed before the move.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { JOURNAL_SUFFIX, openIntakeJournal } from '../../../../plugins/core/intake/intake-journal';
import type { EnqueueItem } from '../../../../plugins/core/queue/queue';
import { createRecordingLogger } from '../../../../plugins/core/runtime/logger';
import { openStore, type Store } from '../../../../plugins/core/store/store';

const item = (n: number): EnqueueItem => ({
  kind: 'twenty.event',
  payload: { n, text: `событие ${n}` },
  dedupeKey: `webhook:test:unit.updated:${n}`,
});

const files = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith(JOURNAL_SUFFIX));

describe('intake journal', () => {
  let store: Store;
  let home: string;
  let dir: string;
  const log = createRecordingLogger();

  before(async () => {
    store = await openStore();
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    home = mkdtempSync(join(tmpdir(), 'realty-journal-'));
    dir = join(home, 'store.journal');
    log.lines.length = 0;
    await store.sql.query('delete from realty_queue');
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const queuedKeys = async (): Promise<string[]> =>
    (await store.sql.query<{ k: string }>('select dedupe_key as k from realty_queue order by id')).rows.map(
      (r) => r.k,
    );

  it('has the line on disk when append returns, then moves it into the queue and deletes the file', async () => {
    const moved: number[] = [];
    const journal = await openIntakeJournal({ dir, queue: store.queue, log, onMoved: (n) => moved.push(n) });
    assert.equal(journal.append(item(1)), 'journaled');
    const [file] = files(dir);
    assert.ok(file, 'a journal file exists before any database work');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, file), 'utf8').trim()), item(1));
    await journal.flush();
    assert.deepEqual(await queuedKeys(), [item(1).dedupeKey]);
    assert.deepEqual(files(dir), [], 'the file went once its lines were committed');
    assert.deepEqual(moved, [1], 'the worker is woken once per move');
    assert.deepEqual(journal.stats(), {
      waiting: 0,
      moved: 1,
      duplicatesDropped: 0,
      failedMoves: 0,
      recovered: 0,
    });
    await journal.close();
  });

  it('answers "duplicate" for a key it journaled recently, and the queue drops older repeats', async () => {
    await store.queue.enqueue('twenty.event', { n: 2 }, { dedupeKey: item(2).dedupeKey });
    const journal = await openIntakeJournal({ dir, queue: store.queue, log });
    assert.equal(journal.append(item(1)), 'journaled');
    assert.equal(journal.append(item(1)), 'duplicate');
    assert.equal(journal.append(item(2)), 'journaled', 'queued long ago: only the queue knows');
    await journal.flush();
    assert.deepEqual(await queuedKeys(), [item(2).dedupeKey, item(1).dedupeKey]);
    assert.equal(journal.stats().duplicatesDropped, 1);
    await journal.close();
  });

  it('keeps the lines on disk while the store refuses them, and queues them once at the next start', async () => {
    const down = {
      enqueueMany: async (): Promise<boolean[]> => {
        throw new Error('connection refused');
      },
    };
    const first = await openIntakeJournal({ dir, queue: down, log });
    for (let n = 1; n <= 5; n++) assert.equal(first.append(item(n)), 'journaled');
    await assert.rejects(first.flush(), /connection refused/);
    assert.equal(first.stats().failedMoves >= 1, true);
    assert.equal(first.stats().waiting, 5);
    assert.ok(
      log.lines.some((l) => /stay on disk and are retried/.test(String(l.msg))),
      'the failure is logged with what happens next',
    );
    await first.close();
    assert.equal(files(dir).length >= 1, true, 'nothing was deleted');

    const second = await openIntakeJournal({ dir, queue: store.queue, log });
    assert.equal(second.stats().recovered, 5);
    assert.deepEqual(
      await queuedKeys(),
      [1, 2, 3, 4, 5].map((n) => item(n).dedupeKey),
    );
    assert.deepEqual(files(dir), []);
    await second.close();
  });

  it('retries a failed move by itself once the store answers again', async () => {
    let refuse = true;
    const flaky = {
      enqueueMany: (items: readonly EnqueueItem[]) =>
        refuse ? Promise.reject(new Error('store restarting')) : store.queue.enqueueMany(items),
    };
    const journal = await openIntakeJournal({ dir, queue: flaky, log });
    journal.append(item(7));
    await assert.rejects(journal.flush(), /store restarting/);
    refuse = false;
    const deadline = Date.now() + 5_000;
    while ((await queuedKeys()).length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(await queuedKeys(), [item(7).dedupeKey]);
    await journal.close();
  });

  it('skips an unfinished last line (a write the crash cut) and names the file and line', async () => {
    const journal = await openIntakeJournal({
      dir,
      queue: { enqueueMany: () => new Promise(() => {}) },
      log,
    });
    journal.append(item(1));
    journal.append(item(2));
    const [file] = files(dir);
    assert.ok(file);
    appendFileSync(join(dir, file), '{"kind":"twenty.event","payl');
    // No close: the process "died" here.
    const recovered = await openIntakeJournal({ dir, queue: store.queue, log });
    assert.deepEqual(await queuedKeys(), [item(1).dedupeKey, item(2).dedupeKey]);
    const warning = log.lines.find((l) => /unreadable journal line/.test(String(l.msg)));
    assert.ok(warning, 'the skipped line is reported');
    assert.match(JSON.stringify(warning), new RegExp(`${file}, line 3: .*unfinished last line`));
    await recovered.close();
  });

  it('replays a file whose lines were already queued (a crash before the delete) without a second job', async () => {
    await store.queue.enqueueMany([item(1), item(2)]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `000000000000001-1-000000001${JOURNAL_SUFFIX}`),
      `${JSON.stringify(item(1))}\n${JSON.stringify(item(2))}\n`,
    );
    const journal = await openIntakeJournal({ dir, queue: store.queue, log });
    assert.deepEqual(await queuedKeys(), [item(1).dedupeKey, item(2).dedupeKey]);
    assert.equal(journal.stats().duplicatesDropped, 2);
    assert.equal(journal.stats().moved, 0);
    await journal.close();
  });
});

describe('intake journal across a killed process', () => {
  const home = mkdtempSync(join(tmpdir(), 'realty-journal-kill-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('queues every acknowledged delivery after SIGKILL right behind the acknowledgements', async () => {
    const script = join(home, 'killed.mts');
    const root = process.cwd();
    writeFileSync(
      script,
      `import { openIntakeJournal } from ${JSON.stringify(join(root, 'plugins/core/intake/intake-journal.ts'))};
       import { openStore } from ${JSON.stringify(join(root, 'plugins/core/store/store.ts'))};
       import { silentLogger } from ${JSON.stringify(join(root, 'plugins/core/runtime/logger.ts'))};
       const store = await openStore({ dataDir: ${JSON.stringify(join(home, 'store'))} });
       const journal = await openIntakeJournal({ dir: ${JSON.stringify(join(home, 'store.journal'))}, queue: store.queue, log: silentLogger });
       for (let n = 1; n <= 50; n++) {
         journal.append({ kind: 'twenty.event', payload: { n }, dedupeKey: 'webhook:kill:' + n });
         process.stdout.write('acked ' + n + '\\n');
       }
       // Killed in the same turn as the last answer: nothing was moved into the queue.
       process.kill(process.pid, 'SIGKILL');
      `,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(child.signal, 'SIGKILL', child.stderr);
    const acked = child.stdout.split('\n').filter((l) => l.startsWith('acked ')).length;
    assert.equal(acked, 50);

    const store = await openStore({ dataDir: join(home, 'store') });
    try {
      assert.equal((await store.queue.stats()).pending, 0, 'the killed process queued nothing itself');
      const log = createRecordingLogger();
      const journal = await openIntakeJournal({ dir: join(home, 'store.journal'), queue: store.queue, log });
      const keys = (
        await store.sql.query<{ k: string }>('select dedupe_key as k from realty_queue')
      ).rows.map((r) => r.k);
      assert.equal(keys.length, 50, 'every acknowledged delivery is in the queue');
      assert.equal(new Set(keys).size, 50);
      assert.equal(journal.stats().recovered, 50);
      assert.ok(log.lines.some((l) => /stopped before queueing them/.test(String(l.msg))));
      await journal.close();
    } finally {
      await store.close();
    }
  });
});
