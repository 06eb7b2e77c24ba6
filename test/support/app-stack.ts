/**
 * The whole app in one test process, as `realty start` runs it: devhost (in
 * memory), the runtime with its worker (no scheduler), the app server on a
 * free port, and every plugin provisioned — with the webhook pointing at the
 * app when `webhook` is set, so Twenty's events reach the handlers. Also
 * `staffToken` for pages and `twentyRest` for changes made as a person in
 * Twenty would make them (not the app's own writes).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Devhost, startDevhost } from '../../devhost/server';
import { createStaffSessions } from '../../plugins/core/auth/staff-sessions';
import { issueStaffToken, type StaffRole } from '../../plugins/core/auth/staff-token';
import type { PluginDefinition } from '../../plugins/core/plugin/index';
import { provision, provisionSucceeded } from '../../plugins/core/provisioning/provision';
import type { Clock } from '../../plugins/core/runtime/clock';
import { type Logger, silentLogger } from '../../plugins/core/runtime/logger';
import { openRuntime, type Runtime } from '../../plugins/core/runtime/runtime';
import { loadConfig } from '../../plugins/core/settings/config';
import { allPlugins } from '../../plugins/index';
import { type AppServer, startAppServer } from '../../webhooks/local-server';
import { provisionedWorkspace } from './devhost-snapshot';

export interface AppStack {
  home: string;
  devhost: Devhost;
  runtime: Runtime;
  server: AppServer;
  staffSecret: string;
  webhookSecret: string;
  staffToken(role: StaffRole, email?: string): string;
  /** A one-time sign-in code for the stack's member (or `memberId`): `/auth/login?code=…`. */
  signInCode(role: StaffRole, options?: { email?: string; memberId?: string }): Promise<string>;
  /** The cookie header a browser holds after spending a fresh sign-in code. */
  signIn(role: StaffRole, options?: { email?: string; memberId?: string }): Promise<string>;
  twentyRest(method: string, pathAndQuery: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface AppStackOptions {
  name: string;
  /**
   * The installed plugins (default: allPlugins); provisioned, migrated and served like those. A stack
   * of the plugins a file tests (`pluginsFor('payments')`) starts and reacts faster than all of them.
   */
  plugins?: readonly PluginDefinition[];
  /** Register the webhook pointing at the app, so Twenty's events reach the handlers. */
  webhook?: boolean;
  staffSecret?: string;
  /** The runtime's queue worker (default on). */
  worker?: boolean;
  /** The client's pace (default: Twenty's 100/min); tests that write much raise it. */
  rateLimit?: { requestsPerMinute: number; requestsPerSecond: number };
  /** devhost's own limit per minute (default: Twenty's). */
  devhostRequestsPerMinute?: number;
  /** PUBLIC_URL, where links in records point. */
  publicUrl?: string;
  /**
   * Check staff members against the workspace (default off: staffToken names no real member); tests
   * of membership turn it on with a short cache.
   */
  memberCheck?: { ttlMs?: number };
  /** Sign-in attempts per IP and per member (default the app's 10 per 10 minutes). */
  signInAttempts?: { limit?: number; windowMs?: number };
  /** The runtime's log (default silent); tests that assert on logging pass a recording one. */
  log?: Logger;
  /** The runtime's clock (default the system's); tests of dated procedures pass a manual one. */
  clock?: Clock;
  /**
   * Where the store lives (default memory, its intake journal still on disk in the home as
   * `realty start` keeps it): a new PGlite directory costs its 40 MB cluster written file by file.
   */
  store?: 'memory' | 'disk';
  /**
   * The workspace devhost starts with (default `provisioned`: every plugin's objects, from the
   * snapshot in test/support/devhost-snapshot.ts; the stack's own plugins are then provisioned on
   * it as on a second `realty setup`). `empty` provisions from nothing.
   */
  workspace?: 'provisioned' | 'empty';
}

/** The named plugins and every plugin they depend on, in allPlugins' order (REALTY_PLUGINS' rule). */
export function pluginsFor(...names: string[]): PluginDefinition[] {
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    const plugin = allPlugins.find((p) => p.name === name);
    if (!plugin) throw new Error(`no plugin "${name}"`);
    wanted.add(name);
    for (const dependency of plugin.dependsOn) add(dependency);
  };
  for (const name of names) add(name);
  return allPlugins.filter((p) => wanted.has(p.name));
}

export async function startAppStack(options: AppStackOptions): Promise<AppStack> {
  const plugins = options.plugins ?? allPlugins;
  const home = await mkdtemp(path.join(tmpdir(), `realty-${options.name}-`));
  const staffSecret = options.staffSecret ?? randomBytes(32).toString('hex');
  const webhookSecret = randomBytes(24).toString('hex');
  const rpm = options.devhostRequestsPerMinute;
  const initialData =
    (options.workspace ?? 'provisioned') === 'provisioned' ? await provisionedWorkspace() : undefined;
  const devhost = await startDevhost({
    port: 0,
    ...(initialData ? { initialData } : {}),
    ...(rpm ? { rateLimit: { shortLimit: rpm, shortTtlMs: 1_000, longLimit: rpm, longTtlMs: 60_000 } } : {}),
  });
  const inMemory = (options.store ?? 'memory') === 'memory';
  const runtime = await openRuntime({
    config: loadConfig({
      REALTY_HOME: home,
      ...(inMemory ? { REALTY_INTAKE_JOURNAL: path.join(home, 'store.journal') } : {}),
      ...(options.publicUrl ? { PUBLIC_URL: options.publicUrl } : {}),
    }),
    ...(inMemory ? { storeDataDir: null } : {}),
    plugins,
    twenty: { url: devhost.url, apiKey: devhost.apiKey },
    webhookSecret,
    log: options.log ?? silentLogger,
    worker: options.worker ?? true,
    scheduler: false,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
  });
  const server = await startAppServer({
    runtime,
    staffSecret,
    twentyUrl: devhost.url,
    port: 0,
    memberCheck: options.memberCheck ?? false,
    ...(options.signInAttempts ? { signInAttempts: options.signInAttempts } : {}),
  });
  const sessions = createStaffSessions({ sql: runtime.store.sql, ttlMs: 8 * 3_600_000 });
  const memberId = randomUUID();
  const stack: AppStack = {
    home,
    devhost,
    runtime,
    server,
    staffSecret,
    webhookSecret,
    staffToken: (role, email = `${role}@realty.test`) =>
      issueStaffToken({ memberId, email, role }, { secret: staffSecret, ttl: '10m' }),
    async signInCode(role, opts = {}) {
      const identity = {
        memberId: opts.memberId ?? memberId,
        email: opts.email ?? `${role}@realty.test`,
        role,
      };
      return (await sessions.issueCode(identity)).code;
    },
    async signIn(role, opts = {}) {
      const code = await stack.signInCode(role, opts);
      const res = await fetch(`${server.url}/auth/login?code=${encodeURIComponent(code)}`, {
        redirect: 'manual',
      });
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      if (res.status !== 302 || !cookie.startsWith('realty_staff='))
        throw new Error(`sign-in failed: ${res.status}`);
      return cookie;
    },
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
      if (!res.ok) throw new Error(`${method} ${pathAndQuery} → ${res.status}: ${text}`);
      return JSON.parse(text) as unknown;
    },
    async close() {
      await server.close();
      await runtime.close();
      await devhost.close();
      await rm(home, { recursive: true, force: true });
    },
  };
  const report = await provision({
    client: runtime.twenty,
    plugins,
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

/** Tests that start the stack wait with the shared helper; re-exported for their imports. */
export { waitFor } from './wait';
