// The esbuild options of the project's bundles (the `realty` CLI, the test files). Every module
// (.ts and the plain .mjs ones, such as db/pglite-template.mjs) keeps its own location:
// import.meta.url / dirname / filename become the source file's, so paths made from them (page
// assets, document templates, fixtures, worker scripts) still resolve.
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

export const keepLocation = {
  name: 'keep-location',
  setup(build) {
    build.onLoad({ filter: /\.(m?ts|mjs)$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: args.path.endsWith('.mjs') ? 'js' : 'ts' };
    });
  },
};

/** ESM for Node 20, packages left to node_modules, names kept, source maps beside the output. */
export const nodeBundle = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  keepNames: true,
  sourcemap: 'linked',
  plugins: [keepLocation],
};
