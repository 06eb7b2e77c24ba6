/**
 * `realty migrate …` in a child process without the rest of the CLI: the
 * plugin's own command declarations (same options, same run) with a command
 * context built from the environment. The tests kill this process with
 * SIGKILL; it does not depend on every other plugin of the tree loading.
 * Usage: node --import tsx migrate-child.ts salesforce|dynamics EXPORT [options]
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import type { CommandContext } from '../../plugins/core/index';
import { loadConfig } from '../../plugins/core/settings/config';
import { migrateDynamicsCommand, migrateSalesforceCommand } from '../../plugins/migration/commands';

const [kind, ...rest] = process.argv.slice(2);
const declared = kind === 'dynamics' ? migrateDynamicsCommand : migrateSalesforceCommand;
const command = new Command(kind).exitOverride();
declared.configure?.(command);
command.parse(rest, { from: 'user' });
const controller = new AbortController();
process.on('SIGINT', () => controller.abort(new Error('interrupted')));
const flags = command.opts();
const ctx = {
  config: loadConfig(process.env),
  log: {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child: () => ctx.log,
  } as unknown as CommandContext['log'],
  jsonOutput: flags.json === true,
  say: (text: string) => process.stderr.write(`${text}\n`),
  json: (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`),
  progress: () => ({ update() {}, stop() {} }),
  open: () => Promise.reject(new Error('not available')),
  app: () => Promise.resolve(undefined),
  signal: controller.signal,
} satisfies CommandContext;
const code = await declared.run({ args: command.args, options: flags }, ctx);
process.exitCode = code ?? 0;
// This process's own peak RSS (Linux VmHWM), for the bench.
const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
if (hwm) process.stderr.write(`peak-rss-bytes ${Number(hwm[1]) * 1024}\n`);
