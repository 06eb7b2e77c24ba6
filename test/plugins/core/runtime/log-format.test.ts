/**
 * What `npm start` and the `realty` commands print on a terminal: readable
 * log lines, not pino's JSON; JSON when stderr is not a terminal or when
 * `LOG_FORMAT=json` says so. The terminal is a real pseudo-terminal
 * (util-linux `script`), the logger the one the CLI and the app create.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { logFormat } from '../../../../plugins/core/runtime/log-format';

const ROOT = path.join(import.meta.dirname, '../../../..');
const LOGGER = path.join(ROOT, 'plugins/core/runtime/logger.ts');
const PROGRAM = `import { createLogger } from ${JSON.stringify(LOGGER)};
const log = createLogger({ name: 'realty' });
log.info({ port: 3000, password: 'hunter2-hunter2' }, 'ready at http://localhost:3000');`;
const NODE = ['node', '--import', 'tsx', '--input-type=module', '-e', PROGRAM];
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
// biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes of a terminal
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').replaceAll('\r', '');

/** Runs the program with stderr on a pseudo-terminal; returns what the terminal showed. */
function onTerminal(env: Record<string, string>): string {
  const run = spawnSync('script', ['-qec', NODE.map(quote).join(' '), '/dev/null'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return plain(run.stdout);
}

describe('log lines', () => {
  it('are readable on a terminal: time, level, message and fields — no JSON, secrets still redacted', {
    skip: HAS_SCRIPT ? false : 'util-linux `script` (a pseudo-terminal) is not installed',
  }, () => {
    const shown = onTerminal({ LOG_FORMAT: '' });
    assert.match(shown, /^\[\d\d:\d\d:\d\d\] INFO \(realty\): ready at http:\/\/localhost:3000$/m);
    assert.match(shown, /^\s+port: 3000$/m);
    assert.match(shown, /password: "\[redacted\]"/);
    assert.doesNotMatch(shown, /hunter2|"level":/);
  });

  it('are JSON on a terminal with LOG_FORMAT=json', {
    skip: HAS_SCRIPT ? false : 'util-linux `script` (a pseudo-terminal) is not installed',
  }, () => {
    const line = JSON.parse(onTerminal({ LOG_FORMAT: 'json' }).trim());
    assert.equal(line.msg, 'ready at http://localhost:3000');
    assert.equal(line.level, 30);
    assert.equal(line.password, '[redacted]');
  });

  it('are JSON, one object a line, when stderr is not a terminal (a pipe, a service manager)', () => {
    const run = spawnSync(NODE[0], NODE.slice(1), {
      cwd: ROOT,
      env: { ...process.env, LOG_FORMAT: '' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const line = JSON.parse(run.stderr.trim());
    assert.equal(line.msg, 'ready at http://localhost:3000');
    assert.equal(line.name, 'realty');
    assert.equal(line.port, 3000);
  });

  it('LOG_FORMAT decides over the terminal; anything else leaves it to the terminal', () => {
    assert.equal(logFormat({}, true), 'pretty');
    assert.equal(logFormat({}, false), 'json');
    assert.equal(logFormat({ LOG_FORMAT: 'json' }, true), 'json');
    assert.equal(logFormat({ LOG_FORMAT: 'Pretty' }, false), 'pretty');
  });
});
