/**
 * The functions-framework target `twentyEvents` (what Cloud Functions would
 * run), started the way the README says: `npm run functions -- --target=twentyEvents`.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../plugins/core/store/store';
import { signTwentyWebhook } from '../../sdk/webhook-signature';

const root = new URL('../..', import.meta.url).pathname;
const SECRET = 'functions-target-secret-0123456789';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('functions-framework target twentyEvents', () => {
  const home = mkdtempSync(join(tmpdir(), 'realty-fn-'));
  let child: ChildProcess;
  let url: string;

  before(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/`;
    child = spawn(
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
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the function did not start in 30 s')), 30_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Serving function')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`the function exited with ${code}`)));
    });
  });

  after(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    rmSync(home, { recursive: true, force: true });
  });

  const event = {
    targetUrl: 'http://example.test/',
    eventName: 'unit.updated',
    objectMetadata: { id: '7a1e6a52-5d3c-4c1a-9d59-0f6a7b1c2d3e', nameSingular: 'unit' },
    workspaceId: '4f7c3a2e-8a5b-4f3e-9b1d-2c3d4e5f6a7b',
    webhookId: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    eventDate: '2026-11-23T10:00:00.000Z',
    record: {
      id: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
      status: 'SOLD',
      updatedAt: '2026-11-23T10:00:00.000Z',
    },
    updatedFields: ['status'],
  };

  it('refuses an unsigned event with 401 and a diagnosis', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { code: string }).code, 'missing_signature');
  });

  it('accepts a signed event, stores it in the queue, and drops its duplicate', async () => {
    const body = JSON.stringify(event);
    const send = () =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signTwentyWebhook({ secret: SECRET, body }) },
        body,
      });
    assert.equal((await send()).status, 202);
    const again = await send();
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { status: string }).status, 'duplicate');
    // The embedded store belongs to the function process: stop it, then read what it stored.
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    const store = await openStore({ dataDir: join(home, 'store') });
    try {
      const stats = await store.queue.stats();
      assert.equal(stats.pending + stats.running + stats.done, 1);
    } finally {
      await store.close();
    }
  });
});
