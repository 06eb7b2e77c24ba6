/**
 * One operation, two doors: a test plugin's operation is a route (real HTTP
 * through the app server and the access layer: roles, body validation,
 * dry run, NDJSON progress, a file download) and a `realty` command, run both
 * directly (this process opens its own runtime on its own store, as the
 * operator) and through a running app (the CLI sees the app on its port and
 * posts to the operation's route). Validation errors name the option in
 * Russian and exit 2; `--dry-run` changes nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { z } from 'zod';
import {
  createRegistry,
  defineOperation,
  definePlugin,
  operationFile,
  RouteError,
} from '../../plugins/core/plugin/index';
import { silentLogger } from '../../plugins/core/runtime/logger';
import { loadConfig } from '../../plugins/core/settings/config';
import { loadPluginSettings } from '../../plugins/core/settings/plugin-settings';
import type { CliContext } from '../../scripts/cli-runtime';
import { registerPluginCommands } from '../../scripts/plugin-commands';
import { type AppStack, startAppStack } from '../support/app-stack';
import { freePort } from './realty-process';

const renameCompany = defineOperation({
  name: 'opsdemo rename',
  description: 'renames a company',
  roles: ['admin', 'sales'],
  input: z.object({
    id: z.string().uuid(),
    name: z.string().min(2),
    times: z.number().int().min(1).max(3).default(1),
  }),
  args: ['id'],
  writes: true,
  objects: ['company'],
  async run(input, ctx) {
    const records = ctx.writer.records('company');
    const before = await records.get(input.id);
    if (input.name === 'forbidden')
      throw new RouteError(409, 'opsdemo_refused', 'это имя запрещено', { field: 'name' });
    for (let i = 1; i <= input.times; i++) ctx.progress(i, input.times, 'renaming');
    if (ctx.dryRun) return { dryRun: true, from: before.name, to: input.name, by: ctx.principal.kind };
    const after = await records.update(input.id, { name: input.name });
    return { from: before.name, to: after.name, by: ctx.principal.kind };
  },
  render: (r) => `переименовано: «${String(r.from)}» → «${String(r.to)}»`,
});

const exportCompany = defineOperation({
  name: 'opsdemo export',
  description: 'a company as a text file',
  roles: ['admin'],
  input: z.object({ id: z.string() }),
  args: ['id'],
  writes: false,
  objects: ['company'],
  async run(input, ctx) {
    const company = await ctx.writer.records('company').get(input.id);
    return operationFile(Buffer.from(`company: ${String(company.name)}\n`), {
      contentType: 'text/plain; charset=utf-8',
      fileName: 'company.txt',
    });
  },
});

/** How the last `opsdemo wait` ended: stopped by its signal, or never. */
let waitStopped: string | undefined;
const waitOperation = defineOperation({
  name: 'opsdemo wait',
  description: 'reports progress until it is stopped',
  roles: ['admin'],
  input: z.object({}),
  writes: false,
  async run(_input, ctx) {
    for (let i = 1; i <= 600 && !ctx.signal.aborted; i++) {
      ctx.progress(i, 600, 'waiting');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    waitStopped = ctx.signal.aborted ? 'stopped' : 'ran to the end';
    return { waited: true };
  },
});

const opsdemo = definePlugin({
  name: 'opsdemo',
  description: 'a plugin with operations, for this test',
  operations: [renameCompany, exportCompany, waitOperation],
});

let stack: AppStack;
let work: string;
let companyId: string;

before(async () => {
  stack = await startAppStack({ name: 'operations', plugins: [opsdemo], worker: false });
  work = await mkdtemp(path.join(tmpdir(), 'realty-ops-cli-'));
  const created = (await stack.twentyRest('POST', '/rest/companies', { name: 'Альфа' })) as {
    data: { createCompany: { id: string } };
  };
  companyId = created.data.createCompany.id;
});

after(async () => {
  await stack?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

const companyName = async () =>
  ((await stack.twentyRest('GET', `/rest/companies/${companyId}`)) as { data: { company: { name: string } } })
    .data.company.name;

async function post(pathName: string, body: unknown, role: 'admin' | 'sales' | 'finance', accept?: string) {
  return fetch(`${stack.server.url}${pathName}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${stack.staffToken(role)}`,
      'content-type': 'application/json',
      ...(accept ? { accept } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe('an operation as a route', () => {
  it('is POST /api/operations/<name> for its roles, its body checked, its dry run writing nothing', async () => {
    const path = '/api/operations/opsdemo/rename';
    assert.equal((await post(path, { id: companyId, name: 'Бета' }, 'finance')).status, 403);
    const bad = await post(path, { id: companyId, name: 'Б' }, 'admin');
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { field: string }).field, 'name');
    const dry = await post(path, { id: companyId, name: 'Бета', dryRun: true }, 'sales');
    assert.equal(dry.status, 200);
    assert.deepEqual(await dry.json(), { dryRun: true, from: 'Альфа', to: 'Бета', by: 'staff' });
    assert.equal(await companyName(), 'Альфа', 'a dry run writes nothing');
    const refused = await post(path, { id: companyId, name: 'forbidden' }, 'admin');
    assert.equal(refused.status, 409);
    assert.equal(((await refused.json()) as { code: string }).code, 'opsdemo_refused');
    const done = await post(path, { id: companyId, name: 'Бета' }, 'admin');
    assert.deepEqual(await done.json(), { from: 'Альфа', to: 'Бета', by: 'staff' });
    assert.equal(await companyName(), 'Бета');
  });

  it('streams progress and the result as NDJSON when asked, and sends a file result as a download', async () => {
    const streamed = await post(
      '/api/operations/opsdemo/rename',
      { id: companyId, name: 'Гамма', times: 3 },
      'admin',
      'application/x-ndjson',
    );
    assert.match(streamed.headers.get('content-type') ?? '', /application\/x-ndjson/);
    const lines = (await streamed.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(lines.at(-1), { result: { from: 'Бета', to: 'Гамма', by: 'staff' } });
    assert.deepEqual(lines.at(-2), { progress: { done: 3, total: 3, label: 'renaming' } });
    const file = await post('/api/operations/opsdemo/export', { id: companyId }, 'admin');
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-disposition') ?? '', /company\.txt/);
    assert.equal(await file.text(), 'company: Гамма\n');
  });
});

describe('a streamed run', () => {
  it('stops when its caller goes away (Ctrl-C on the command line stops the run in the app)', async () => {
    const caller = new AbortController();
    const res = await fetch(`${stack.server.url}/api/operations/opsdemo/wait`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.staffToken('admin')}`,
        'content-type': 'application/json',
        accept: 'application/x-ndjson',
      },
      body: '{}',
      signal: caller.signal,
    });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /"progress":\{"done":1,"total":600,"label":"waiting"\}/);
    caller.abort();
    const deadline = Date.now() + 5_000;
    while (waitStopped === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(waitStopped, 'stopped', 'the run saw its signal, well before its 30 s');
  });
});

/** `realty <args>` in this process with the given install; exit code and both streams. */
async function realty(cli: CliContext, args: string[]) {
  const program = new Command().name('realty').exitOverride();
  const registry = createRegistry([opsdemo]);
  registerPluginCommands(program, [...registry.commands, ...registry.operations], { context: () => cli });
  const out: string[] = [];
  const err: string[] = [];
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  // The CLI writes text; the test runner's own messages (bytes) pass through.
  const capture =
    (into: string[], original: typeof process.stdout.write) =>
    (chunk: unknown, ...rest: unknown[]): boolean =>
      typeof chunk === 'string'
        ? into.push(chunk) > 0
        : (original as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  process.stdout.write = capture(out, write.stdout) as typeof process.stdout.write;
  process.stderr.write = capture(err, write.stderr) as typeof process.stderr.write;
  const savedCode = process.exitCode;
  try {
    process.exitCode = 0;
    await program.parseAsync(['node', 'realty', ...args]);
    return { code: process.exitCode, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
    process.exitCode = savedCode;
  }
}

/** An install whose app is the stack's (through the app) or nobody (directly, a store of its own). */
async function install(mode: 'app' | 'direct'): Promise<CliContext> {
  const port = mode === 'app' ? Number(new URL(stack.server.url).port) : await freePort();
  const home = mode === 'app' ? stack.home : await mkdtemp(path.join(work, 'home-'));
  const config = loadConfig({
    REALTY_HOME: home,
    PORT: String(port),
    TWENTY_URL: stack.devhost.url,
    TWENTY_API_KEY: stack.devhost.apiKey,
    TWENTY_WEBHOOK_SECRET: stack.webhookSecret,
    STAFF_JWT_SECRET: stack.staffSecret,
  });
  const registry = createRegistry([opsdemo]);
  return {
    config,
    log: silentLogger,
    secrets: { webhookSecret: stack.webhookSecret, staffSecret: stack.staffSecret },
    registry,
    settings: loadPluginSettings(registry.settings, {}),
  };
}

describe('an operation as a command', () => {
  for (const mode of ['direct', 'app'] as const) {
    it(`runs ${mode === 'app' ? 'through the running app' : 'directly, in its own runtime'}: --dry-run changes nothing, --json prints the result, render the people's text`, async () => {
      const cli = await install(mode);
      const name = `Дельта-${mode}`;
      const before = await companyName();
      const dry = await realty(cli, ['opsdemo', 'rename', companyId, '--name', name, '--dry-run', '--json']);
      assert.equal(dry.code, 0, dry.stderr);
      assert.deepEqual(JSON.parse(dry.stdout), { dryRun: true, from: before, to: name, by: 'staff' });
      assert.match(dry.stderr, /--dry-run/);
      assert.equal(await companyName(), before, 'the dry run wrote nothing');

      const run = await realty(cli, ['opsdemo', 'rename', companyId, '--name', name, '--times', '2']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, new RegExp(`переименовано: «${before}» → «${name}»`));
      assert.match(run.stderr, /renaming: 2\/2/, 'progress shown');
      assert.equal(run.stdout, '');
      assert.equal(await companyName(), name);

      const out = path.join(work, `company-${mode}.txt`);
      const file = await realty(cli, ['opsdemo', 'export', companyId, '--out', out]);
      assert.equal(file.code, 0, file.stderr);
      assert.equal(await readFile(out, 'utf8'), `company: ${name}\n`);
    });

    it(`refuses bad input in Russian naming the option, exit 2 (${mode})`, async () => {
      const cli = await install(mode);
      const short = await realty(cli, ['opsdemo', 'rename', companyId, '--name', 'Я']);
      assert.equal(short.code, 2);
      assert.match(short.stderr, /--name: Слишком маленькое значение/);
      const missing = await realty(cli, ['opsdemo', 'rename', companyId]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--name: обязательный параметр не задан/);
      const times = await realty(cli, ['opsdemo', 'rename', companyId, '--name', 'Ок', '--times', 'два']);
      assert.equal(times.code, 2);
      assert.match(times.stderr, /--times: .*число/);
      const badId = await realty(cli, ['opsdemo', 'rename', 'not-a-uuid', '--name', 'Ок']);
      assert.equal(badId.code, 2);
      assert.match(badId.stderr, /<id>: /);
      const refused = await realty(cli, ['opsdemo', 'rename', companyId, '--name', 'forbidden', '--json']);
      assert.equal(refused.code, 2);
      assert.equal(JSON.parse(refused.stdout).error.code, 'opsdemo_refused');
      assert.match(refused.stderr, /--name: это имя запрещено/);
    });
  }
});
