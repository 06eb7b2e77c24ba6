/**
 * `realty` runs as a bundle (scripts/cli-bundle.mjs): made when missing, reused while its inputs are
 * unchanged, made again when one changes, and not used at all with REALTY_BUNDLE=off. The bundled
 * CLI answers like the sources do.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bundledCli } from '../../scripts/cli-bundle.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const MANIFEST = path.join(ROOT, 'node_modules', '.cache', 'twenty-realty', 'cli', 'manifest.json');

describe('the bundled realty CLI', () => {
  it('is made from scripts/cli.ts and its imports, and reused while they are unchanged', async () => {
    const first = await bundledCli();
    assert.ok(first, 'a bundle is made');
    assert.ok(existsSync(fileURLToPath(first)));
    const inputs = Object.keys(JSON.parse(readFileSync(MANIFEST, 'utf8')).inputs as Record<string, unknown>);
    assert.ok(inputs.includes('scripts/cli.ts'));
    assert.ok(inputs.includes('plugins/registry/index.ts'), 'the plugins are in it');
    assert.ok(!inputs.some((i) => i.startsWith('node_modules/')), 'packages stay external');
    assert.equal(await bundledCli(), first, 'nothing changed: the same bundle');
  });

  it('is made again when one of its sources changed', async () => {
    const before = await bundledCli();
    const source = path.join(ROOT, 'plugins', 'registry', 'index.ts');
    const { atime, mtime } = statSync(source);
    utimesSync(source, atime, new Date(mtime.getTime() + 1000));
    try {
      const after = await bundledCli();
      assert.ok(after);
      assert.notEqual(after, before);
      assert.equal(await bundledCli(), after);
    } finally {
      utimesSync(source, atime, mtime);
    }
  });

  it('is not used with REALTY_BUNDLE=off, and both ways answer alike', async () => {
    process.env.REALTY_BUNDLE = 'off';
    try {
      assert.equal(await bundledCli(), undefined);
    } finally {
      delete process.env.REALTY_BUNDLE;
    }
    const help = (env: Record<string, string>) =>
      spawnSync(process.execPath, [path.join(ROOT, 'bin', 'realty.mjs'), 'import-units', '--help'], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    const bundled = help({});
    const sources = help({ REALTY_BUNDLE: 'off' });
    assert.equal(bundled.status, 0, bundled.stderr);
    assert.equal(sources.status, 0, sources.stderr);
    assert.equal(bundled.stdout, sources.stdout);
    assert.match(bundled.stdout, /--dry-run/);
  });
});
