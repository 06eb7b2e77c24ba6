/**
 * `npm ci` — what CI and every Dockerfile runs — installs exactly package-lock.json and stops when it
 * and package.json disagree. These checks catch that drift while running `npm test`, before a clean
 * machine does: npm's own comparison of the lockfile with package.json (offline), and the optional
 * platform packages (Biome's, esbuild's) present for every platform, not only the one that wrote it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface LockEntry {
  version?: string;
  link?: boolean;
  integrity?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<
  string,
  Record<string, string> | undefined
>;
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};

/** Where npm would look for `name` when `from` (a lockfile key) requires it: nested first, then up. */
function resolveEntry(from: string, name: string): LockEntry | undefined {
  let base = from;
  for (;;) {
    const key = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key]) return lock.packages[key];
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

describe('package-lock.json stays in step with package.json (npm ci on a clean machine)', () => {
  it('is a version 3 lockfile whose root lists exactly package.json dependencies', () => {
    assert.equal(lock.lockfileVersion, 3);
    const root = lock.packages[''] ?? {};
    for (const kind of ['dependencies', 'devDependencies', 'optionalDependencies'] as const)
      assert.deepEqual(
        root[kind] ?? {},
        pkg[kind] ?? {},
        `package.json ${kind} differ from package-lock.json: run \`npm install\` and commit both`,
      );
  });

  it('satisfies package.json by npm’s own reading (npm ls --package-lock-only, offline)', () => {
    const r = spawnSync('npm', ['ls', '--package-lock-only', '--all', '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const report = JSON.parse(r.stdout || '{}') as { problems?: string[] };
    assert.deepEqual(report.problems ?? [], [], 'npm finds the lockfile out of step with package.json');
    assert.equal(r.status, 0, r.stderr);
  });

  it('holds every optional platform package (Linux, macOS and Windows builds alike)', () => {
    const missing: string[] = [];
    for (const [key, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {}))
        if (!resolveEntry(key, name)) missing.push(`${key || 'root'} → ${name}`);
    }
    assert.deepEqual(missing, [], 'optional dependencies without a lockfile entry make `npm ci` stop');
    const biome = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/@biomejs/cli-'));
    for (const platform of ['linux-x64', 'darwin-arm64', 'win32-x64'])
      assert.ok(
        biome.includes(`node_modules/@biomejs/cli-${platform}`),
        `@biomejs/cli-${platform} is missing from the lockfile`,
      );
  });

  it('pins every installed package by integrity hash', () => {
    const unpinned = Object.entries(lock.packages)
      .filter(([key, entry]) => key !== '' && !entry.link && !entry.integrity)
      .map(([key]) => key);
    assert.deepEqual(unpinned, []);
  });
});
