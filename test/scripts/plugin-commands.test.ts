/**
 * A plugin's `realty` subcommands, mounted from their declarations: listed in
 * help (a group for `name sub`), run with their arguments and options, with
 * `--json` added when the plugin did not declare it, the returned code as the
 * exit code, and a clash with a CLI command refused by name. Progress without
 * a terminal is a line at most once a second, and the last one always.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import {
  type CommandArgs,
  type CommandContext,
  createRegistry,
  defineCommand,
  definePlugin,
} from '../../plugins/core/plugin/index';
import { createProgress } from '../../scripts/command-context';
import { registerPluginCommands } from '../../scripts/plugin-commands';

let home: string;
const savedHome = process.env.REALTY_HOME;
const savedExitCode = process.exitCode;

before(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'realty-plugin-commands-'));
  process.env.REALTY_HOME = home;
});
after(async () => {
  if (savedHome === undefined) delete process.env.REALTY_HOME;
  else process.env.REALTY_HOME = savedHome;
  process.exitCode = savedExitCode;
  await rm(home, { recursive: true, force: true });
});

const calls: { input: CommandArgs; jsonOutput: boolean; aborted: boolean }[] = [];
const record = (input: CommandArgs, ctx: CommandContext) => {
  calls.push({ input, jsonOutput: ctx.jsonOutput, aborted: ctx.signal.aborted });
};

const notes = definePlugin({
  name: 'notes',
  description: 'a plugin with commands, for this test',
  commands: [
    defineCommand({
      name: 'notes-export',
      description: 'export the notes',
      configure: (cmd) => cmd.argument('<file>', 'where to write').option('--since <date>', 'from this day'),
      run: (input, ctx) => {
        record(input, ctx);
        return 0;
      },
    }),
    defineCommand({
      name: 'notes check',
      description: 'check the notes',
      run: (input, ctx) => {
        record(input, ctx);
        return 2;
      },
    }),
  ],
});

function program(): Command {
  const p = new Command().name('realty').exitOverride();
  registerPluginCommands(p, createRegistry([notes]).commands);
  return p;
}

describe('registerPluginCommands', () => {
  it('lists every declared command in help, under its group for "name sub", naming the plugin', () => {
    const p = program();
    assert.deepEqual(
      p.commands.map((c) => c.name()),
      ['notes-export', 'notes'],
    );
    const exportHelp = p.commands[0].helpInformation();
    assert.match(exportHelp, /Usage: realty notes-export \[options\] <file>/);
    assert.match(exportHelp, /--since <date>/);
    assert.match(exportHelp, /--json/, '--json is added for every plugin command');
    assert.match(p.helpInformation(), /notes-export .*export the notes \[notes\]/);
    assert.deepEqual(
      p.commands[1].commands.map((c) => c.name()),
      ['check'],
    );
  });

  it('runs a command with its arguments and options, and its returned code becomes the exit code', async () => {
    calls.length = 0;
    await program().parseAsync([
      'node',
      'realty',
      'notes-export',
      'out.csv',
      '--since',
      '2026-10-01',
      '--json',
    ]);
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0].input.args, ['out.csv']);
    assert.deepEqual(calls[0].input.options, { since: '2026-10-01', json: true });
    assert.equal(calls[0].jsonOutput, true);
    assert.equal(calls[0].aborted, false);
    assert.equal(process.exitCode, 0);

    await program().parseAsync(['node', 'realty', 'notes', 'check']);
    assert.equal(calls[1].jsonOutput, false);
    assert.equal(process.exitCode, 2);
    process.exitCode = savedExitCode;
  });

  it('refuses a plugin command that takes the name of a CLI command', () => {
    const p = new Command().name('realty');
    p.command('setup');
    const clash = definePlugin({
      name: 'clash',
      description: 'declares setup',
      commands: [defineCommand({ name: 'setup', description: 'mine', run: () => 0 })],
    });
    assert.throws(
      () => registerPluginCommands(p, createRegistry([clash]).commands),
      /plugin "clash" declares `realty setup`, which the CLI already has/,
    );
  });
});

describe('createProgress without a terminal', () => {
  it('prints a line at most once a second, and the last state when stopped', () => {
    const lines: string[] = [];
    let now = 0;
    const bar = createProgress('writing units', 1000, {
      tty: false,
      write: (l) => lines.push(l),
      now: () => now,
    });
    bar.update(1);
    now = 400;
    bar.update(300);
    now = 1_100;
    bar.update(600);
    now = 1_200;
    bar.update(700);
    bar.stop();
    assert.deepEqual(lines, [
      'writing units: 1/1000 (0%)\n',
      'writing units: 600/1000 (60%)\n',
      'writing units: 700/1000 (70%)\n',
    ]);
  });

  it('always prints the finished count, and works without a known total', () => {
    const lines: string[] = [];
    const bar = createProgress('rows', undefined, { tty: false, write: (l) => lines.push(l), now: () => 0 });
    bar.update(5);
    bar.update(10, 10);
    bar.stop();
    assert.deepEqual(lines, ['rows: 5\n', 'rows: 10/10 (100%)\n']);
  });
});
