/**
 * Ctrl-C in the middle of `realty start`'s first start: the process closes
 * what it opened and says so (exit 130, no stack trace), the embedded
 * databases stay usable, and the next start finishes the demo seed it cut
 * (every enabled plugin's `seed`, run again: seeds are idempotent).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { newInstall, REPO_ROOT, type RealtyInstall, type RunningRealty, startRealty } from './realty-process';

let install: RealtyInstall;
let second: RunningRealty | undefined;

before(async () => {
  install = await newInstall('realty-start-interrupted-');
});
after(async () => {
  await second?.stop('SIGKILL');
  await rm(install.home, { recursive: true, force: true });
});

describe('realty start interrupted while seeding', () => {
  it('closes what it opened on SIGINT, exits 130, and the next start finishes the seed', async () => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/realty.mjs'), 'start'], {
      cwd: REPO_ROOT,
      env: install.env,
      stdio: 'pipe',
    });
    let stderr = '';
    const seeding = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no seeding line within 90 s:\n${stderr}`)), 90_000);
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (/seeding the demo data \(first start\)/.test(stderr)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await seeding;
    // Let the seed write a few batches before the interruption.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(killer);
    assert.equal(code, 130, `exit code after SIGINT during start-up\n${stderr}`);
    assert.match(stderr, /SIGINT: start-up interrupted; closing what is open/);
    assert.doesNotMatch(stderr, /\n\s+at .*\.ts:\d+/, 'no stack trace');
    assert.match(
      (await readFile(path.join(install.home, 'devhost', 'demo-seed'), 'utf8')).trim(),
      /^registry (seeding|done)$/m,
      'the seed is marked per plugin',
    );
    assert.match(
      (await readFile(path.join(install.home, 'devhost', 'demo-seed'), 'utf8')).trim(),
      / seeding$/m,
      'the seed is marked unfinished',
    );

    second = await startRealty(install.env, { timeoutMs: 120_000 });
    const { stderr: secondErr } = second.output();
    assert.match(
      secondErr,
      /finishing the demo data \(an earlier start was interrupted while seeding\): registry/,
    );
    const key = (await readFile(path.join(install.home, 'devhost', 'api-key'), 'utf8')).trim();
    const res = await fetch(`${install.devhostUrl}/rest/units?limit=1`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const units = z.object({ totalCount: z.number() }).parse(await res.json()).totalCount;
    assert.ok(Math.abs(units - 1454) < 150, `the whole demo registry is there: ${units} units`);
    assert.doesNotMatch(
      await readFile(path.join(install.home, 'devhost', 'demo-seed'), 'utf8'),
      / seeding$/m,
      'every seed is marked done',
    );
    assert.equal(await second.stop('SIGTERM'), 0);
    second = undefined;
  });
});
