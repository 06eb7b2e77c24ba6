/**
 * The `CommandContext` a plugin's `realty` subcommand runs with: the
 * validated configuration, people's text on stderr and the one `--json`
 * summary on stdout, progress (a cli-progress bar on a terminal, a line at
 * most every second in CI logs), a system context opened on first use (no
 * worker, no scheduler; closed when the command ends), the running app's API
 * signed in as an operator admin, and a signal aborted by Ctrl-C (a second
 * Ctrl-C exits at once with 130).
 */
import cliProgress from 'cli-progress';
import type { AppApi, CommandContext, CommandProgress, PluginContext } from '../plugins/core/plugin/index';
import { openRuntime, type Runtime } from '../plugins/core/runtime/index';
import { appServerRunning, appUrl, type CliContext, operatorToken } from './cli-runtime';
import { CliUsageError, printJson, say } from './cli-support';
import { operationFromCommand } from './operation-commands';
import { connectTwenty } from './workspace';

/** Progress lines in a log: at most one per this many milliseconds (and the last one). */
export const PROGRESS_LINE_INTERVAL_MS = 1_000;

export interface OpenedCommandContext extends CommandContext {
  /** The runtime `open()` opens (an operation builds its route context from its access layer). */
  runtime(): Promise<Runtime>;
  /** Closes what the command opened (the runtime), stops bars, removes the Ctrl-C handler. */
  close(): Promise<void>;
}

/** A bar on a terminal; otherwise `label: done/total (pct%)` at most once a second. */
export function createProgress(
  label: string,
  total: number | undefined,
  options: { tty?: boolean; write?: (line: string) => void; now?: () => number } = {},
): CommandProgress {
  const tty = options.tty ?? Boolean(process.stderr.isTTY);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => Date.now());
  if (tty) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} {percentage}% · {eta_formatted}`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, newTotal) {
        if (!started) {
          bar.start(newTotal ?? total ?? done, done);
          started = true;
        } else {
          if (newTotal !== undefined) bar.setTotal(newTotal);
          bar.update(done);
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = Number.NEGATIVE_INFINITY;
  let known = total;
  let latest: { done: number; printed: boolean } | undefined;
  const line = (done: number) => {
    const pct = known ? ` (${Math.floor((done / known) * 100)}%)` : '';
    write(`${label}: ${done}${known !== undefined ? `/${known}` : ''}${pct}\n`);
  };
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) known = newTotal;
      const finished = known !== undefined && done >= known;
      if (finished || now() - last >= PROGRESS_LINE_INTERVAL_MS) {
        line(done);
        last = now();
        latest = { done, printed: true };
      } else latest = { done, printed: false };
    },
    stop() {
      if (latest && !latest.printed) line(latest.done);
      latest = undefined;
    },
  };
}

/** The running app's API with a short-lived admin token; JSON answers parsed, anything else as bytes. */
export function appApi(cli: CliContext): AppApi {
  const url = appUrl(cli.config);
  return {
    url,
    async request<T = unknown>(
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ): Promise<{ status: number; body: T }> {
      const token = await operatorToken(cli);
      const raw = Buffer.isBuffer(body) || body instanceof Uint8Array;
      const res = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && !raw ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
      });
      const type = res.headers.get('content-type') ?? '';
      const answer = type.includes('application/json')
        ? await res.json()
        : Buffer.from(await res.arrayBuffer());
      return { status: res.status, body: answer as T };
    },
  };
}

export function createCommandContext(
  cli: CliContext,
  options: { plugin: string; json: boolean },
): OpenedCommandContext {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    say('stopping … (Ctrl-C again to quit at once)');
    controller.abort(new Error('interrupted (Ctrl-C)'));
  };
  process.on('SIGINT', onSigint);
  const bars = new Set<CommandProgress>();
  let runtime: Promise<Runtime> | undefined;
  let app: Promise<AppApi | undefined> | undefined;

  const openLocal = async (): Promise<Runtime> => {
    // The embedded store has one owner: while `realty start` runs, work goes through its API.
    if (!cli.config.databaseUrl && (await appServerRunning(cli.config)))
      throw new CliUsageError(
        `realty start is running (${appUrl(cli.config)}) and holds the embedded store in ${cli.config.home}; this command must go through the app (ctx.app()) or wait until it stops`,
      );
    return openRuntime({
      config: cli.config,
      plugins: cli.registry.plugins,
      settings: cli.settings,
      twenty: await connectTwenty(cli.config),
      webhookSecret: (await cli.secrets).webhookSecret,
      log: cli.log,
      worker: false,
      scheduler: false,
    });
  };

  const context: OpenedCommandContext = {
    config: cli.config,
    log: cli.log,
    jsonOutput: options.json,
    signal: controller.signal,
    say,
    json: printJson,
    progress(label, total) {
      const bar = createProgress(label, total);
      bars.add(bar);
      return {
        update: (done, newTotal) => bar.update(done, newTotal),
        stop: () => {
          bars.delete(bar);
          bar.stop();
        },
      };
    },
    async open(): Promise<PluginContext> {
      runtime ??= openLocal();
      return (await runtime).contextFor(options.plugin);
    },
    runtime() {
      runtime ??= openLocal();
      return runtime;
    },
    operation(name, input, operationOptions = {}) {
      return operationFromCommand(cli, context, name, input, operationOptions.dryRun === true);
    },
    app() {
      app ??= appServerRunning(cli.config).then((up) => (up ? appApi(cli) : undefined));
      return app;
    },
    async close() {
      process.off('SIGINT', onSigint);
      for (const bar of bars) bar.stop();
      bars.clear();
      const opened = runtime;
      runtime = undefined;
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
  return context;
}
