/**
 * The whole app in one test process, as `realty start` runs it: devhost (in
 * memory), the runtime with its worker (no scheduler), the app server on a
 * free port, and every plugin provisioned — with the webhook pointing at the
 * app when `webhook` is set, so Twenty's events reach the handlers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Devhost, startDevhost } from '../../devhost/server';
import { loadConfig } from '../../plugins/core/config';
import { silentLogger } from '../../plugins/core/logger';
import { provision, provisionSucceeded } from '../../plugins/core/provision';
import { openRuntime, type Runtime } from '../../plugins/core/runtime';
import { allPlugins } from '../../plugins/index';
import { type AppServer, startAppServer } from '../../webhooks/local-server';

export interface AppStack {
  home: string;
  devhost: Devhost;
  runtime: Runtime;
  server: AppServer;
  staffSecret: string;
  webhookSecret: string;
  close(): Promise<void>;
}

export async function startAppStack(options: {
  name: string;
  webhook?: boolean;
  staffSecret?: string;
}): Promise<AppStack> {
  const home = await mkdtemp(path.join(tmpdir(), `realty-${options.name}-`));
  const staffSecret = options.staffSecret ?? randomBytes(32).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const devhost = await startDevhost({ port: 0 });
  const runtime = await openRuntime({
    config: loadConfig({ REALTY_HOME: home }),
    plugins: allPlugins,
    twenty: { url: devhost.url, apiKey: devhost.apiKey },
    webhookSecret,
    log: silentLogger,
    worker: true,
    scheduler: false,
  });
  const server = await startAppServer({ runtime, staffSecret, twentyUrl: devhost.url, port: 0 });
  const stack: AppStack = {
    home,
    devhost,
    runtime,
    server,
    staffSecret,
    webhookSecret,
    async close() {
      await server.close();
      await runtime.close();
      await devhost.close();
      await rm(home, { recursive: true, force: true });
    },
  };
  const report = await provision({
    client: runtime.twenty,
    plugins: allPlugins,
    ...(options.webhook
      ? { webhook: { targetUrl: `${server.url}/webhooks/twenty`, secret: webhookSecret } }
      : {}),
  });
  if (!provisionSucceeded(report)) {
    await stack.close();
    throw new Error(`provisioning failed: ${JSON.stringify(report.conflicts)}`);
  }
  return stack;
}
