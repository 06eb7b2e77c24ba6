// `npm test` bundles the test files before the run: one esbuild build of every file, with the code
// they share in common chunks. A test process then loads a few plain-JS chunks with no loader
// registered. Under tsx every module, node_modules' included, goes through its hooks on a second
// thread: loading the whole app cost ~2.6 s of CPU that way and ~1.0 s bundled, in each of the
// suite's ~200 test processes. `REALTY_TEST_BUNDLE=off` runs the sources through tsx instead.
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

// Every module keeps its own location: import.meta.url / dirname / filename name the source file,
// so paths made from them (fixtures, assets, templates, child scripts) still resolve.
const keepLocation = {
  name: 'keep-location',
  setup(b) {
    b.onLoad({ filter: /\.m?ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Bundles `files` (absolute paths under `root`) into `outdir`, mirroring their paths; returns the
 * bundled file for each, in the same order. Packages stay external (node_modules resolves from the
 * output, which lies inside the checkout); source maps keep stack traces pointing at the sources.
 */
export async function bundleTests(root, files, outdir) {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: files,
    outbase: root,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    keepNames: true,
    sourcemap: 'linked',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [keepLocation],
    logLevel: 'warning',
  });
  return files.map((file) => join(outdir, relative(root, file).replace(/\.ts$/, '.mjs')));
}
