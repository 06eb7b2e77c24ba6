/**
 * `npm start` / `realty start`: without TWENTY_URL, the embedded devhost on
 * $REALTY_HOME; then the runtime (store, worker, scheduler) with the enabled
 * plugins (REALTY_PLUGINS) and their settings, the app server, provisioning
 * of those plugins plus the webhook, every enabled plugin's demo data on an
 * empty devhost, and one line with `twenty-realty ready`, the URLs and a
 * sign-in link for the demo admin.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openPersistentDevhost } from '../../devhost/main';
import { runSweep, startSweepsAt } from '../../plugins/core/events/index';
import { formatPlan, provisionSucceeded } from '../../plugins/core/provisioning/index';
import { openRuntime, type Runtime } from '../../plugins/core/runtime/index';
import { eq } from '../../sdk/filter';
import { startAppServer } from '../../webhooks/local-server';
import { cliContext, sessionsOf, signInLink } from '../cli-runtime';
import { CliUsageError, say } from '../cli-support';
import {
  describeSeeds,
  formatSeedMarks,
  handlersSettled,
  parseSeedMarks,
  planSeeds,
  replicaCaughtUp,
  runSeeds,
} from '../seeds';

/** How long `ready` waits for the seeds' webhook echoes before pulling the replica instead. */
const REPLICA_WAIT_MS = 15_000;
/** How long `ready` waits for the plugins' handlers to run on the seeds' changes (teams' grants…). */
const HANDLERS_WAIT_MS = 60_000;

import { resolveTwenty } from '../workspace';
import { runSetup } from './setup';

const DEMO_ADMIN_EMAIL = 'admin@realty.local';

function readMark(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

export async function startCommand(opts: { seed: boolean }): Promise<void> {
  const started = performance.now();
  const ctx = cliContext();
  const { config, log } = ctx;
  const stops: ShutdownStep[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> => {
    stopping ??= (async () => {
      for (const step of [...stops].reverse()) {
        const outcome = await withinDeadline(step.run(), step.deadlineMs).catch((error: unknown) => {
          log.error({ err: error, step: step.name }, 'shutdown step failed');
          return 'done' as const;
        });
        if (outcome === 'late')
          say(`${step.name}: did not close within ${step.deadlineMs / 1000} s; stopping without it`);
      }
    })();
    return stopping;
  };
  // From the first step: Ctrl-C during start-up closes what is open (the embedded databases above
  // all) instead of killing the process in the middle of a write.
  const signals = stopOnSignals(stopAll);
  try {
    let twenty: { url: string; apiKey: string; isDevhost: boolean };
    /** devhost made its workspace on this start: nothing is in it yet, so nothing needs counting. */
    let freshWorkspace = false;
    if (config.twentyUrl) {
      twenty = resolveTwenty(config);
    } else {
      const { devhost, keyFile, firstStart } = await openPersistentDevhost({
        home: config.home,
        port: config.devhostPort,
        requestsPerMinute: config.twentyRateLimit,
      });
      stops.push({ name: 'devhost', run: () => devhost.close(), deadlineMs: 4_000 });
      freshWorkspace = firstStart;
      twenty = {
        url: devhost.url.replace('127.0.0.1', 'localhost'),
        apiKey: devhost.apiKey,
        isDevhost: true,
      };
      say(
        `devhost (Twenty-compatible) on ${twenty.url}; API key ${firstStart ? 'created' : 'kept'} in ${keyFile}`,
      );
    }
    // Generated ones live in the shared store with REALTY_DATABASE_URL: every instance signs alike.
    const secrets = await ctx.secrets;
    const runtime = await openRuntime({
      config,
      plugins: ctx.registry.plugins,
      settings: ctx.settings,
      twenty,
      webhookSecret: secrets.webhookSecret,
      log,
      // Jobs start once the workspace is set up and the demo is in: before, they would find no objects
      // and spend Twenty's rate limit that setup and the seeds need.
      scheduler: false,
    });
    stops.push({ name: 'the runtime (jobs, queue, store)', run: () => runtime.close(), deadlineMs: 8_000 });
    const app = await startAppServer({
      runtime,
      staffSecret: secrets.staffSecret,
      twentyUrl: twenty.url,
      port: config.port,
    });
    stops.push({ name: 'the app server', run: () => app.close(), deadlineMs: 2_000 });

    const report = await runSetup(runtime.twenty, {
      config,
      plugins: runtime.registry.plugins,
      webhookSecret: secrets.webhookSecret,
      quiet: true,
    });
    const applied = report.result?.applied ?? 0;
    say(applied > 0 || report.webhook?.applied ? formatPlan(report) : 'setup: the workspace is up to date');
    if (!provisionSucceeded(report))
      say('⚠ setup reported conflicts or failures (above); the app runs, but fix them with `realty setup`');

    if (twenty.isDevhost && opts.seed && runtime.registry.seeds.length > 0) {
      // Twenty's 100 requests a minute are shared by setup, the seeds and the resync below: a workspace
      // made on this start is not counted, so `ready` does not wait for the rate limit.
      const seedMark = path.join(config.home, 'devhost', 'demo-seed');
      const marks = parseSeedMarks(
        readMark(seedMark),
        runtime.registry.seeds.map((s) => s.plugin),
      );
      const plan = await planSeeds(runtime.registry, marks, {
        freshWorkspace,
        count: (object) => runtime.twenty.records(object).count(),
      });
      for (const plugin of plan.skipped) marks.set(plugin, 'done');
      const only = [...plan.interrupted, ...plan.fresh];
      if (only.length > 0) {
        // Seeds upsert by deterministic ids: a start interrupted while seeding finishes it next time.
        say(
          plan.interrupted.length > 0
            ? `finishing the demo data (an earlier start was interrupted while seeding): ${only.join(', ')} …`
            : freshWorkspace
              ? `seeding the demo data (first start): ${only.join(', ')} …`
              : `seeding the demo data of plugins enabled since the last start: ${only.join(', ')} …`,
        );
        for (const plugin of only) marks.set(plugin, 'seeding');
        writeFileSync(seedMark, formatSeedMarks(marks));
        // An empty workspace has no history: the sweep starts here, so whatever the seeds write and
        // no echo delivers (a start interrupted with echoes in flight) is news for the handlers.
        if (freshWorkspace)
          await startSweepsAt(runtime.store, runtime.store.readModel.objects(), runtime.store.clock.now());
        let seedStarted = performance.now();
        const outcomes = await runSeeds(runtime.registry, runtime.contextFor, {
          only,
          onStart: () => {
            seedStarted = performance.now();
          },
          onDone: (plugin, outcome) => {
            marks.set(plugin, 'done');
            writeFileSync(seedMark, formatSeedMarks(marks));
            const [line] = describeSeeds([outcome]);
            say(`demo ${line} (${((performance.now() - seedStarted) / 1000).toFixed(1)} s)`);
          },
        });
        // The interrupted start stopped with echoes of its writes still on their way, and Twenty does
        // not send them again (C19): sweep once, so the replica and the handlers get what they missed.
        if (plan.interrupted.length > 0) {
          const swept = await runSweep({
            store: runtime.store,
            client: runtime.twenty,
            dispatcher: runtime.dispatcher,
            log,
          });
          const missed = swept.objects.reduce((n, o) => n + o.applied, 0);
          if (missed > 0) say(`caught up with ${missed} changes whose echoes the interrupted start lost`);
        }
        // The seeds' webhook echoes reach the read model over the next seconds: wait for them so boards
        // show the demo the moment `ready` is printed; if they do not all come, pull the replica once.
        // Either way the replica just grew by thousands of rows: analyze it (resync does) for the planner.
        if (await replicaCaughtUp(runtime.store.readModel, outcomes, { timeoutMs: REPLICA_WAIT_MS })) {
          await runtime.store.readModel.analyze();
          // The echoes reach every plugin's handlers (the demo teams' grants): ready once they ran.
          if (!(await handlersSettled(runtime, { timeoutMs: HANDLERS_WAIT_MS })))
            say('the plugins are still reacting to the demo data; they finish in the background');
        } else await runtime.store.readModel.resync(runtime.twenty, runtime.store.readModel.objects());
      } else writeFileSync(seedMark, formatSeedMarks(marks));
    }

    runtime.scheduler.start();
    const link = await demoAdminLink(runtime, config);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    signals.ready();
    process.stdout.write(
      `twenty-realty ready in ${seconds}s — Twenty: ${twenty.url} · app: ${config.publicUrl}${link ? ` · sign in: ${link}` : ''}\n`,
    );
  } catch (error) {
    await stopAll();
    // Interrupted: the step that failed failed because its database was closed; the handler exits.
    if (signals.received()) return;
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
      throw new CliUsageError(
        `${error.message.replace(/^listen /, '')} — is \`realty start\` already running? Stop it, or set PORT / DEVHOST_PORT`,
      );
    }
    throw error;
  }
}

/**
 * One thing `realty start` closes on the way out, with how long it may take: a stop never hangs (a
 * container manager kills after 10 s), so a step past its deadline is named and left behind. Together
 * they fit in 14 s; the runtime's own parts are bounded inside it (jobs 3 s, the queue worker 4 s).
 */
interface ShutdownStep {
  name: string;
  run(): Promise<void>;
  deadlineMs: number;
}

async function withinDeadline(work: Promise<void>, deadlineMs: number): Promise<'done' | 'late'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.then(() => 'done' as const),
      new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), deadlineMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * SIGINT/SIGTERM close everything opened so far, then exit: 0 once ready (a normal stop), 128 + the
 * signal's number during start-up (it did not start). A second signal is not caught: it kills.
 */
function stopOnSignals(stopAll: () => Promise<void>): { ready(): void; received(): boolean } {
  let ready = false;
  let received = false;
  const shutdown = (signal: 'SIGINT' | 'SIGTERM') => {
    if (received) return;
    received = true;
    say(ready ? `${signal}: stopping …` : `${signal}: start-up interrupted; closing what is open …`);
    const code = ready ? 0 : 128 + (signal === 'SIGINT' ? 2 : 15);
    void stopAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return {
    ready: () => {
      ready = true;
    },
    received: () => received,
  };
}

/**
 * A sign-in link for the workspace's admin member (devhost's demo admin), when there is one: a
 * one-time code valid for 10 minutes (`realty staff-token` makes another).
 */
async function demoAdminLink(
  runtime: Runtime,
  config: Parameters<typeof sessionsOf>[0]['config'],
): Promise<string | undefined> {
  const found = await runtime.twenty
    .records('workspaceMember')
    .list({ filter: eq('userEmail', DEMO_ADMIN_EMAIL), limit: 1 });
  const member = found.records[0];
  if (!member) return undefined;
  const { code } = await sessionsOf({ config }, runtime).issueCode({
    memberId: member.id,
    email: DEMO_ADMIN_EMAIL,
    role: 'admin',
  });
  return signInLink(config.publicUrl, code);
}
