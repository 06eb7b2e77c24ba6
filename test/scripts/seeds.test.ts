/**
 * The demo data `realty seed-demo` and the first `realty start` load: every
 * enabled plugin's seed in dependency order (a dependant's demo can point at
 * its dependency's records), each with its counts; and "fresh" meaning no
 * object of a seeding plugin holds a record — somebody's data is left alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createRegistry,
  defineObject,
  definePlugin,
  type PluginContext,
} from '../../plugins/core/plugin/index';
import {
  describeSeeds,
  formatSeedMarks,
  parseSeedMarks,
  planSeeds,
  replicaCaughtUp,
  runSeeds,
  type SeedOutcome,
} from '../../scripts/seeds';

const ran: string[] = [];
const objectNamed = (singular: string) =>
  defineObject({
    nameSingular: singular,
    namePlural: `${singular}s`,
    labelSingular: singular,
    labelPlural: `${singular}s`,
    icon: 'IconBox',
    fields: {},
  });

const base = definePlugin({
  name: 'base',
  description: 'the objects others build on',
  objects: [objectNamed('parcel')],
  seed: {
    description: 'two parcels',
    run: async (ctx) => {
      ran.push(`base:${(ctx as unknown as { plugin: string }).plugin}`);
      return { parcel: 2 };
    },
  },
});
const onTop = definePlugin({
  name: 'on-top',
  description: 'depends on base',
  dependsOn: ['base'],
  objects: [objectNamed('plot')],
  seed: {
    description: 'three plots on the parcels',
    run: async (_ctx, { onProgress }) => {
      ran.push('on-top');
      onProgress?.(3, 3);
      return { plot: 3 };
    },
  },
});
const quiet = definePlugin({ name: 'quiet', description: 'no demo data', objects: [objectNamed('memo')] });

// Listed dependant-first on purpose: the registry orders them.
const registry = createRegistry([onTop, quiet, base]);
const contextFor = (plugin: string) => ({ plugin }) as unknown as PluginContext;

describe('runSeeds', () => {
  it("runs every plugin's seed once, dependencies first, with its own context and counts", async () => {
    ran.length = 0;
    const progress: string[] = [];
    const outcomes = await runSeeds(registry, contextFor, {
      onProgress: (plugin, done, total) => progress.push(`${plugin} ${done}/${total}`),
    });
    assert.deepEqual(ran, ['base:base', 'on-top']);
    assert.deepEqual(
      outcomes.map((o) => [o.plugin, o.counts]),
      [
        ['base', { parcel: 2 }],
        ['on-top', { plot: 3 }],
      ],
    );
    assert.deepEqual(progress, ['on-top 3/3']);
    assert.deepEqual(describeSeeds(outcomes), ['base: 2 parcel', 'on-top: 3 plot']);
    assert.deepEqual(describeSeeds([]), ['no enabled plugin has demo data']);
  });

  it("writes a dependant's values into its dependency's rows in one pass, and tells the dependant", async () => {
    const written: Record<string, unknown>[] = [];
    const seen: Array<readonly string[] | undefined> = [];
    const owner = definePlugin({
      name: 'owner',
      description: 'writes the parcels',
      objects: [objectNamed('parcel')],
      seed: {
        description: 'two parcels',
        run: async (_ctx, { enrich, seeded }) => {
          seen.push(seeded);
          for (const id of ['p1', 'p2']) written.push(enrich?.('parcel', { id, name: id }) ?? { id });
          return { parcel: 2 };
        },
      },
    });
    const extender = definePlugin({
      name: 'extender',
      description: 'adds a flag to parcels',
      dependsOn: ['owner'],
      objects: [objectNamed('flag')],
      seed: {
        description: 'p2 on sale',
        enrich: { parcel: (row) => (row.id === 'p2' ? { onSale: true, id: 'forged' } : undefined) },
        run: async (_ctx, { seeded }) => {
          seen.push(seeded);
          return { parcel: seeded?.includes('owner') ? 0 : 1 };
        },
      },
    });
    const outcomes = await runSeeds(createRegistry([extender, owner]), contextFor);
    assert.deepEqual(written, [
      { id: 'p1', name: 'p1' },
      { id: 'p2', name: 'p2', onSale: true },
    ]);
    assert.deepEqual(seen, [[], ['owner']]);
    assert.deepEqual(outcomes.at(-1)?.counts, { parcel: 0 }, 'nothing left for the second pass');

    written.length = 0;
    await runSeeds(createRegistry([extender, owner]), contextFor, { only: ['owner'] });
    assert.deepEqual(written[1], { id: 'p2', name: 'p2' }, 'a seed that does not run adds nothing');
  });
});

describe('planSeeds: which seeds realty start runs', () => {
  const counting = (counts: Record<string, number>) => {
    const asked: string[] = [];
    return {
      asked,
      count: async (object: string) => {
        asked.push(object);
        return counts[object] ?? 0;
      },
    };
  };

  it('runs every seed on a workspace it made, without counting anything', async () => {
    const c = counting({ parcel: 5 });
    const plan = await planSeeds(registry, new Map(), { freshWorkspace: true, count: c.count });
    assert.deepEqual(plan, { interrupted: [], fresh: ['base', 'on-top'], skipped: [] });
    assert.deepEqual(c.asked, []);
  });

  it('seeds a plugin enabled since the last start (its objects empty) and leaves data alone', async () => {
    const c = counting({ parcel: 2, plot: 0 });
    const plan = await planSeeds(registry, parseSeedMarks('done', ['base', 'on-top']), {
      freshWorkspace: false,
      count: c.count,
    });
    assert.deepEqual(plan, { interrupted: [], fresh: ['on-top'], skipped: ['base'] });
    assert.deepEqual(c.asked.sort(), ['parcel', 'plot'], 'the plugin without a seed is not counted');
  });

  it('finishes an interrupted seed and never repeats one marked done, whatever the data', async () => {
    const marks = parseSeedMarks('base done\non-top seeding\n', ['base', 'on-top']);
    const plan = await planSeeds(registry, marks, { freshWorkspace: false, count: async () => 0 });
    assert.deepEqual(plan, { interrupted: ['on-top'], fresh: [], skipped: ['base'] });
    assert.deepEqual(
      parseSeedMarks('seeding', ['base', 'on-top']),
      new Map([
        ['base', 'seeding'],
        ['on-top', 'seeding'],
      ]),
      'the single word of earlier versions means every seed was cut short',
    );
    assert.equal(formatSeedMarks(marks), 'base done\non-top seeding\n');
  });

  it('runs only the seeds asked for, in dependency order, reporting each as done', async () => {
    ran.length = 0;
    const done: string[] = [];
    await runSeeds(registry, contextFor, { only: ['on-top'], onDone: (p) => done.push(p) });
    assert.deepEqual(ran, ['on-top']);
    assert.deepEqual(done, ['on-top']);
  });
});

describe('replicaCaughtUp', () => {
  const seeded: SeedOutcome[] = [
    { plugin: 'registry', description: 'x', counts: { unit: 3, building: 1, notReplicated: 9 } },
    { plugin: 'chessboard', description: 'y', counts: { unit: 1 } },
  ];

  it('waits until the replica holds what the seeds wrote, ignoring objects it does not replicate', async () => {
    const held = new Map([
      ['unit', 0],
      ['building', 1],
    ]);
    const readModel = {
      has: (o: string) => held.has(o),
      count: async (o: string) => {
        // Each look finds one more unit, as webhook echoes arrive.
        if (o === 'unit') held.set('unit', (held.get('unit') ?? 0) + 1);
        return held.get(o) ?? 0;
      },
    };
    assert.equal(await replicaCaughtUp(readModel, seeded, { timeoutMs: 5_000, intervalMs: 1 }), true);
    assert.equal(held.get('unit'), 3);
  });

  it('gives up after the timeout when echoes stop coming, so the caller pulls the replica instead', async () => {
    const readModel = { has: () => true, count: async () => 0 };
    const started = Date.now();
    assert.equal(await replicaCaughtUp(readModel, seeded, { timeoutMs: 50, intervalMs: 5 }), false);
    assert.ok(Date.now() - started >= 50);
  });
});
