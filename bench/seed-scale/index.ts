/**
 * The seed-scale dataset (107 complexes, 333 buildings, 19,000 units, 20,000
 * auctions with lots, applications and bids, 11,000 contracts with their
 * payments, 300 workspace members, 5,000 deals), generated deterministically
 * from a seed, loaded into the read model directly or — with --into devhost —
 * into a Twenty workspace through the sdk. Benchmarks of the chessboard,
 * auctions and reports run against it.
 *
 *   tsx bench/seed-scale/index.ts [--seed N] [--scale 0.1] [--into read-model|devhost] [--store-dir DIR] [--json]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { openStore } from '../../plugins/core/store/index';
import { createTwentyClient } from '../../sdk/index';
import { generateSeedScale, SEED_SCALE_DEFAULT_SEED } from './dataset';
import { loadSeedScaleIntoDevhost } from './devhost';
import { type LoadProgress, loadSeedScaleIntoReadModel } from './read-model';

export * from './dataset';
export * from './devhost';
export * from './read-model';
export {
  LARGE_BUILDING_UNITS,
  SEED_SCALE_AS_OF_MS,
  SEED_SCALE_BASE_COUNTS,
  SeedScaleError,
  scaledCounts,
} from './registry-plan';
export type { SeedRecord } from './rest';

interface CliOptions {
  seed: number;
  scale: number;
  into: 'read-model' | 'devhost';
  storeDir?: string;
  json?: boolean;
}

const say = (line: string) => process.stderr.write(`${line}\n`);

function parseNumber(name: string, integer: boolean) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(
        `${name} must be ${integer ? 'an integer' : 'a number'}, got «${value}»`,
      );
    }
    return n;
  };
}

/** The summary per object: a line when it finishes, and at most one every 2 s while a big one loads. */
function progressPrinter(): (p: LoadProgress) => void {
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (p.done < p.total && now - last < 2000) return;
    last = now;
    const mark = p.done < p.total ? '…' : '✓';
    say(
      `  ${mark} ${p.object.padEnd(20)} ${p.done.toLocaleString('en').padStart(9)}/${p.total.toLocaleString('en')}  ${p.seconds.toFixed(1)} s`,
    );
  };
}

async function run(options: CliOptions): Promise<void> {
  const dataset = generateSeedScale({ seed: options.seed, scale: options.scale });
  say(
    `seed-scale: seed ${dataset.seed}, scale ${dataset.scale} → ${Object.values(dataset.counts)
      .reduce((a, b) => a + b, 0)
      .toLocaleString('en')} records into ${options.into}`,
  );
  const onProgress = progressPrinter();
  if (options.into === 'read-model') {
    const url = options.storeDir ? undefined : process.env.REALTY_DATABASE_URL;
    const dataDir = url
      ? undefined
      : resolve(options.storeDir ?? `${process.env.REALTY_HOME ?? '.realty'}/store`);
    say(`  store: ${url ? 'REALTY_DATABASE_URL' : dataDir}`);
    const store = await openStore(url ? { url } : { dataDir });
    try {
      const summary = await loadSeedScaleIntoReadModel(store, { dataset, onProgress });
      if (options.json)
        process.stdout.write(`${JSON.stringify({ into: options.into, ...summary }, null, 2)}\n`);
      say(
        `done: ${summary.rows.toLocaleString('en')} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rows / summary.seconds).toLocaleString('en')} rows/s)`,
      );
    } finally {
      await store.close();
    }
    return;
  }
  const url = process.env.TWENTY_URL ?? `http://127.0.0.1:${process.env.DEVHOST_PORT ?? 3000}`;
  const apiKey = process.env.TWENTY_API_KEY ?? (await readDevhostKey());
  const client = createTwentyClient({ url, apiKey });
  say(
    `  workspace: ${url} (at the workspace's rate limit: a full-scale load takes minutes; try --scale 0.05 first)`,
  );
  const summary = await loadSeedScaleIntoDevhost(client, { dataset, onProgress });
  if (options.json) process.stdout.write(`${JSON.stringify({ into: options.into, ...summary }, null, 2)}\n`);
  for (const s of summary.skipped)
    say(`  skipped ${s.object} (${s.rows.toLocaleString('en')} rows): ${s.reason}`);
  for (const [object, keys] of Object.entries(summary.droppedRelations))
    say(`  ${object}: left out ${keys.join(', ')} (target skipped)`);
  say(
    `done: ${summary.rows.toLocaleString('en')} records in ${summary.seconds.toFixed(1)} s; ${client.stats().rateLimited} rate-limited responses`,
  );
}

async function readDevhostKey(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const file = resolve(`${process.env.REALTY_HOME ?? '.realty'}/devhost/api-key`);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new InvalidArgumentError(
      `no workspace: set TWENTY_URL and TWENTY_API_KEY, or start devhost first (npm start) — ${file} does not exist`,
    );
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('seed-scale')
    .description(
      'Generate the seed-scale dataset deterministically and load it into the read model or a workspace',
    )
    .option(
      '--seed <n>',
      'the random seed; the same seed gives byte-identical records',
      parseNumber('--seed', true),
      SEED_SCALE_DEFAULT_SEED,
    )
    .option(
      '--scale <x>',
      'multiplies every count (1 = 19,000 units, 20,000 auctions …)',
      parseNumber('--scale', false),
      1,
    )
    .addOption(
      new Option('--into <target>', 'where the records go')
        .choices(['read-model', 'devhost'])
        .default('read-model'),
    )
    .option(
      '--store-dir <dir>',
      'PGlite directory of the store (default: REALTY_DATABASE_URL, else $REALTY_HOME/store)',
    )
    .option('--json', 'print the summary as one JSON object on stdout')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stderr.write(s), writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  try {
    await run(program.opts<CliOptions>());
    return 0;
  } catch (error) {
    const usage =
      error instanceof InvalidArgumentError || (error as { code?: string }).code === 'seed_scale_bad_option';
    say(`seed-scale failed: ${error instanceof Error ? error.message : String(error)}`);
    return usage ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
