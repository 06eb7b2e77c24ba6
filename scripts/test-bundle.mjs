// `npm test` bundles the test files before the run: one esbuild build of every file, with the code
// they share in common chunks. A test process then loads a few plain-JS chunks with no loader
// registered. Under tsx every module, node_modules' included, goes through its hooks on a second
// thread: loading the whole app cost ~2.6 s of CPU that way and ~1.0 s bundled, in each of the
// suite's ~200 test processes. `REALTY_TEST_BUNDLE=off` runs the sources through tsx instead.
import { mkdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from './esbuild-options.mjs';

/**
 * Bundles `files` (absolute paths under `root`) into `outdir`, mirroring their paths; returns the
 * bundled file for each, in the same order. Packages stay external (node_modules resolves from the
 * output, which lies inside the checkout); source maps keep stack traces pointing at the sources.
 */
export async function bundleTests(root, files, outdir) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await build({
    ...nodeBundle,
    entryPoints: files,
    outbase: root,
    outdir,
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
  return files.map((file) => join(outdir, relative(root, file).replace(/\.ts$/, '.mjs')));
}
