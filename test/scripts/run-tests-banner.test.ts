/**
 * `npm test` without a browser prints one banner naming every browser test it skips — each file
 * that launches chromium, wherever it lives (not only test/e2e/), so a skipped page-shell check is
 * never mistaken for a green one.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('scripts/run-tests.mjs', () => {
  it('names every skipped browser test in its banner, page-shell-chromium included', () => {
    const browserTests = testFiles(join(root, 'test'))
      .filter((f) => readFileSync(f, 'utf8').includes("from 'playwright-core'"))
      .map((f) => relative(root, f));
    assert.ok(browserTests.includes('test/plugins/core/pages/page-shell-chromium.test.ts'));
    // Run only the page-shell one and one e2e file: the banner comes before any test runs.
    const only = ['page-shell-chromium.test.ts', 'test/e2e/teams.test.ts'];
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'run-tests.mjs'), ...only], {
      cwd: root,
      env: { ...process.env, REALTY_BROWSER_SKIP: 'no browser in this check' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const banner = run.stderr.split('\n').find((line) => line.startsWith('!! skipped:')) ?? '';
    assert.match(run.stderr, /BROWSER TESTS SKIPPED: no browser in this check/);
    for (const file of browserTests.filter((f) => only.some((o) => f.includes(o))))
      assert.ok(banner.includes(file), `the banner does not name ${file}: ${banner}`);
  });
});
