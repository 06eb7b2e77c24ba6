/**
 * Every command the README shows still exists as shown: each `realty …` /
 * `npx realty …` line (in code blocks and inline) names a command of the real
 * CLI — with every plugin loaded — whose `--help` ends with code 0 and prints
 * its usage, and every flag the line uses is one that command takes; each
 * `npm run X` / `npm start` / `npm test` is a script of package.json, and a
 * benchmark the README names is a bench file. A renamed command or flag fails
 * here, not in a reader's terminal.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type Command, CommanderError } from 'commander';
import { buildProgram } from '../../scripts/cli';

const ROOT = path.join(import.meta.dirname, '../..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  scripts: Record<string, string>;
};

/** Shell-like words: quotes group, `# …` ends the line. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(#.*$)|(\S+)/g;
  for (const m of line.matchAll(re)) {
    if (m[3] !== undefined) break;
    out.push(m[1] ?? m[2] ?? m[4] ?? '');
  }
  return out;
}

/** The commands the README shows: code-block lines and inline code, one line each. */
function readmeCommands(): string[] {
  const found: string[] = [];
  const blocks = [...README.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  for (const block of blocks)
    for (const raw of block.split('\n')) {
      // `echo 'x' | realty …`: the command is what the pipe feeds.
      const line = raw.replace(/^.*\|\s*(?=(?:npx )?realty )/, '').trim();
      if (/^(?:npx )?realty\s|^npm (?:run|start|test)\b/.test(line)) found.push(line);
    }
  const prose = README.replace(/```[\s\S]*?```/g, '');
  for (const m of prose.matchAll(/`((?:npx )?realty [^`]+|npm (?:run|start|test)[^`]*)`/g))
    found.push((m[1] ?? '').replace(/\s+/g, ' ').trim());
  return [...new Set(found)];
}

interface Resolved {
  /** The command's path below `realty` (`['jobs', 'run']`). */
  path: string[];
  command: Command;
  flags: string[];
}

/** Follows the words down the program's command tree; `a|b` at a command's place means each. */
function resolve(program: Command, line: string): Resolved[] {
  const argv = words(line).slice(line.startsWith('npx ') ? 2 : 1);
  const flags = argv
    .map((w) => /^\[?(--[a-z][a-z0-9-]*)/.exec(w)?.[1])
    .filter((f): f is string => f !== undefined);
  let branches: { path: string[]; command: Command }[] = [{ path: [], command: program }];
  for (const word of argv) {
    if (word.startsWith('-') || word.startsWith('[')) break;
    const next = branches.flatMap((b) =>
      word
        .split('|')
        .map((name) => b.command.commands.find((c) => c.name() === name || c.aliases().includes(name)))
        .filter((c): c is Command => c !== undefined)
        .map((c) => ({ path: [...b.path, c.name()], command: c })),
    );
    if (next.length === 0) break; // an argument (an e-mail, a file, a placeholder)
    branches = next;
  }
  return branches.map((b) => ({ ...b, flags }));
}

/** `realty <path> --help` in this process, as main() runs it; the output captured. */
async function help(pathWords: string[]): Promise<{ exitCode: number; out: string }> {
  const program = buildProgram();
  let out = '';
  const capture = (command: Command): void => {
    command.configureOutput({
      writeOut: (t) => {
        out += t;
      },
      writeErr: (t) => {
        out += t;
      },
    });
    for (const sub of command.commands) capture(sub);
  };
  capture(program);
  try {
    await program.parseAsync(['node', 'realty', ...pathWords, '--help']);
    return { exitCode: -1, out };
  } catch (error) {
    assert.ok(error instanceof CommanderError, String(error));
    return { exitCode: error.exitCode, out };
  }
}

const commands = readmeCommands();
const realtyLines = commands.filter((c) => /^(?:npx )?realty /.test(c) && !/^(?:npx )?realty …$/.test(c));
const npmLines = commands.filter((c) => c.startsWith('npm '));

describe('the commands the README shows', () => {
  it('finds them (the README shows the CLI and the npm scripts)', () => {
    assert.ok(realtyLines.length >= 30, `${realtyLines.length} realty lines`);
    assert.ok(npmLines.length >= 5, `${npmLines.length} npm lines`);
    assert.ok(PACKAGE.bin.realty && existsSync(path.join(ROOT, PACKAGE.bin.realty)), 'npx realty finds bin/');
  });

  it('every `realty …` line names a command whose --help works, with only flags it takes', async () => {
    const program = buildProgram();
    const problems: string[] = [];
    const helped = new Set<string>();
    for (const line of realtyLines) {
      for (const { path: at, command, flags } of resolve(program, line)) {
        if (at.length === 0 && !(flags.length === 1 && flags[0] === '--help')) {
          problems.push(`${line}: no such command`);
          continue;
        }
        const known = new Set([
          '--help',
          ...command.options.map((o) => o.long).filter((l) => l !== undefined),
        ]);
        for (const flag of flags)
          if (!known.has(flag))
            problems.push(
              `${line}: \`realty ${at.join(' ')}\` takes no ${flag} (it takes ${[...known].join(', ')})`,
            );
        const key = at.join(' ');
        if (helped.has(key)) continue;
        helped.add(key);
        const { exitCode, out } = await help(at);
        if (exitCode !== 0) problems.push(`realty ${key} --help ended with ${exitCode}`);
        else if (!out.includes(`Usage: realty${key ? ` ${key}` : ''}`))
          problems.push(`realty ${key} --help printed no usage: ${out.slice(0, 200)}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(helped.size >= 20, `${helped.size} commands' help run`);
  });

  it('every `npm run …` is a script of package.json; a named benchmark is a bench file', () => {
    const problems: string[] = [];
    for (const line of npmLines) {
      const [, verb, script, ...rest] = words(line);
      const name = verb === 'run' ? script : verb;
      if (!name || !(name in PACKAGE.scripts)) {
        problems.push(`${line}: package.json has no script "${name}"`);
        continue;
      }
      if (name === 'bench')
        for (const arg of rest.filter((w) => /^[a-z][a-z-]*$/.test(w)))
          if (!existsSync(path.join(ROOT, 'bench', `${arg}.bench.ts`)))
            problems.push(`${line}: no bench/${arg}.bench.ts`);
      if (name === 'functions')
        for (const target of rest.map((w) => /^--target=(\w+)$/.exec(w)?.[1]).filter(Boolean))
          if (
            !new RegExp(`export (async )?function ${target}\\b`).test(
              readFileSync(path.join(ROOT, 'webhooks/index.ts'), 'utf8'),
            )
          )
            problems.push(`${line}: webhooks/index.ts exports no ${target}`);
    }
    assert.deepEqual(problems, []);
  });
});
