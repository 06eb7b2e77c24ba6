/**
 * `npm start` / `realty start`: without TWENTY_URL, the embedded devhost on
 * $REALTY_HOME; then the runtime (store, worker, scheduler), the app server,
 * provisioning of every plugin plus the webhook, the demo data on an empty
 * devhost, and one line with `twenty-realty ready`, the URLs and a sign-in
 * link for the demo admin.
 */
import { openPersistentDevhost } from '../../devhost/main';
import { provisionSucceeded } from '../../plugins/core/provision';
import { formatPlan } from '../../plugins/core/provision-format';
import { openRuntime } from '../../plugins/core/runtime';
import { issueStaffToken } from '../../plugins/core/staff-token';
import { allPlugins } from '../../plugins/index';
import { unit } from '../../plugins/registry/schema';
import { seedDemoRegistry } from '../../plugins/registry/seed-demo';
import { eq } from '../../sdk/filter';
import type { TwentyClient } from '../../sdk/index';
import { startAppServer } from '../../webhooks/local-server';
import { cliContext, signInLink } from '../cli-runtime';
import { CliUsageError, say } from '../cli-support';
import { resolveTwenty } from '../workspace';
import { runSetup } from './setup';

const DEMO_ADMIN_EMAIL = 'admin@realty.local';

export async function startCommand(opts: { seed: boolean }): Promise<void> {
  const started = performance.now();
  const ctx = cliContext();
  const { config, log } = ctx;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse())
      await stop().catch((error) => log.error({ err: error }, 'shutdown step failed'));
  };
  try {
    let twenty: { url: string; apiKey: string; isDevhost: boolean };
    if (config.twentyUrl) {
      twenty = resolveTwenty(config);
    } else {
      const { devhost, keyFile, firstStart } = await openPersistentDevhost({
        home: config.home,
        port: config.devhostPort,
      });
      stops.push(() => devhost.close());
      twenty = {
        url: devhost.url.replace('127.0.0.1', 'localhost'),
        apiKey: devhost.apiKey,
        isDevhost: true,
      };
      say(
        `devhost (Twenty-compatible) on ${twenty.url}; API key ${firstStart ? 'created' : 'kept'} in ${keyFile}`,
      );
    }
    const runtime = await openRuntime({
      config,
      plugins: allPlugins,
      twenty,
      webhookSecret: ctx.secrets.webhookSecret,
      log,
    });
    stops.push(() => runtime.close());
    const app = await startAppServer({
      runtime,
      staffSecret: ctx.secrets.staffSecret,
      twentyUrl: twenty.url,
      port: config.port,
    });
    stops.push(() => app.close());

    const report = await runSetup(runtime.twenty, {
      config,
      webhookSecret: ctx.secrets.webhookSecret,
      quiet: true,
    });
    const applied = report.result?.applied ?? 0;
    say(applied > 0 || report.webhook?.applied ? formatPlan(report) : 'setup: the workspace is up to date');
    if (!provisionSucceeded(report))
      say('⚠ setup reported conflicts or failures (above); the app runs, but fix them with `realty setup`');

    if (twenty.isDevhost && opts.seed && (await runtime.twenty.records(unit).count()) === 0) {
      say('seeding the demo registry (first start) …');
      const summary = await seedDemoRegistry(runtime.twenty, { chessboardBaseUrl: config.publicUrl });
      say(
        `demo: ${summary.complexes} complexes, ${summary.buildings} buildings, ${summary.sections} sections, ${summary.units} units`,
      );
      // The seed's webhook echoes reach the read model over the next seconds; pull it once (a few
      // requests) so boards and reports show the demo the moment `ready` is printed.
      await runtime.store.readModel.resync(runtime.twenty, runtime.store.readModel.objects());
    }

    const link = await demoAdminLink(runtime.twenty, ctx.secrets.staffSecret, config.publicUrl);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    // Before the ready line, not after: whoever waits for it (an operator's script, a test, a
    // supervisor) may signal the moment it appears, and an unhandled SIGTERM would kill the
    // process without closing the embedded databases.
    stopOnSignals(stopAll);
    process.stdout.write(
      `twenty-realty ready in ${seconds}s — Twenty: ${twenty.url} · app: ${config.publicUrl}${link ? ` · sign in: ${link}` : ''}\n`,
    );
  } catch (error) {
    await stopAll();
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new CliUsageError(
        `${error.message.replace(/^listen /, '')} — is \`realty start\` already running? Stop it, or set PORT / DEVHOST_PORT`,
      );
    }
    throw error;
  }
}

function stopOnSignals(stopAll: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping …`);
    void stopAll().finally(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/** A sign-in link for the workspace's admin member (devhost's demo admin), when there is one. */
async function demoAdminLink(
  client: TwentyClient,
  staffSecret: string,
  publicUrl: string,
): Promise<string | undefined> {
  const found = await client
    .records('workspaceMember')
    .list({ filter: eq('userEmail', DEMO_ADMIN_EMAIL), limit: 1 });
  const member = found.records[0];
  if (!member) return undefined;
  const token = issueStaffToken(
    { memberId: member.id, email: DEMO_ADMIN_EMAIL, role: 'admin' },
    { secret: staffSecret, ttl: '12h' },
  );
  return signInLink(publicUrl, token);
}
