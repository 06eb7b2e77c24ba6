#!/usr/bin/env node
// `npm test`: finds every test file under test/, makes sure a browser exists for
// the browser tests (installing Debian's chromium when running as root), and
// runs them all with Node's test runner through tsx so its summary is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
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

let files = findTests(join(root, 'test')).sort();
if (only.length > 0) files = files.filter((f) => only.some((o) => f.includes(o)));
const hasBrowserTests = files.some((f) => f.includes('/test/e2e/'));
const env = { ...process.env };
if (hasBrowserTests) {
  const chromium = ensureChromium();
  if (chromium) env.REALTY_CHROMIUM = chromium;
  else {
    const reason =
      'no chromium at /usr/bin/chromium and not root to install it (apt-get install -y chromium)';
    env.REALTY_BROWSER_SKIP = reason;
    console.error(
      `\n!!!!!!!!\n!! BROWSER TESTS SKIPPED: ${reason}\n!! skipped: ${files
        .filter((f) => f.includes('/test/e2e/'))
        .map((f) => f.slice(root.length))
        .join(', ')}\n!!!!!!!!\n`,
    );
  }
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const result = spawnSync(
  tsx,
  ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
    env,
    cwd: root,
  },
);
process.exit(result.status ?? 1);
