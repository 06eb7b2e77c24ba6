/**
 * `defineOperation`: an admin action declared once — its input (a flat zod
 * object), who may run it, whether it writes, and what it does — and served
 * by core through two doors: the route `POST /api/operations/<name with
 * spaces → '/'>` (through the access layer, like any route) and the command
 * `realty <name>` (options generated from the input; `--dry-run` when it
 * writes; through the running app when `realty start` holds the store, else
 * in the CLI's own runtime as an admin). A plugin never writes a port.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { ObjectRef } from '../../../sdk/index';
import { STAFF_ROLES, type StaffRole } from '../auth/staff-token';
import { withOrigin } from '../events/origin';
import { DeclarationError } from './declaration-error';
import type { RouteContext, RouteDeclaration, RouteRequest, RouteResponse } from './define-route';
import { type ErrorBody, errorBody, RouteError } from './route-error';

/** What an operation's `run` gets: a route's context plus the run's dry-run flag and progress. */
export interface OperationContext extends RouteContext {
  /** True: check everything, write nothing, answer what would be done. */
  readonly dryRun: boolean;
  /**
   * Reports progress of a long run: a bar on the command line, a line of the route's NDJSON stream
   * (when the caller asks `Accept: application/x-ndjson`); nothing otherwise.
   */
  progress(done: number, total?: number, label?: string): void;
}

/** A result that is a file (a report, an export): the route sends its bytes; the command writes it (`--out`). */
export class OperationFile {
  readonly kind = 'operation-file';
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
    readonly fileName: string,
  ) {}
}

export const operationFile = (bytes: Buffer, options: { contentType: string; fileName: string }) =>
  new OperationFile(bytes, options.contentType, options.fileName);

export type OperationInput = z.ZodObject;
export type OperationFileEncoding = 'text' | 'base64';

export interface OperationConfig<I extends OperationInput, R> {
  /** The command (`agency-user set-password`; a space makes a group) and, with '/' for spaces, the route. */
  name: string;
  description: string;
  /** Staff roles allowed through the route (the command runs as the operator, an admin). */
  roles: readonly StaffRole[];
  /** A flat object: each key an option `--kebab-key` and a JSON body field. */
  input: I;
  /** Input keys given as positional command arguments, in order. */
  args?: readonly (keyof z.infer<I> & string)[];
  /** True: the command gets `--dry-run` and the body `dryRun`. */
  writes: boolean;
  /** The objects the scoped reader and writer serve (as `defineRoute`); default none. */
  objects?: readonly (string | ObjectRef<unknown>)[];
  /** An input key the command reads from stdin instead of an option (a password). */
  stdin?: keyof z.infer<I> & string;
  /**
   * Input keys the command line gives as a file path: the command reads the file and sends its
   * content — UTF-8 `text`, or `base64` for bytes (a workbook) — so the route never reads the server's disk.
   */
  files?: Partial<Record<keyof z.infer<I> & string, OperationFileEncoding>>;
  /** The largest JSON body the route takes, when more than the server's default (1 MB). */
  bodyLimit?: number;
  run(input: z.infer<I>, ctx: OperationContext): Promise<R>;
  /** People's text for the command line (stderr); `--json` prints the result instead. */
  render?(result: R, input: z.infer<I>): string;
  /** Text for stdout without `--json`, for `$(realty …)` (a token); people's text stays on stderr. */
  print?(result: R, input: z.infer<I>): string;
}

export interface OperationDeclaration {
  readonly kind: 'operation';
  readonly name: string;
  readonly description: string;
  readonly roles: readonly StaffRole[];
  readonly input: OperationInput;
  readonly args: readonly string[];
  readonly writes: boolean;
  readonly objects: readonly string[];
  readonly stdin?: string;
  readonly files: Readonly<Record<string, OperationFileEncoding>>;
  readonly bodyLimit?: number;
  /** The generated route's path. */
  readonly path: string;
  readonly run: (input: unknown, ctx: OperationContext) => Promise<unknown>;
  readonly render?: (result: unknown, input: unknown) => string;
  readonly print?: (result: unknown, input: unknown) => string;
}

/** One input key as the command line sees it. */
export interface OperationField {
  readonly key: string;
  readonly type: 'string' | 'number' | 'boolean' | 'enum' | 'strings';
  readonly optional: boolean;
  readonly values?: readonly string[];
  readonly description?: string;
}

export const OPERATION_ROUTE_PREFIX = '/api/operations/';
/** Keys the doors add; an input may not declare them. */
const RESERVED_KEYS = ['dryRun', 'json', 'out'];
const NAME = /^[a-z][a-z0-9-]*( [a-z][a-z0-9-]*)?$/;

export const operationPath = (name: string) => `${OPERATION_ROUTE_PREFIX}${name.split(' ').join('/')}`;
/** `shiftDays` → `shift-days`. */
export const kebabOf = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

type Schema = z.core.$ZodType;
const typeOf = (s: Schema): string => s._zod.def.type;

/** The field's own type under optional/default/nullable wrappers; whether it may be left out. */
function unwrap(schema: Schema): { inner: Schema; optional: boolean } {
  let inner = schema;
  let optional = false;
  for (;;) {
    const def = inner._zod.def as { type: string; innerType?: Schema };
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) {
      if (def.type !== 'nullable') optional = true;
      inner = def.innerType;
    } else return { inner, optional };
  }
}

/** The input's keys as command options, or the problems that keep a key off the command line. */
export function operationFields(input: OperationInput): { fields: OperationField[]; problems: string[] } {
  const fields: OperationField[] = [];
  const problems: string[] = [];
  for (const [key, schema] of Object.entries(input.shape as Record<string, Schema>)) {
    const { inner, optional } = unwrap(schema);
    const description = (schema as { description?: string }).description;
    const base = { key, optional, ...(description ? { description } : {}) };
    const type = typeOf(inner);
    if (type === 'string' || type === 'number' || type === 'boolean') fields.push({ ...base, type });
    else if (type === 'enum')
      fields.push({
        ...base,
        type: 'enum',
        values: ((inner as unknown as { options: unknown[] }).options ?? []).map(String),
      });
    else if (
      type === 'array' &&
      typeOf((inner._zod.def as unknown as { element: Schema }).element) === 'string'
    )
      fields.push({ ...base, type: 'strings' });
    else
      problems.push(
        `input.${key} is a ${type}; an operation's input is flat: strings, numbers, booleans, enums or string lists`,
      );
  }
  return { fields, problems };
}

export function operationProblems(config: OperationConfig<OperationInput, unknown>): string[] {
  const problems: string[] = [];
  if (typeof config?.name !== 'string' || !NAME.test(config.name))
    problems.push(
      `name "${String(config?.name)}" must be one or two lowercase words with dashes, e.g. "agency-user set-password"`,
    );
  if (typeof config?.description !== 'string' || config.description.trim() === '')
    problems.push('description is empty; say what the operation does');
  if (!Array.isArray(config?.roles) || config.roles.length === 0)
    problems.push('roles is empty; name the staff roles that may run it, e.g. ["admin"]');
  else
    for (const role of config.roles)
      if (!(STAFF_ROLES as readonly string[]).includes(role))
        problems.push(`role "${String(role)}" is not a staff role (${STAFF_ROLES.join(', ')})`);
  if (typeof config?.writes !== 'boolean')
    problems.push('writes must be true or false (true gives the command --dry-run)');
  if (typeof config?.run !== 'function') problems.push('run is missing');
  if (config?.render !== undefined && typeof config.render !== 'function')
    problems.push('render must be a function of the result');
  if (config?.print !== undefined && typeof config.print !== 'function')
    problems.push('print must be a function of the result');
  if (config?.objects !== undefined && !Array.isArray(config.objects))
    problems.push('objects must list the objects it reads or writes');
  if (config?.bodyLimit !== undefined && !(Number.isInteger(config.bodyLimit) && config.bodyLimit > 0))
    problems.push(`bodyLimit ${String(config.bodyLimit)} is not a positive whole number of bytes`);
  const input = config?.input as unknown;
  if (!(input instanceof z.ZodObject)) {
    problems.push('input must be a z.object({ … })');
    return problems;
  }
  const { fields, problems: fieldProblems } = operationFields(config.input);
  problems.push(...fieldProblems);
  const keys = new Set(Object.keys(config.input.shape));
  for (const key of RESERVED_KEYS)
    if (keys.has(key)) problems.push(`input.${key}: "${key}" is added by core; rename the key`);
  const args = config.args ?? [];
  for (const arg of args) {
    const field = fields.find((f) => f.key === arg);
    if (!keys.has(arg)) problems.push(`args names "${arg}", which is not a key of input`);
    else if (field && (field.type === 'boolean' || field.type === 'strings'))
      problems.push(
        `args names "${arg}", a ${field.type === 'boolean' ? 'flag' : 'list'}; give it as an option`,
      );
  }
  if (new Set(args).size !== args.length) problems.push('args names a key twice');
  if (config.stdin !== undefined) {
    const field = fields.find((f) => f.key === config.stdin);
    if (field?.type !== 'string')
      problems.push(`stdin names "${String(config.stdin)}", which is not a string key of input`);
    else if (args.includes(config.stdin)) problems.push(`stdin "${config.stdin}" is also in args`);
  }
  for (const [key, encoding] of Object.entries(config.files ?? {})) {
    if (fields.find((f) => f.key === key)?.type !== 'string')
      problems.push(`files names "${key}", which is not a string key of input`);
    if (encoding !== 'text' && encoding !== 'base64')
      problems.push(`files.${key}: "${String(encoding)}" is not "text" or "base64"`);
  }
  return problems;
}

export function defineOperation<I extends OperationInput, R>(
  config: OperationConfig<I, R>,
): OperationDeclaration {
  const problems = operationProblems(config as unknown as OperationConfig<OperationInput, unknown>);
  if (problems.length > 0)
    throw new DeclarationError('invalid_operation', `defineOperation("${String(config?.name)}")`, problems);
  return Object.freeze({
    kind: 'operation',
    name: config.name,
    description: config.description,
    roles: Object.freeze([...config.roles]),
    input: config.input,
    args: Object.freeze([...(config.args ?? [])]),
    writes: config.writes,
    objects: Object.freeze((config.objects ?? []).map((o) => (typeof o === 'string' ? o : o.nameSingular))),
    ...(config.stdin !== undefined ? { stdin: config.stdin } : {}),
    files: Object.freeze({ ...(config.files ?? {}) }) as Readonly<Record<string, OperationFileEncoding>>,
    ...(config.bodyLimit !== undefined ? { bodyLimit: config.bodyLimit } : {}),
    path: operationPath(config.name),
    run: config.run as OperationDeclaration['run'],
    ...(config.render ? { render: config.render as OperationDeclaration['render'] } : {}),
    ...(config.print ? { print: config.print as OperationDeclaration['print'] } : {}),
  });
}

/** The body the route takes: the input, with `dryRun` when the operation writes. */
export function operationBody(operation: OperationDeclaration): z.ZodObject {
  return operation.writes ? operation.input.extend({ dryRun: z.boolean().optional() }) : operation.input;
}

/**
 * Runs an operation with a route's context: both doors call this (the route, and the command in the
 * CLI's runtime), inside the write origin `{ plugin, kind: 'operation', name }`.
 */
export function runOperation(
  operation: OperationDeclaration,
  input: unknown,
  ctx: RouteContext,
  options: { dryRun: boolean; progress?: OperationContext['progress'] },
): Promise<unknown> {
  if (options.dryRun && !operation.writes)
    throw new RouteError(
      400,
      'operation_no_dry_run',
      `операция «${operation.name}» ничего не пишет: dryRun не нужен`,
      {
        field: 'dryRun',
      },
    );
  const context: OperationContext = Object.freeze({
    ...ctx,
    dryRun: options.dryRun,
    progress: options.progress ?? (() => undefined),
  });
  return withOrigin({ plugin: ctx.plugin, kind: 'operation', name: operation.name }, () =>
    operation.run(input, context),
  );
}

/** The NDJSON media type: progress lines, then `{ "result": … }` or `{ "error": … }`. */
export const OPERATION_STREAM_TYPE = 'application/x-ndjson';

/** What the route answers for a result: JSON, or a file's bytes with its name. */
export function operationResponse(result: unknown): RouteResponse {
  if (result instanceof OperationFile)
    return {
      headers: {
        'content-type': result.contentType,
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(result.fileName)}`,
        'cache-control': 'no-store',
      },
      body: result.bytes,
    };
  return { headers: { 'cache-control': 'no-store' }, body: result ?? null };
}

/** A failure as the stream's last line: a refusal's own body, anything else a 500 that points at the log. */
function streamedError(error: unknown): ErrorBody {
  if (error instanceof RouteError) return error.toBody();
  const e = error as { status?: unknown; code?: unknown; message?: unknown; field?: unknown };
  if (typeof e?.status === 'number' && e.status < 500 && typeof e.code === 'string')
    return errorBody(
      e.status,
      e.code,
      String(e.message),
      typeof e.field === 'string' ? { field: e.field } : {},
    );
  return errorBody(500, 'internal_error', 'операция не удалась на сервере; подробности в журнале сервера');
}

/**
 * Streams a run as NDJSON: `{"progress":{done,total,label}}` lines (at most one per 200 ms, and the
 * last), then `{"result":…}`, `{"file":{fileName,contentType,base64}}` or `{"error":{…the one error body}}`.
 */
function streamRun(
  run: (progress: OperationContext['progress'], signal: AbortSignal) => Promise<unknown>,
  ctx: RouteContext,
  name: string,
): RouteResponse {
  const out = new PassThrough();
  // A caller that goes away (Ctrl-C on the command line) stops the run, as the server's shutdown does.
  const stop = new AbortController();
  let finished = false;
  out.on('close', () => {
    if (!finished) stop.abort(new Error('the caller closed the stream'));
  });
  let last = 0;
  const line = (value: unknown) => {
    if (!out.destroyed) out.write(`${JSON.stringify(value)}\n`);
  };
  void run(
    (done, total, label) => {
      const now = Date.now();
      if (now - last < 200 && (total === undefined || done < total)) return;
      last = now;
      line({ progress: { done, ...(total !== undefined ? { total } : {}), ...(label ? { label } : {}) } });
    },
    AbortSignal.any([ctx.signal, stop.signal]),
  )
    .then((result) => {
      if (result instanceof OperationFile)
        line({
          file: {
            fileName: result.fileName,
            contentType: result.contentType,
            base64: result.bytes.toString('base64'),
          },
        });
      else line({ result: result ?? null });
    })
    .catch((error: unknown) => {
      const body = streamedError(error);
      if (body.status >= 500) ctx.log.error({ err: error, operation: name }, 'an operation failed');
      line({ error: body });
    })
    .finally(() => {
      finished = true;
      out.end();
    });
  return { headers: { 'content-type': OPERATION_STREAM_TYPE, 'cache-control': 'no-store' }, body: out };
}

/** The route core mounts for an operation: `POST /api/operations/<name>`, body = input (+ dryRun). */
export function operationRoute(operation: OperationDeclaration): RouteDeclaration {
  return Object.freeze({
    kind: 'route',
    method: 'POST',
    path: operation.path,
    roles: operation.roles,
    description: operation.description,
    objects: operation.objects,
    body: operationBody(operation),
    ...(operation.bodyLimit !== undefined ? { bodyLimit: operation.bodyLimit } : {}),
    handler: async (request: RouteRequest<unknown, unknown, unknown>, ctx: RouteContext) => {
      const { dryRun, ...input } = (request.body ?? {}) as Record<string, unknown>;
      const run = (progress?: OperationContext['progress'], signal?: AbortSignal) =>
        runOperation(operation, input, signal ? { ...ctx, signal } : ctx, {
          dryRun: dryRun === true,
          ...(progress ? { progress } : {}),
        });
      const accept = String(request.headers.accept ?? '');
      if (accept.includes(OPERATION_STREAM_TYPE)) return streamRun(run, ctx, operation.name);
      return operationResponse(await run());
    },
  });
}
