// The `realty` CLI as one plain-JavaScript file (bin/realty.mjs loads it). Under tsx every module,
// node_modules' included, passes its loader hooks on a second thread: about 1.5 s of CPU at every
// start of every command. The bundle is made with esbuild into node_modules/.cache/twenty-realty/cli/
// the first time (≈ 1 s) and again whenever one of its sources changed: the manifest beside it keeps
// every input's size and modification time, and a run checks them (a thousand stats) before using it.
// Packages stay external; each module keeps its own import.meta.url; source maps point errors at the
// sources. Any problem here returns undefined and the caller runs the sources through tsx.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIR = join(ROOT, 'node_modules', '.cache', 'twenty-realty', 'cli');
const MANIFEST = join(DIR, 'manifest.json');
/** Bundles older than this, other than the current one, are removed (a running CLI has read its own). */
const KEEP_OLD_MS = 10 * 60_000;

const stamp = (file) => {
  const s = statSync(file);
  return [s.size, s.mtimeMs];
};

/** The manifest's bundle when every input is as it was when the bundle was made. */
function current() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
  try {
    for (const [file, [size, mtimeMs]] of Object.entries(manifest.inputs)) {
      const [s, m] = stamp(join(ROOT, file));
      if (s !== size || m !== mtimeMs) return undefined;
    }
    statSync(join(DIR, manifest.file));
    return join(DIR, manifest.file);
  } catch {
    return undefined; // an input or the bundle is gone
  }
}

async function rebuild() {
  const { build } = await import('esbuild');
  const { nodeBundle } = await import('./esbuild-options.mjs');
  mkdirSync(DIR, { recursive: true });
  const file = `cli-${Date.now()}-${randomBytes(4).toString('hex')}.mjs`;
  const result = await build({
    ...nodeBundle,
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, 'scripts', 'cli.ts')],
    outfile: join(DIR, file),
    metafile: true,
    logLevel: 'silent',
  });
  // Input paths are relative to absWorkingDir, the checkout.
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) inputs[input] = stamp(join(ROOT, input));
  // Written whole or not at all: a concurrent run reads the old manifest or this one.
  const partial = `${MANIFEST}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify({ file, inputs }));
  renameSync(partial, MANIFEST);
  for (const name of readdirSync(DIR)) {
    if (!name.startsWith('cli-') || name.startsWith(file)) continue;
    const path = join(DIR, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { force: true });
    } catch {
      // another run removed it
    }
  }
  return join(DIR, file);
}

/** The bundled CLI's file URL, made or refreshed when needed; undefined: run the sources with tsx. */
export async function bundledCli() {
  if (process.env.REALTY_BUNDLE === 'off') return undefined;
  try {
    const file = current() ?? (await rebuild());
    return pathToFileURL(file).href;
  } catch {
    return undefined;
  }
}
