/**
 * The contract plugin notes-demo, installed next to the real plugins
 * (`createRegistry([...allPlugins, notesDemoPlugin])`), without a server: the
 * registry takes every kind of declaration it makes; nothing outside its
 * folder names it and it imports only public entries; its setting is parsed
 * from the environment at start-up (a bad value is one line naming its
 * variable), and its command runs through the CLI's command mounting.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { createRegistry } from '../../plugins/core/plugin/index';
import { openRuntime, silentLogger } from '../../plugins/core/runtime/index';
import { ConfigError, loadConfig, parsePluginSettings } from '../../plugins/core/settings/index';
import { allPlugins } from '../../plugins/index';
import { registryPlugin } from '../../plugins/registry/index';
import { registerPluginCommands } from '../../scripts/plugin-commands';
import { cruise, ROOT } from '../architecture/dependency-graph';
import { notesDemoPlugin, notesDemoSettings } from './index';

const plugins = [...allPlugins, notesDemoPlugin];
const registry = createRegistry(plugins);

/** Runs `realty <argv>` on a program with the registry's plugin commands; what it printed and its exit code. */
async function realty(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const program = new Command().name('realty').exitOverride();
  registerPluginCommands(program, [...registry.commands, ...registry.operations]);
  let stdout = '';
  let stderr = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  const savedCode = process.exitCode;
  process.exitCode = undefined;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.exitCode = savedCode;
  }
}

describe('notes-demo: declared once, collected by the registry', () => {
  it('is ordered after the plugin it depends on', () => {
    const names = registry.plugins.map((p) => p.name);
    assert.ok(names.indexOf('registry') < names.indexOf('notes-demo'), names.join(', '));
  });

  it('the registry holds each of its declarations', () => {
    assert.equal(registry.ownerOf('demoNote'), 'notes-demo');
    assert.ok(
      registry.extensions.some((e) => e.nameSingular === 'company' && 'demoNotesEnabled' in e.fields),
    );
    assert.deepEqual(
      registry.readModel.find((r) => r.object === 'demoNote')?.indexes.map((i) => i.fields),
      [['buildingId']],
    );
    assert.deepEqual(
      registry.handlersFor('demoNote.created').map((h) => `${h.plugin}/${h.name}`),
      ['notes-demo/count-created-note', 'notes-demo/chain-even'],
    );
    assert.ok(registry.jobs.some((j) => j.key === 'notes-demo:daily-digest'));
    assert.ok(registry.migrations.some((m) => m.plugin === 'notes-demo' && m.id === '001-notes-demo-tables'));
    assert.deepEqual(
      registry.routes.filter((r) => r.plugin === 'notes-demo').map((r) => `${r.method} ${r.path}`),
      [
        'GET /api/notes-demo/notes',
        'POST /api/notes-demo/notes',
        'GET /notes-demo',
        'POST /api/operations/notes-demo/retitle',
      ],
    );
    assert.deepEqual(
      registry.pages.filter((p) => p.plugin === 'notes-demo').map((p) => p.path),
      ['/notes-demo'],
    );
    assert.ok(registry.commands.some((c) => c.plugin === 'notes-demo' && c.name === 'notes-demo-digest'));
    assert.ok(registry.operations.some((o) => o.plugin === 'notes-demo' && o.name === 'notes-demo retitle'));
    assert.ok(registry.settings.includes(notesDemoSettings));
    assert.deepEqual(
      registry.seeds.map((s) => s.plugin).slice(-1),
      ['notes-demo'],
      'its seed runs after the registry’s',
    );
    assert.equal(
      registry.policyFor('demoNote').read({ kind: 'staff', memberId: 'm', email: 'x@y', role: 'callcenter' }),
      'none',
    );
  });
});

describe('notes-demo: restriction, kept previous values, afterSetup and optional cooperation', () => {
  it('its restriction narrows another plugin’s object for legal staff only', () => {
    const ruleOf = (role: 'legal' | 'sales' | 'admin') =>
      JSON.stringify(
        registry.policyFor('company').read({ kind: 'staff', memberId: 'm', email: 'x@y', role }),
      );
    const mine = JSON.stringify({ demoNotesEnabled: [true] });
    assert.ok(ruleOf('legal').includes(mine), ruleOf('legal'));
    assert.ok(!ruleOf('sales').includes(mine), ruleOf('sales'));
    assert.equal(ruleOf('admin'), '"all"');
  });

  it('the read model keeps its notes’ previous titles', () => {
    const entry = notesDemoPlugin.readModel[0];
    assert.ok(entry && 'keepPrevious' in entry);
    assert.deepEqual(entry.keepPrevious, ['title']);
  });

  it('declares an afterSetup step and uses the chessboard without depending on it', () => {
    assert.equal(typeof notesDemoPlugin.afterSetup, 'function');
    assert.deepEqual(notesDemoPlugin.uses, ['chessboard']);
    const names = registry.plugins.map((p) => p.name);
    assert.ok(
      names.indexOf('chessboard') < names.indexOf('notes-demo'),
      'a used plugin comes first when installed',
    );
    const alone = createRegistry([registryPlugin, notesDemoPlugin]);
    assert.deepEqual(
      alone.plugins.map((p) => p.name),
      ['registry', 'notes-demo'],
      'without the chessboard it is still a valid install',
    );
  });
});

/** Every file under `dir`, relative to the repository. */
function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(path.join(ROOT, file)).isDirectory() ? filesUnder(file) : [file];
  });
}

const filesMentioning = (dir: string, needle: string): string[] =>
  filesUnder(dir).filter((file) => readFileSync(path.join(ROOT, file), 'utf8').includes(needle));

describe('notes-demo: a plugin in one folder, built on public entries only', () => {
  it('no line of core, the CLI, the app server or devhost names it', () => {
    for (const dir of ['plugins', 'scripts', 'webhooks', 'devhost', 'sdk', 'db'])
      for (const needle of ['notes-demo', 'demoNote'])
        assert.deepEqual(filesMentioning(dir, needle), [], `${dir}/ mentions ${needle}`);
  });

  it('imports core only through its sub-folder entries and other plugins only through the index of those in dependsOn', () => {
    const pluginFiles = filesUnder('test/contract-plugin').filter((f) => !f.endsWith('.test.ts'));
    const graph = cruise(pluginFiles, ROOT, { maxDepth: 1 });
    const outside = graph.modules
      .filter((m) => pluginFiles.includes(m.source))
      .flatMap((m) =>
        m.dependencies.map((d) => ({ from: m.source, to: d.resolved, types: d.dependencyTypes })),
      )
      .filter((d) => d.to.startsWith('plugins/') || d.to.startsWith('sdk/'));
    const allowed = (to: string) =>
      /^plugins\/core\/([^/]+\/)?index\.ts$/.test(to) ||
      notesDemoPlugin.dependsOn.some((dep) => to === `plugins/${dep}/index.ts`) ||
      to === 'sdk/index.ts';
    assert.ok(outside.length > 0);
    assert.deepEqual(
      outside.filter((d) => !allowed(d.to)).map((d) => `${d.from} → ${d.to}`),
      [],
    );
  });
});

describe('notes-demo: its setting comes from the environment', () => {
  it('NOTES_DEMO_DIGEST_HOUR is parsed (default 7)', () => {
    const parsed = parsePluginSettings(registry.settings, { NOTES_DEMO_DIGEST_HOUR: '9' });
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.settings.get('notes-demo'), { digestHour: 9 });
    assert.deepEqual(parsePluginSettings(registry.settings, {}).settings.get('notes-demo'), {
      digestHour: 7,
    });
  });

  it('a bad value stops start-up with one line naming its variable', async () => {
    const error = await openRuntime({
      config: loadConfig({ REALTY_HOME: '/nonexistent/realty-contract' }),
      plugins,
      twenty: { url: 'http://127.0.0.1:9', apiKey: 'unused' },
      webhookSecret: 'contract-plugin-secret-0123456789',
      log: silentLogger,
      env: { NOTES_DEMO_DIGEST_HOUR: 'noon' },
      worker: false,
      scheduler: false,
    }).then(
      () => assert.fail('the runtime opened with a bad setting'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.problems.length, 1, error.problems.join('\n'));
    assert.match(error.problems[0] as string, /^NOTES_DEMO_DIGEST_HOUR: expected an hour 0-23.*got "noon"/);
  });
});

describe('notes-demo: its command through the CLI’s command mounting', () => {
  it('`realty notes-demo-digest --hour 9 --json` prints its summary on stdout and exits 0', async () => {
    const run = await realty(['notes-demo-digest', '--hour', '9', '--json']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { hour: 9, notes: 3 });
    assert.match(run.stderr, /digest at 9:00/);
  });

  it('a bad option exits 2 with a line naming it', async () => {
    const run = await realty(['notes-demo-digest', '--hour', '30']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--hour: expected an hour 0-23, got «30»/);
  });

  it('its operation is a command with options from its input and --dry-run; bad input exits 2 naming the option', async () => {
    const program = new Command().name('realty');
    registerPluginCommands(program, [...registry.commands, ...registry.operations]);
    const retitle = program.commands
      .find((c) => c.name() === 'notes-demo')
      ?.commands.find((c) => c.name() === 'retitle');
    assert.ok(retitle, 'realty notes-demo retitle');
    assert.match(retitle.helpInformation(), /<id>[\s\S]*--title <value>[\s\S]*--dry-run[\s\S]*--json/);
    const run = await realty(['notes-demo', 'retitle', 'not-a-uuid', '--title', 'Новое']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /<id>: /);
  });

  it('`realty --help` lists it with its plugin', () => {
    const program = new Command().name('realty');
    registerPluginCommands(program, registry.commands);
    assert.match(program.helpInformation(), /notes-demo-digest[^\n]*\n?[^\n]*\[notes-demo\]/);
  });
});
