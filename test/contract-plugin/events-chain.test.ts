/**
 * Events between plugins, end to end (issue 21): a note written by a route starts a chain that
 * notes-demo (A) and notes-relay (B) hand back and forth through Twenty's webhooks — A's write
 * reaches B, B's write reaches A — and it settles: each handler runs once per note the other side
 * (or the route) wrote, never on its own writes, and the chain ends at CHAIN_END with every note
 * there once. Real devhost HTTP, real webhooks into the app's intake, real PGlite queue.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registryPlugin } from '../../plugins/registry/index';
import { type AppStack, startAppStack } from '../support/app-stack';
import { sleep, waitFor } from '../support/wait';
import { CHAIN_END, chainStep, notesRelayPlugin } from './chain';
import { notesDemoPlugin } from './index';

let stack: AppStack;

before(async () => {
  stack = await startAppStack({
    name: 'events-chain',
    plugins: [registryPlugin, notesDemoPlugin, notesRelayPlugin],
    webhook: true,
    rateLimit: { requestsPerMinute: 60_000, requestsPerSecond: 1_000 },
    devhostRequestsPerMinute: 60_000,
  });
});

after(async () => {
  await stack?.close();
});

interface HandlerRun {
  plugin: string;
  handler: string;
  step: number | undefined;
  writtenBy: string | null;
}

/** Every handler job the queue ran on a chain note (the queue table is the record of what ran). */
async function chainRuns(): Promise<HandlerRun[]> {
  const r = await stack.runtime.store.sql.query<{
    plugin: string;
    handler: string;
    title: string | null;
    written_by: string | null;
    status: string;
  }>(
    `select payload->>'plugin' as plugin, payload->>'handler' as handler,
            payload->'event'->'record'->>'title' as title,
            (payload->'writtenBy'->>'plugin') || '/' || (payload->'writtenBy'->>'name') as written_by, status
       from realty_queue where kind = 'plugin.handler' and payload->>'handler' like 'chain-%'`,
  );
  for (const row of r.rows) assert.notEqual(row.status, 'dead', `${row.plugin}/${row.handler} failed`);
  return r.rows
    .map((row) => ({
      plugin: row.plugin,
      handler: row.handler,
      step: chainStep(row.title),
      writtenBy: row.written_by,
    }))
    .sort((a, b) => (a.step ?? -1) - (b.step ?? -1) || a.plugin.localeCompare(b.plugin));
}

async function chainNotes(): Promise<number[]> {
  const notes = stack.runtime.twenty.records('demoNote');
  const steps: number[] = [];
  for await (const note of notes.iterate({})) {
    const n = chainStep(note.title);
    if (n !== undefined) steps.push(n);
  }
  return steps.sort((a, b) => a - b);
}

describe('a chain of writes between two plugins (A → B → A …)', () => {
  it('runs across both plugins through the webhooks and settles with every note once', async () => {
    const res = await fetch(`${stack.server.url}/api/notes-demo/notes`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.staffToken('finance')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ title: 'Цепочка 0' }),
    });
    assert.equal(res.status, 201, await res.clone().text());

    // The last note is written by B (odd step CHAIN_END - 1) and must reach A.
    await waitFor(
      'the chain to reach its end and A to look at the last note',
      async () => {
        const runs = await chainRuns();
        return runs.some((r) => r.step === CHAIN_END && r.plugin === 'notes-demo') ? runs : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    // Settled: nothing more runs however long we wait.
    await sleep(2_000);
    const runs = await chainRuns();
    const steps = Array.from({ length: CHAIN_END + 1 }, (_, n) => n);
    assert.deepEqual(await chainNotes(), steps, 'every note of the chain exists exactly once');

    const expected: HandlerRun[] = [];
    for (const n of steps) {
      // Note 0 came from the route: both plugins' handlers run on it. Note n > 0 was written by the
      // handler whose parity is n - 1: only the other plugin's handler runs on it.
      const writer =
        n === 0
          ? 'notes-demo/POST /api/notes-demo/notes'
          : n % 2 === 1
            ? 'notes-demo/chain-even'
            : 'notes-relay/chain-odd';
      if (n === 0 || n % 2 === 0)
        expected.push({ plugin: 'notes-demo', handler: 'chain-even', step: n, writtenBy: writer });
      if (n === 0 || n % 2 === 1)
        expected.push({ plugin: 'notes-relay', handler: 'chain-odd', step: n, writtenBy: writer });
    }
    assert.deepEqual(runs, expected);
    assert.equal(
      runs.length,
      CHAIN_END + 2,
      'a finite number of handler runs: one per note, two on the first',
    );
  });
});
