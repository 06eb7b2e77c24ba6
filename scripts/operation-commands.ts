/**
 * The command door of an operation (`defineOperation`): `realty <name>` with
 * arguments and options generated from its flat zod input (`args` positional,
 * every other key `--kebab-key`, `--dry-run` when it writes, `--json`), the
 * input checked with Russian messages that name the option (exit 2), and the
 * run decided here, in core: through the running app (`POST
 * /api/operations/…`, progress streamed as NDJSON) when `realty start` holds
 * the embedded store, otherwise in this process's runtime as the operator (an
 * admin staff principal) through the same access layer. A file result is
 * written to `--out` (or its own name in the current directory).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ru } from 'zod/v4/locales';
import type { StaffPrincipal } from '../plugins/core/access/index';
import {
  type ErrorBody,
  kebabOf,
  OPERATION_STREAM_TYPE,
  type OperationField,
  OperationFile,
  type OperationFileEncoding,
  operationFields,
  type RegisteredOperation,
  RouteError,
  runOperation,
} from '../plugins/core/plugin/index';
import { appServerRunning, appUrl, CLI_OPERATOR, type CliContext, operatorToken } from './cli-runtime';
import { CliUsageError, EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli-support';
import type { OpenedCommandContext } from './command-context';

/** Who an operation runs as from the command line without the app: the operator, an admin. */
export const CLI_OPERATOR_PRINCIPAL: StaffPrincipal = Object.freeze({
  kind: 'staff',
  role: 'admin',
  ...CLI_OPERATOR,
});

const collect = (value: string, previous: string[] = []) => [...previous, value];

function describe(field: OperationField): string {
  const text = field.description ?? '';
  return field.values ? `${text}${text ? ' ' : ''}(${field.values.join(' | ')})` : text;
}

/** Adds the input's arguments and options (and --dry-run, --json, --out) to the commander command. */
export function configureOperation(command: Command, operation: RegisteredOperation): void {
  const { fields } = operationFields(operation.input);
  for (const key of operation.args) {
    const field = fields.find((f) => f.key === key);
    command.argument(field?.optional ? `[${key}]` : `<${key}>`, field ? describe(field) : '');
  }
  for (const field of fields) {
    if (operation.args.includes(field.key)) continue;
    const flag = `--${kebabOf(field.key)}`;
    if (field.key === operation.stdin) {
      if (field.optional) command.option(`${flag}-stdin`, `read ${field.key} from stdin`);
      continue;
    }
    if (operation.files[field.key]) command.option(`${flag} <file>`, describe(field) || 'a file to read');
    else if (field.type === 'boolean') command.option(flag, describe(field));
    else if (field.type === 'strings')
      command.option(`${flag} <value>`, `${describe(field)} (repeatable)`, collect);
    else command.option(`${flag} <value>`, describe(field));
  }
  if (operation.writes) command.option('--dry-run', 'check everything, write nothing');
  command.option('--out <file>', 'where to write a file the operation answers (default: its own name here)');
  if (operation.stdin && fields.find((f) => f.key === operation.stdin)?.optional === false)
    command.addHelpText('after', `\n${operation.stdin} is read from stdin.`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The name a person typed for an input key: `--shift-days`, `<scenarioId>` (as help shows it), or stdin. */
export function optionNameOf(operation: RegisteredOperation, key: string): string {
  if (operation.args.includes(key)) return `<${key}>`;
  if (key === operation.stdin) return `${key} (stdin)`;
  return `--${kebabOf(key)}`;
}

/** A number typed on the command line becomes a number; anything else stays text for zod to refuse. */
function coerce(field: OperationField, value: unknown): unknown {
  if (field.type === 'number' && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(',', '.'));
    return Number.isFinite(n) ? n : value;
  }
  return value;
}

/** A file named on the command line, as the operation takes it; a file that cannot be read is a usage error naming the option. */
async function readInputFile(
  operation: RegisteredOperation,
  key: string,
  file: string,
  encoding: OperationFileEncoding,
): Promise<string> {
  try {
    const bytes = await readFile(file);
    return encoding === 'base64' ? bytes.toString('base64') : bytes.toString('utf8');
  } catch (error) {
    throw new CliUsageError(
      `${optionNameOf(operation, key)}: не удалось прочитать файл ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The raw input from arguments, options and stdin, before the schema checks it. */
export async function rawInput(
  operation: RegisteredOperation,
  args: readonly unknown[],
  options: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { fields } = operationFields(operation.input);
  const raw: Record<string, unknown> = {};
  for (const field of fields) {
    const index = operation.args.indexOf(field.key);
    let value = index >= 0 ? args[index] : options[field.key];
    if (field.key === operation.stdin && typeof value !== 'string') {
      // Commander has no option for it; a caller in this process may hand the text over as one.
      const fromStdin = !field.optional || options[`${field.key}Stdin`] === true;
      value = fromStdin ? await readStdin() : undefined;
    }
    const encoding = operation.files[field.key];
    if (encoding && typeof value === 'string') {
      // `<key>Name` in the input, when not given, is the file's own name.
      const nameKey = `${field.key}Name`;
      if (nameKey in operation.input.shape && options[nameKey] === undefined) raw[nameKey] = basename(value);
      value = await readInputFile(operation, field.key, value, encoding);
    }
    if (value !== undefined) raw[field.key] = coerce(field, value);
  }
  return raw;
}

export type CheckedInput = { ok: true; input: unknown } | { ok: false; message: string; field: string };

/** The input as the schema takes it, or the first problem in Russian, naming the option. */
export function checkInput(operation: RegisteredOperation, raw: Record<string, unknown>): CheckedInput {
  const parsed = operation.input.safeParse(raw, { error: ru().localeError });
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const name = key ? optionNameOf(operation, key) : 'ввод';
  const missing = issue?.code === 'invalid_type' && raw[key] === undefined;
  return {
    ok: false,
    field: key,
    message: `${name}: ${missing ? 'обязательный параметр не задан' : (issue?.message ?? 'неверное значение')}`,
  };
}

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
      if (dryRun) ctx.say('пробный прогон (--dry-run): ничего не записано');
      if (ctx.jsonOutput) ctx.json(outcome.value);
      else {
        ctx.say(
          operation.render
            ? operation.render(outcome.value, checked.input)
            : JSON.stringify(outcome.value, null, 2),
        );
        if (operation.print) process.stdout.write(`${operation.print(outcome.value, checked.input)}\n`);
      }
      return EXIT_OK;
    }
    default:
      return assertNever(outcome);
  }
}

function assertNever(x: never): never {
  throw new Error(`unknown outcome ${JSON.stringify(x)}`);
}
