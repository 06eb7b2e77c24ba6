/**
 * The command door of an operation (`defineOperation`): `realty <name>`, its
 * input read and checked (operation-input.ts; a problem exits 2 naming the
 * option), and the run decided here, in core: through the running app (`POST
 * /api/operations/…`, progress streamed as NDJSON) when `realty start` holds
 * the embedded store, otherwise in this process's runtime as the operator (an
 * admin staff principal) through the same access layer. A file result is
 * written to `--out` (or its own name in the current directory).
 */
import { writeFile } from 'node:fs/promises';
import { ru } from 'zod/v4/locales';
import type { StaffPrincipal } from '../plugins/core/access/index';
import {
  type ErrorBody,
  OPERATION_STREAM_TYPE,
  OperationFile,
  type RegisteredOperation,
  RouteError,
  runOperation,
} from '../plugins/core/plugin/index';
import { appServerRunning, appUrl, CLI_OPERATOR, type CliContext, operatorToken } from './cli-runtime';
import { CliUsageError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-support';
import type { OpenedCommandContext } from './command-context';
import { type CheckedInput, checkInput, optionNameOf, rawInput } from './operation-input';

export { configureOperation } from './operation-input';
/** Who an operation runs as from the command line without the app: the operator, an admin. */
export const CLI_OPERATOR_PRINCIPAL: StaffPrincipal = Object.freeze({
  kind: 'staff',
  role: 'admin',
  ...CLI_OPERATOR,
});

export type Outcome =
  | { kind: 'result'; value: unknown }
  | { kind: 'file'; file: OperationFile }
  | { kind: 'error'; body: ErrorBody };

/** Runs through the app: the NDJSON stream's progress lines move the bar; its last line is the outcome. */
async function throughApp(
  cli: CliContext,
  ctx: OpenedCommandContext,
  operation: RegisteredOperation,
  body: Record<string, unknown>,
): Promise<Outcome> {
  try {
    return await streamFromApp(cli, ctx, operation, body);
  } catch (error) {
    if (!ctx.signal.aborted) throw error;
    // Closing the stream stops the run in the app (after the part under way).
    return {
      kind: 'error',
      body: {
        status: 503,
        code: 'operation_stopped',
        message: `«${operation.name}» остановлена (Ctrl-C); приложение прекращает её после текущей части`,
      },
    };
  }
}

async function streamFromApp(
  cli: CliContext,
  ctx: OpenedCommandContext,
  operation: RegisteredOperation,
  body: Record<string, unknown>,
): Promise<Outcome> {
  const res = await fetch(`${appUrl(cli.config)}${operation.path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await operatorToken(cli)}`,
      'content-type': 'application/json',
      accept: OPERATION_STREAM_TYPE,
    },
    body: JSON.stringify(body),
    signal: ctx.signal,
  });
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes(OPERATION_STREAM_TYPE)) {
    const answer = (await res.json().catch(() => undefined)) as ErrorBody | undefined;
    return {
      kind: 'error',
      body: answer?.code
        ? answer
        : { status: res.status, code: 'app_failed', message: `приложение ответило ${res.status}` },
    };
  }
  let bar: ReturnType<OpenedCommandContext['progress']> | undefined;
  let outcome: Outcome | undefined;
  const handle = (text: string) => {
    if (!text.trim()) return;
    const line = JSON.parse(text) as {
      progress?: { done: number; total?: number; label?: string };
      result?: unknown;
      file?: { fileName: string; contentType: string; base64: string };
      error?: ErrorBody;
    };
    if (line.progress) {
      bar ??= ctx.progress(line.progress.label ?? operation.name, line.progress.total);
      bar.update(line.progress.done, line.progress.total);
    } else if (line.error) outcome = { kind: 'error', body: line.error };
    else if (line.file)
      outcome = {
        kind: 'file',
        file: new OperationFile(
          Buffer.from(line.file.base64, 'base64'),
          line.file.contentType,
          line.file.fileName,
        ),
      };
    else if ('result' in line) outcome = { kind: 'result', value: line.result };
  };
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) handle(text);
    }
    handle(pending);
  } finally {
    bar?.stop();
  }
  return (
    outcome ?? {
      kind: 'error',
      body: {
        status: 502,
        code: 'app_stream_ended',
        message: 'приложение оборвало ответ; см. журнал приложения',
      },
    }
  );
}

/** Runs here, in this process's runtime, as the operator through the access layer. */
async function here(
  ctx: OpenedCommandContext,
  operation: RegisteredOperation,
  input: unknown,
  dryRun: boolean,
): Promise<Outcome> {
  const runtime = await ctx.runtime();
  const routeCtx = runtime.access.routeContext(
    { plugin: operation.plugin, objects: operation.objects },
    CLI_OPERATOR_PRINCIPAL,
    { signal: ctx.signal },
  );
  const bars = new Map<string, ReturnType<OpenedCommandContext['progress']>>();
  try {
    const value = await runOperation(operation, input, routeCtx, {
      dryRun,
      progress: (done, total, label) => {
        const name = label ?? operation.name;
        let bar = bars.get(name);
        if (!bar) {
          bar = ctx.progress(name, total);
          bars.set(name, bar);
        }
        bar.update(done, total);
      },
    });
    return value instanceof OperationFile ? { kind: 'file', file: value } : { kind: 'result', value };
  } catch (error) {
    const e = error as {
      status?: unknown;
      code?: unknown;
      message?: unknown;
      field?: unknown;
      row?: unknown;
    };
    if (error instanceof RouteError) return { kind: 'error', body: error.toBody() };
    if (typeof e?.status === 'number' && e.status < 500 && typeof e.code === 'string')
      return {
        kind: 'error',
        body: {
          status: e.status,
          code: e.code,
          message: String(e.message),
          ...(typeof e.field === 'string' ? { field: e.field } : {}),
        },
      };
    throw error;
  } finally {
    for (const bar of bars.values()) bar.stop();
  }
}

/** The embedded store has one owner: with `realty start` running on it, the operation goes through the app. */
async function appHoldsStore(cli: CliContext): Promise<boolean> {
  return !cli.config.databaseUrl && (await appServerRunning(cli.config));
}

/** Core's one decision: through the app when it holds the embedded store, else here as the operator. */
export async function runThroughDoor(
  cli: CliContext,
  ctx: OpenedCommandContext,
  operation: RegisteredOperation,
  input: unknown,
  dryRun: boolean,
): Promise<Outcome> {
  if (!(await appHoldsStore(cli))) return here(ctx, operation, input, dryRun);
  ctx.say(`realty start is running (${appUrl(cli.config)}): «${operation.name}» goes through it`);
  return throughApp(cli, ctx, operation, {
    ...(input as Record<string, unknown>),
    ...(dryRun ? { dryRun } : {}),
  });
}

/** `ctx.operation(…)` of a plugin's command: the door's outcome as a value, or a RouteError. */
export async function operationFromCommand(
  cli: CliContext,
  ctx: OpenedCommandContext,
  name: string,
  input: Record<string, unknown>,
  dryRun: boolean,
): Promise<unknown> {
  const operation = cli.registry.operations.find((o) => o.name === name);
  if (!operation) throw new Error(`no operation "${name}" is enabled`);
  const parsed = operation.input.safeParse(input, { error: ru().localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RouteError(400, 'invalid_input', `${String(issue?.path[0] ?? 'ввод')}: ${issue?.message}`);
  }
  const outcome = await runThroughDoor(cli, ctx, operation, parsed.data, operation.writes && dryRun);
  if (outcome.kind === 'error') {
    const { status, code, message, field, row } = outcome.body;
    throw new RouteError(status, code, message, {
      ...(field !== undefined ? { field } : {}),
      ...(row !== undefined ? { row } : {}),
    });
  }
  return outcome.kind === 'file' ? outcome.file : outcome.value;
}

/** Runs the operation the command names and prints its outcome; the exit code. */
export async function runOperationCommand(
  cli: CliContext,
  ctx: OpenedCommandContext,
  operation: RegisteredOperation,
  received: { args: readonly unknown[]; options: Record<string, unknown> },
): Promise<number> {
  let checked: CheckedInput;
  try {
    checked = checkInput(operation, await rawInput(operation, received.args, received.options));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    checked = { ok: false, message: error.message, field: '' };
  }
  if (!checked.ok) {
    if (ctx.jsonOutput)
      ctx.json({
        error: { status: 400, code: 'invalid_input', message: checked.message, field: checked.field },
      });
    ctx.say(`ошибка: ${checked.message}`);
    return EXIT_USAGE;
  }
  const dryRun = operation.writes && received.options.dryRun === true;
  const outcome = await runThroughDoor(cli, ctx, operation, checked.input, dryRun);
  switch (outcome.kind) {
    case 'error': {
      const { body } = outcome;
      if (ctx.jsonOutput) ctx.json({ error: body });
      const name =
        body.field && body.field in operation.input.shape ? `${optionNameOf(operation, body.field)}: ` : '';
      ctx.say(`ошибка: ${name}${body.message}`);
      return body.status < 500 ? EXIT_USAGE : EXIT_FAILED;
    }
    case 'file': {
      const target = typeof received.options.out === 'string' ? received.options.out : outcome.file.fileName;
      await writeFile(target, outcome.file.bytes);
      if (ctx.jsonOutput) ctx.json({ file: target, bytes: outcome.file.bytes.length });
      ctx.say(`файл записан: ${target}`);
      return EXIT_OK;
    }
    case 'result': {
      // People's text on stderr always; stdout carries the result (--json) or the printed text.
      if (operation.render) ctx.say(operation.render(outcome.value, checked.input));
      else if (!ctx.jsonOutput) ctx.say(JSON.stringify(outcome.value, null, 2));
      if (dryRun) ctx.say('пробный прогон (--dry-run): ничего не записано');
      if (ctx.jsonOutput) ctx.json(outcome.value);
      else if (operation.print) process.stdout.write(`${operation.print(outcome.value, checked.input)}\n`);
      return EXIT_OK;
    }
    default:
      return assertNever(outcome);
  }
}

function assertNever(x: never): never {
  throw new Error(`unknown outcome ${JSON.stringify(x)}`);
}
