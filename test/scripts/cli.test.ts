/**
 * The `realty` CLI as a process: help for every command (the CLI's own and
 * the enabled plugins'), exit code 2 for usage and configuration mistakes
 * (one readable line per problem — core and plugin settings together — no
 * stack trace), no staff token without a named role, and the commands that
 * need a workspace saying how to get one.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Command, CommanderError } from 'commander';
import { buildProgram } from '../../scripts/cli';
import { type CliResult, newInstall, type RealtyInstall, runRealty } from './realty-process';

const STACK_FRAME = /\n\s+at .+:\d+:\d+/;

/** Each command with the flags its help must mention. */
const HELP: { command: string[]; mentions: string[] }[] = [
  {
    command: [],
    mentions: [
      'start',
      'devhost',
      'setup',
      'seed-demo',
      'import-units',
      'staff-token',
      'resync',
      'jobs',
      'status',
      'queue',
      '[registry]', // import-units: a plugin's command, mounted from its declaration
    ],
  },
  { command: ['start'], mentions: ['--no-seed'] },
  { command: ['devhost'], mentions: ['--port'] },
  { command: ['setup'], mentions: ['--dry-run', '--json', '--no-iframe-widgets'] },
  { command: ['seed-demo'], mentions: ['--json'] },
  {
    command: ['import-units'],
    mentions: ['[file]', '--template', '--dry-run', '--report', '--json', 'Exit codes'],
  },
  {
    command: ['staff-token'],
    mentions: ['--member', '--role', '--ttl', '--revoke', '--json', 'never admin by default'],
  },
  { command: ['resync'], mentions: ['objects', '--json'] },
  { command: ['jobs'], mentions: ['list', 'run'] },
  { command: ['jobs', 'list'], mentions: ['--json'] },
  { command: ['jobs', 'run'], mentions: ['<name>', '--json'] },
  { command: ['status'], mentions: ['--json'] },
  { command: ['queue'], mentions: ['status', 'retry'] },
  { command: ['queue', 'status'], mentions: ['--json'] },
  { command: ['queue', 'retry'], mentions: ['<id>'] },
  {
    command: ['twenty-app'],
    mentions: ['--out', '--building-layout', '--auction-layout', '--realty-url', '--json'],
  },
  // Plugins' commands, mounted from their declarations.
  {
    command: ['auction-create'],
    mentions: ['--unit-ids', '--units-file', '--announce', '--dry-run', '--json'],
  },
  { command: ['agency-token'], mentions: ['<email>', '--ttl', '--json'] },
  { command: ['agency-user'], mentions: ['create', 'set-password', 'reset-link', 'deactivate'] },
  {
    command: ['agency-user', 'create'],
    mentions: ['--agency', '--role', '--password-stdin', '--dry-run', '--json'],
  },
  { command: ['agency-user', 'set-password'], mentions: ['<email>', '--dry-run', '--json'] },
  { command: ['agency-user', 'reset-link'], mentions: ['<email>', '--json'] },
  { command: ['agency-user', 'deactivate'], mentions: ['<email>', '--dry-run', '--json'] },
  { command: ['agency-user', 'activate'], mentions: ['<email>', '--dry-run', '--json'] },
  { command: ['agency-user', 'unlock'], mentions: ['<email>', '--dry-run', '--json'] },
  { command: ['agency-user', 'list'], mentions: ['--agency', '--json'] },
  { command: ['rates'], mentions: ['--from', '--to', '--dry-run', '--json'] },
  { command: ['revenue'], mentions: ['scenario', 'copy', 'primary', 'line', 'allocate', 'check'] },
  {
    command: ['revenue', 'scenario'],
    mentions: ['--deal', '--kind', '--probability', '--primary', '--dry-run', '--json'],
  },
  {
    command: ['revenue', 'copy'],
    mentions: ['<scenarioId>', '--percent', '--shift-days', '--dry-run', '--json'],
  },
  { command: ['revenue', 'primary'], mentions: ['<scenarioId>', '--dry-run', '--json'] },
  {
    command: ['revenue', 'line'],
    mentions: ['<scenarioId>', '--due', '--amount', '--currency', '--dry-run', '--json'],
  },
  { command: ['revenue', 'allocate'], mentions: ['<opportunityId>', '--file', '--dry-run', '--json'] },
  { command: ['revenue', 'check'], mentions: ['--json'] },
  { command: ['migrate'], mentions: ['salesforce', 'dynamics'] },
  {
    command: ['migrate', 'salesforce'],
    mentions: ['--dry-run', '--resume', '--errors', '--mapping', '--init-mapping', '--json'],
  },
  {
    command: ['migrate', 'dynamics'],
    mentions: ['--dry-run', '--resume', '--errors', '--mapping', '--init-mapping', '--json'],
  },
  { command: ['teams-access'], mentions: ['--dry-run', '--json'] },
  { command: ['teams-recompute'], mentions: ['--dry-run', '--json'] },
  { command: ['report'], mentions: ['<section>', '--out', '--format', '--date', '--json'] },
  // Operations: a route and a command from one declaration.
  { command: ['document'], mentions: ['<template>', '--record', '--dry-run', '--out', '--json'] },
  { command: ['documents'], mentions: ['passport-layout-show', 'passport-layout-set'] },
  { command: ['documents', 'passport-layout-show'], mentions: ['--out', '--json'] },
  { command: ['documents', 'passport-layout-set'], mentions: ['--file', '--dry-run', '--json'] },
  { command: ['planfact'], mentions: ['import', 'save-version', 'template'] },
  { command: ['planfact', 'import'], mentions: ['<file>', '--dry-run', '--json'] },
  { command: ['planfact', 'save-version'], mentions: ['--plans', '--dry-run', '--json'] },
  { command: ['planfact', 'template'], mentions: ['--from', '--to', '--out'] },
  { command: ['sms-campaign'], mentions: ['create', 'preview', 'send', 'cancel'] },
  {
    command: ['sms-campaign', 'create'],
    mentions: ['<name>', '--text', '--service', '--source', '--complex-id', '--dry-run', '--json'],
  },
  { command: ['sms-campaign', 'preview'], mentions: ['[campaignId]', '--text', '--source', '--json'] },
  { command: ['sms-campaign', 'send'], mentions: ['<campaignId>', '--scheduled-at', '--dry-run', '--json'] },
  { command: ['sms-campaign', 'cancel'], mentions: ['<campaignId>', '--dry-run', '--json'] },
  {
    command: ['segment'],
    mentions: ['create', 'count', 'fill', 'add', 'member-status', 'stage', 'invite', 'comment', 'task'],
  },
  { command: ['segment', 'create'], mentions: ['<name>', '--filter', '--purpose', '--dry-run', '--json'] },
  { command: ['segment', 'add'], mentions: ['<segmentId>', '--person-ids', '--dry-run', '--json'] },
  { command: ['segment', 'count'], mentions: ['<filter>', '--json'] },
  { command: ['segment', 'fill'], mentions: ['<segmentId>', '--filter', '--dry-run', '--json'] },
  {
    command: ['segment', 'member-status'],
    mentions: ['<segmentId>', '<personId>', '--status', '--dry-run', '--json'],
  },
  { command: ['segment', 'invite'], mentions: ['<segmentId>', '<interactionId>', '--dry-run', '--json'] },
  { command: ['segment', 'comment'], mentions: ['<segmentId>', '--text', '--dry-run', '--json'] },
  {
    command: ['segment', 'task'],
    mentions: ['<segmentId>', '<title>', '--assignee-id', '--due-at', '--json'],
  },
  { command: ['segment', 'stage'], mentions: ['<segmentId>', '<stage>', '--comment', '--dry-run', '--json'] },
  { command: ['feed'], mentions: ['validate'] },
  { command: ['feed', 'validate'], mentions: ['--feed', '--json'] },
  { command: ['portal'], mentions: ['publish'] },
  {
    command: ['portal', 'publish'],
    mentions: ['--building', '--complex', '--feeds', '--unpublish', '--dry-run', '--json'],
  },
  { command: ['reports'], mentions: ['build'] },
  { command: ['reports', 'build'], mentions: ['<section>', '--format', '--date', '--out', '--json'] },
  { command: ['registry'], mentions: ['import-file'] },
  {
    command: ['registry', 'import-file'],
    mentions: ['<file>', '--actor', '--report', '--dry-run', '--json'],
  },
];

/** Runs commands two at a time: the machine has two cores and each CLI start loads tsx. */
async function runAll(jobs: (() => Promise<CliResult>)[]): Promise<CliResult[]> {
  const results: CliResult[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

let install: RealtyInstall;

before(async () => {
  install = await newInstall('realty-cli-');
});

after(async () => {
  await rm(install.home, { recursive: true, force: true });
});

/** Every command of the program, with its full path (`jobs run`), walking the tree. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands
    .filter((sub) => sub.name() !== 'help')
    .flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

/** `realty … --help` in this process: the same program main() runs, its output captured. */
async function helpInProcess(path: string[]): Promise<{ exitCode: number; out: string }> {
  const program = buildProgram();
  let out = '';
  const append = (text: string): void => {
    out += text;
  };
  const capture = (command: Command): void => {
    command.configureOutput({ writeOut: append, writeErr: append });
    for (const sub of command.commands) capture(sub);
  };
  capture(program);
  try {
    await program.parseAsync(['node', 'realty', ...path, '--help']);
    return { exitCode: -1, out };
  } catch (error) {
    assert.ok(error instanceof CommanderError, String(error));
    return { exitCode: error.exitCode, out };
  }
}

describe('realty --help', () => {
  it("has help for every command it declares, each mentioning that command's flags", async () => {
    const declared = commandPaths(buildProgram()).map((p) => p.join(' '));
    assert.deepEqual(
      declared.sort(),
      HELP.map(({ command }) => command.join(' '))
        .filter(Boolean)
        .sort(),
    );
    for (const { command, mentions } of HELP) {
      const name = ['realty', ...command].join(' ');
      const { exitCode, out } = await helpInProcess(command);
      assert.equal(exitCode, 0, `${name} --help ends with code 0`);
      assert.match(out, new RegExp(`Usage: ${name}`), `${name} --help prints its usage`);
      for (const flag of mentions) assert.ok(out.includes(flag), `${name} --help mentions ${flag}`);
    }
  });

  it('exits 0 as a process and prints help on stdout (program and a subcommand)', async () => {
    const [top, sub] = await runAll([
      () => runRealty(['--help'], install.env),
      () => runRealty(['staff-token', '--help'], install.env),
    ]);
    assert.equal(top.code, 0, top.stderr);
    assert.match(top.stdout, /Usage: realty \[options\] \[command\]/);
    assert.equal(sub.code, 0, sub.stderr);
    assert.match(sub.stdout, /Usage: realty staff-token/);
    assert.match(sub.stdout, /--role <role>/);
  });
});

describe('usage mistakes exit 2', () => {
  it('rejects an unknown command, a role that does not exist and a port out of range', async () => {
    const cases = [
      { args: ['frobnicate'], says: /unknown command 'frobnicate'/ },
      { args: ['staff-token', '--member', 'a', '--role', 'god'], says: /'god' is invalid.*admin, sales/ },
      { args: ['devhost', '--port', '99999'], says: /'99999' is invalid.*port/ },
      { args: ['setup', '--bogus'], says: /unknown option '--bogus'/ },
      {
        args: ['staff-token'],
        says: /say whose token it is: --member EMAIL \(or end sessions with --revoke EMAIL\)/,
      },
    ];
    const results = await runAll(
      cases.map(
        ({ args }) =>
          () =>
            runRealty(args, install.env),
      ),
    );
    cases.forEach(({ args, says }, i) => {
      const { code, stderr } = results[i];
      assert.equal(code, 2, `realty ${args.join(' ')} exits 2 (stderr: ${stderr})`);
      assert.match(stderr, says);
      assert.doesNotMatch(stderr, STACK_FRAME);
    });
  });

  it('refuses `realty staff-token` without --role, listing each role and what it may use, one line each', async () => {
    const result = await runRealty(['staff-token', '--member', 'someone@realty.test'], install.env);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, '', 'no token is printed');
    assert.match(result.stderr, /--role ROLE \(no role is assumed, admin least of all\)/);
    for (const [role, ru] of [
      ['admin', 'администратор'],
      ['sales', 'продажи'],
      ['finance', 'финансы'],
      ['callcenter', 'колл-центр'],
      ['marketing', 'маркетинг'],
      ['legal', 'юристы'],
    ]) {
      const lines = result.stderr
        .split('\n')
        .filter((l) => new RegExp(`^\\s+${role}\\s+${ru} — .+; pages: `).test(l));
      assert.equal(lines.length, 1, `one line for ${role}:\n${result.stderr}`);
    }
    assert.match(
      result.stderr,
      /admin\s+администратор — .*pages: .*\/import/,
      'an admin may open every page',
    );
    assert.doesNotMatch(result.stderr, STACK_FRAME);
    assert.deepEqual(await readdir(install.home), [], 'nothing is written (no secrets either)');
  });

  it('names an unknown plugin in REALTY_PLUGINS with the installed ones (exit 2)', async () => {
    const result = await runRealty(['setup', '--dry-run'], {
      ...install.env,
      REALTY_PLUGINS: 'registry,auctionz',
    });
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /^\s+REALTY_PLUGINS: unknown plugin\(s\) "auctionz"; installed: .*registry.*chessboard|chessboard.*registry/m,
    );
    assert.doesNotMatch(result.stderr, STACK_FRAME);
  });

  it("names every bad variable at once — the core configuration and the plugins' settings — one line each, without a stack trace", async () => {
    const env = {
      ...install.env,
      TWENTY_URL: 'notaurl',
      PORT: 'abc',
      REGISTRY_PRICE_CHANGE_LIMIT_PERCENT: 'lots',
    };
    const [setup, start] = await runAll([() => runRealty(['setup'], env), () => runRealty(['start'], env)]);
    for (const result of [setup, start]) {
      assert.equal(result.code, 2, result.stderr);
      const lines = result.stderr.split('\n');
      assert.equal(lines.filter((l) => /^\s+TWENTY_URL: .*"notaurl"/.test(l)).length, 1);
      assert.equal(lines.filter((l) => /^\s+PORT: .*"abc"/.test(l)).length, 1);
      assert.equal(
        lines.filter((l) => /^\s+REGISTRY_PRICE_CHANGE_LIMIT_PERCENT: .*"lots"/.test(l)).length,
        1,
        result.stderr,
      );
      assert.doesNotMatch(result.stderr, STACK_FRAME);
      assert.doesNotMatch(result.stdout, /twenty-realty ready/);
    }
  });

  it('tells `realty setup` without a workspace how to start one (no key file yet)', async () => {
    const result = await runRealty(['setup', '--dry-run'], install.env);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /TWENTY_URL/);
    assert.match(result.stderr, /npm start|realty devhost/);
    assert.doesNotMatch(result.stderr, STACK_FRAME);
    assert.deepEqual(await readdir(install.home), [], 'a refused command writes nothing (no secrets either)');
  });

  it('tells `realty setup` at once when the devhost that wrote the key file is not running', async () => {
    const stale = await newInstall('realty-cli-stale-');
    try {
      const keyDir = path.join(stale.home, 'devhost');
      await mkdir(keyDir, { recursive: true });
      await writeFile(path.join(keyDir, 'api-key'), 'a-key-left-by-an-earlier-start\n');
      const started = performance.now();
      const result = await runRealty(['setup', '--dry-run', '--json'], stale.env, { timeoutMs: 30_000 });
      const seconds = (performance.now() - started) / 1000;
      assert.equal(result.code, 2, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`does not answer on http://127\\.0\\.0\\.1:${stale.devhostPort}`),
      );
      assert.match(result.stderr, /npm start/);
      assert.equal(result.stdout, '', 'nothing on stdout under --json when nothing was planned');
      assert.ok(seconds < 10, `answered in ${seconds.toFixed(1)} s, not after the client's retries`);
    } finally {
      await rm(stale.home, { recursive: true, force: true });
    }
  });
});
