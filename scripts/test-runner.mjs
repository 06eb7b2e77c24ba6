#!/usr/bin/env node
// The test files, in the order given, through Node's test runner: `npm test` (scripts/run-tests.mjs)
// starts it as `node --enable-source-maps scripts/test-runner.mjs CONCURRENCY FILE…` over the bundled
// test files (or `node --import tsx …` over the sources). Unlike `tsx --test` (node --test sorts the
// files by name), run() starts them in this order, so the long files go first; each file's process
// inherits the runner's flags. The spec reporter prints the summary lines.
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const [concurrency, ...files] = process.argv.slice(2);
if (!concurrency || files.length === 0) {
  console.error('usage: node [--import tsx] scripts/test-runner.mjs CONCURRENCY FILE…');
  process.exit(2);
}
let failed = false;
run({ files, concurrency: Number(concurrency) })
  .on('test:fail', (event) => {
    if (!event.todo) failed = true;
  })
  .compose(spec)
  .pipe(process.stdout);
process.on('exit', () => {
  if (failed) process.exitCode = 1;
});
