/**
 * Child process of the unit-import bench: parses and plans one file and
 * prints `{ seconds, maxRssBytes, create, rejected }`. Peak RSS is a property
 * of a whole process, so it is measured in one that does nothing else —
 * inside `npm run bench` the parent still holds what earlier benches loaded.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseUnitWorkbook, planImport } from '../plugins/registry/import/index';
import { emptyRegistry } from './unit-import.bench';

/**
 * This program's own peak: Linux's VmHWM belongs to the address space exec gave it. getrusage's
 * maxRSS does not — Linux carries the forking parent's high-water mark across exec, so a probe
 * spawned by a 500 MB bench runner would report at least 500 MB whatever it did.
 */
function peakRssBytes(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm?.[1]) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: tsx bench/unit-import-memory.ts FILE.xlsx\n');
  process.exit(2);
}
const buffer = await readFile(file);
const started = performance.now();
const parsed = await parseUnitWorkbook(buffer, { fileName: 'bench-units.xlsx' });
const plan = planImport(parsed, { registry: emptyRegistry(), actor: 'bench' });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({
    seconds,
    maxRssBytes: peakRssBytes(),
    create: plan.counts.create,
    rejected: plan.counts.rejected,
  })}\n`,
);
