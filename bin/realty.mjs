#!/usr/bin/env node
// The `realty` CLI. The project is TypeScript: scripts/cli-bundle.mjs hands over a bundle of
// scripts/cli.ts (made on the first run after a change), which loads without a TypeScript loader.
// REALTY_BUNDLE=off, or a bundle that cannot be made, runs the sources through tsx's loader instead.
import { bundledCli } from '../scripts/cli-bundle.mjs';

const bundle = await bundledCli();
let main;
if (bundle) {
  process.setSourceMapsEnabled(true);
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../scripts/cli.ts'));
}
await main(process.argv);
