#!/usr/bin/env node
// `npm test`: finds every test file under test/, makes sure a browser exists for
// the browser tests (installing Debian's chromium when running as root), and
// runs them all with Node's test runner (scripts/test-runner.mjs), bundled
// (scripts/test-bundle.mjs) or through tsx, long files first, so its summary is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'artifacts' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findTests(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
function ensureChromium() {
  if (process.env.REALTY_CHROMIUM && existsSync(process.env.REALTY_CHROMIUM))
    return process.env.REALTY_CHROMIUM;
  const found = CHROMIUM_PATHS.find((p) => existsSync(p));
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.error('[test] chromium is missing: installing Debian chromium (apt-get install -y chromium) …');
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' });
    if (r.status === 0) return CHROMIUM_PATHS.find((p) => existsSync(p));
  }
  return undefined;
}

// The runner starts files in the order given, three at a time: the long ones go first (a whole
// `realty start` waiting on Twenty's rate limit, Chromium, migrations, whole-app stacks) so no long
// file is left running alone at the end while the other slot idles.
const LONG_FIRST = [
  '/test/scripts/start',
  '/test/plugins/core/runtime/runtime',
  '/test/scripts/import-units-cli',
  '/test/migration/',
  '/test/e2e/',
  '/test/plugins/chessboard/routes',
  '/test/plugins/core/read-model/change-feed-principal',
  '/test/scripts/',
  '/test/security/',
  '/test/contract-plugin/',
];
const rank = (file) => {
  const i = LONG_FIRST.findIndex((prefix) => file.includes(prefix));
  return i === -1 ? LONG_FIRST.length : i;
};
let files = findTests(join(root, 'test'))
  .sort()
  .sort((a, b) => rank(a) - rank(b));
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
// A browser test is any test file that launches chromium (playwright-core), wherever it lives.
const launchesChromium = (file) => /from ['"]playwright-core['"]/.test(readFileSync(file, 'utf8'));
const browserTests = files.filter(launchesChromium);
const hasBrowserTests = browserTests.length > 0;
const env = { ...process.env };
if (hasBrowserTests) {
  // REALTY_BROWSER_SKIP=<reason> skips them on purpose (the banner still names each one).
  const chromium = process.env.REALTY_BROWSER_SKIP ? undefined : ensureChromium();
  if (chromium) env.REALTY_CHROMIUM = chromium;
  else {
    const reason =
      process.env.REALTY_BROWSER_SKIP ||
      'no chromium at /usr/bin/chromium and not root to install it (apt-get install -y chromium)';
    env.REALTY_BROWSER_SKIP = reason;
    console.error(
      `\n!!!!!!!!\n!! BROWSER TESTS SKIPPED: ${reason}\n!! skipped: ${browserTests
        .map((f) => f.slice(root.length))
        .join(', ')}\n!!!!!!!!\n`,
    );
  }
}
// Three files at a time on two cores: a third of the files' time is waiting (Twenty's rate limit in
// `realty start`, child CLIs, npm), and a third file keeps both cores busy meanwhile.
const concurrency = process.env.TEST_CONCURRENCY ?? '3';
// `tsx --test` would run them in name order (node --test sorts); run() keeps this order. The files
// run bundled (scripts/test-bundle.mjs) with no loader, or from source through tsx when
// REALTY_TEST_BUNDLE=off; the bundles live in a directory of this run's own, removed at the end.
let runArgs = ['--import', 'tsx'];
let runFiles = files;
let bundleDir;
if (process.env.REALTY_TEST_BUNDLE !== 'off' && files.length > 0) {
  const { bundleTests } = await import('./test-bundle.mjs');
  bundleDir = join(root, 'node_modules', '.cache', 'twenty-realty', `test-bundle-${process.pid}`);
  const started = Date.now();
  runFiles = await bundleTests(root, files, bundleDir);
  console.error(`[test] ${files.length} test files bundled in ${Date.now() - started} ms`);
  runArgs = ['--enable-source-maps'];
}
const result = spawnSync(
  process.execPath,
  [...runArgs, join(root, 'scripts', 'test-runner.mjs'), concurrency, ...runFiles],
  { stdio: 'inherit', env, cwd: root },
);
if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
