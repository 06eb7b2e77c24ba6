/**
 * The app as the chessboard tests need it: devhost in this process, the
 * runtime with every plugin, the app server on a free port, the workspace
 * provisioned with the webhook pointing at the app, and the demo registry
 * seeded through Twenty so the read model fills the way it does in production.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Devhost, startDevhost } from '../../../devhost/server';
import { loadConfig } from '../../../plugins/core/config';
import { silentLogger } from '../../../plugins/core/logger';
import { provision, provisionSucceeded } from '../../../plugins/core/provision';
import { openRuntime, type Runtime } from '../../../plugins/core/runtime';
import { issueStaffToken, type StaffRole } from '../../../plugins/core/staff-token';
import { allPlugins } from '../../../plugins/index';
import { seedDemoRegistry } from '../../../plugins/registry/seed-demo';
import { type AppServer, startAppServer } from '../../../webhooks/local-server';

export interface ChessboardApp {
  devhost: Devhost;
  runtime: Runtime;
  server: AppServer;
  token(role: StaffRole): string;
  /** A request to devhost's REST API as a person in Twenty would make it (not the app's own write). */
  twentyRest(method: string, pathAndQuery: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startChessboardApp(): Promise<ChessboardApp> {
  const staffSecret = randomBytes(32).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const home = await mkdtemp(path.join(tmpdir(), 'realty-chessboard-'));
  const devhost = await startDevhost({ port: 0 });
  const runtime = await openRuntime({
    config: loadConfig({ REALTY_HOME: home, PUBLIC_URL: 'http://localhost:4999' }),
    plugins: allPlugins,
    twenty: { url: devhost.url, apiKey: devhost.apiKey },
    webhookSecret,
    log: silentLogger,
    worker: true,
    scheduler: false,
    rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
  });
  const server = await startAppServer({ runtime, staffSecret, twentyUrl: devhost.url, port: 0 });
  const report = await provision({
    client: runtime.twenty,
    plugins: allPlugins,
    webhook: { targetUrl: `${server.url}/webhooks/twenty`, secret: webhookSecret },
  });
  assert.ok(provisionSucceeded(report), JSON.stringify(report.conflicts));
  const summary = await seedDemoRegistry(runtime.twenty, { chessboardBaseUrl: 'http://localhost:4999' });
  await waitFor('the demo units in the read model', async () =>
    (await runtime.store.readModel.count('unit')) >= summary.units ? true : undefined,
  );
  const memberId = randomUUID();
  return {
    devhost,
    runtime,
    server,
    token: (role) =>
      issueStaffToken({ memberId, email: `${role}@realty.test`, role }, { secret: staffSecret, ttl: '10m' }),
    async twentyRest(method, pathAndQuery, body) {
      const res = await fetch(`${devhost.url}${pathAndQuery}`, {
        method,
        headers: {
          authorization: `Bearer ${devhost.apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${pathAndQuery} → ${res.status}: ${text}`);
      return JSON.parse(text) as unknown;
    },
    async close() {
      await server.close();
      await runtime.close();
      await devhost.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
