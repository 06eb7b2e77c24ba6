/**
 * The functions-framework target `twentyEvents` (what Cloud Functions would
 * run), started the way the README says: `npm run functions -- --target=twentyEvents`.
 * Its intake is the one `realty start` assembles: events for objects no
 * enabled plugin cares about are acknowledged, not queued, and deliveries are
 * journaled where REALTY_INTAKE_JOURNAL says (beside the embedded store by
 * default, nowhere with `off`).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openIntakeJournal } from '../../plugins/core/intake/index';
import { silentLogger } from '../../plugins/core/runtime/index';
import { openStore } from '../../plugins/core/store/index';
import { signTwentyWebhook } from '../../sdk/index';
import { freePort } from '../support/temp-postgres';

const root = new URL('../..', import.meta.url).pathname;
const SECRET = 'functions-target-secret-0123456789';

interface RunningFunction {
  url: string;
  home: string;
  /** Stops the function process (SIGTERM: the framework exits at once, nothing is flushed). */
  stop(): Promise<void>;
}

const homes: string[] = [];
after(() => {
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

async function startFunction(env: Record<string, string> = {}): Promise<RunningFunction> {
  const home = mkdtempSync(join(tmpdir(), 'realty-fn-'));
  homes.push(home);
  const port = await freePort();
  const child: ChildProcess = spawn(
    'node',
    [
      '--import',
      'tsx',
      'node_modules/@google-cloud/functions-framework/build/src/main.js',
      '--source=webhooks/index.ts',
      '--target=twentyEvents',
      `--port=${port}`,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        REALTY_HOME: home,
        TWENTY_URL: 'http://127.0.0.1:9',
        TWENTY_API_KEY: 'unused-by-the-intake',
        TWENTY_WEBHOOK_SECRET: SECRET,
        LOG_LEVEL: 'silent',
        REALTY_INTAKE_JOURNAL: '',
        REALTY_DATABASE_URL: '',
        REALTY_PLUGINS: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the function did not start in 30 s')), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Serving function')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`the function exited with ${code}: ${stderr.slice(-2000)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    home,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

function eventFor(objectName: string, recordId = '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e') {
  return {
    targetUrl: 'http://example.test/',
    eventName: `${objectName}.updated`,
    objectMetadata: { id: '7a1e6a52-5d3c-4c1a-9d59-0f6a7b1c2d3e', nameSingular: objectName },
    workspaceId: '4f7c3a2e-8a5b-4f3e-9b1d-2c3d4e5f6a7b',
    webhookId: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    eventDate: '2026-11-23T10:00:00.000Z',
    record: { id: recordId, status: 'SOLD', updatedAt: '2026-11-23T10:00:00.000Z' },
    updatedFields: ['status'],
  };
}

async function deliver(
  url: string,
  event: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(event);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signTwentyWebhook({ secret: SECRET, body }) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * What the function stored, read after it stopped (the embedded store belongs to its process):
 * the journal in `journalDir`, if any, is opened first — as the next instance would — so lines
 * the process had not yet moved are queued too.
 */
async function queuedJobs(home: string, journalDir?: string): Promise<number> {
  const store = await openStore({ dataDir: join(home, 'store') });
  try {
    if (journalDir)
      await (await openIntakeJournal({ dir: journalDir, queue: store.queue, log: silentLogger })).close();
    const stats = await store.queue.stats();
    return stats.pending + stats.running + stats.done;
  } finally {
    await store.close();
  }
}

describe('functions-framework target twentyEvents', () => {
  it('refuses an unsigned event with 401 and a diagnosis', async () => {
    const fn = await startFunction();
    try {
      const res = await fetch(fn.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(eventFor('unit')),
      });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { code: string }).code, 'missing_signature');
    } finally {
      await fn.stop();
    }
  });

  it('queues a signed event, drops its duplicate and ignores an object no enabled plugin cares about', async () => {
    const fn = await startFunction();
    await (async () => {
      try {
        assert.equal((await deliver(fn.url, eventFor('unit'))).status, 202);
        assert.deepEqual(await deliver(fn.url, eventFor('unit')), {
          status: 200,
          body: { status: 'duplicate' },
        });
        const other = await deliver(fn.url, eventFor('petAdoption', '6c7d8e9f-0a1b-4c2d-8e3f-4a5b6c7d8e9f'));
        assert.equal(other.status, 200);
        assert.equal(other.body.status, 'ignored');
        assert.match(String(other.body.reason), /petAdoption/);
      } finally {
        await fn.stop();
      }
    })();
    // Journaled beside the embedded store by default, as `realty start` does.
    const besideStore = join(fn.home, 'store.journal');
    assert.ok(existsSync(besideStore), 'the delivery was journaled beside the store');
    assert.equal(await queuedJobs(fn.home, besideStore), 1, 'one job: the unit change, once');
  });

  it('journals where REALTY_INTAKE_JOURNAL says, and nowhere with `off`', async () => {
    const journalHome = mkdtempSync(join(tmpdir(), 'realty-fn-journal-'));
    homes.push(journalHome);
    const journalDir = join(journalHome, 'intake');
    const named = await startFunction({ REALTY_INTAKE_JOURNAL: journalDir });
    try {
      assert.equal((await deliver(named.url, eventFor('unit'))).status, 202);
    } finally {
      await named.stop();
    }
    assert.ok(existsSync(journalDir), 'the named journal directory was used');
    assert.ok(!existsSync(join(named.home, 'store.journal')), 'nothing was journaled beside the store');
    assert.equal(await queuedJobs(named.home, journalDir), 1);

    const off = await startFunction({ REALTY_INTAKE_JOURNAL: 'off' });
    try {
      assert.equal((await deliver(off.url, eventFor('unit'))).status, 202);
    } finally {
      await off.stop();
    }
    assert.ok(!existsSync(join(off.home, 'store.journal')), 'no journal with REALTY_INTAKE_JOURNAL=off');
    // Without a journal the answer waits for the queue row: it is there without any recovery.
    assert.equal(await queuedJobs(off.home), 1);
  });
});
