/**
 * "A start interrupted while seeding finishes it next time": every plugin's demo seed, cut in the
 * middle of its writes (a Ctrl-C, a crash, Twenty gone away), then run again as the next `realty
 * start` runs it, leaves Twenty holding exactly what an uninterrupted seed leaves. A seed that
 * decides "my demo is in place" from the first record it wrote fails this: the rest never comes.
 *
 * Two devhosts with every plugin's objects, the same pinned clock: on one the seeds run straight
 * through (counting each plugin's writes); on the other each plugin's seed is stopped before its
 * middle write, then run again; then both workspaces are compared object by object.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PluginContext } from '../../plugins/core/plugin/index';
import { createManualClock } from '../../plugins/core/runtime/clock';
import { runSeeds } from '../../scripts/seeds';
import type { TwentyClient, TwentyRecord } from '../../sdk/index';
import { type AppStack, startAppStack } from '../support/app-stack';

const NOW = '2026-11-16T09:00:00.000Z';
const FAST = { requestsPerMinute: 100_000, requestsPerSecond: 10_000 };
const RECORD_WRITES = new Set(['create', 'createMany', 'update', 'delete', 'restore', 'upsert']);

class Interrupted extends Error {}

/**
 * The plugin's context with a Twenty client that counts the plugin's writes (records, files, raw
 * non-GET requests) and, when `cutAt` is given, refuses that write and every later one.
 */
function counting(ctx: PluginContext, writes: { n: number }, cutAt?: number): PluginContext {
  const write = <T>(run: () => T): T => {
    writes.n++;
    if (cutAt !== undefined && writes.n >= cutAt) throw new Interrupted(`cut before write ${writes.n}`);
    return run();
  };
  const twenty = new Proxy(ctx.twenty, {
    get(target, key, receiver) {
      if (key === 'records')
        return (object: Parameters<TwentyClient['records']>[0]) =>
          new Proxy(target.records(object), {
            get(api, method, r) {
              const value = Reflect.get(api, method, r);
              return typeof value === 'function' && RECORD_WRITES.has(String(method))
                ? (...args: unknown[]) => write(() => value.apply(api, args))
                : value;
            },
          });
      if (key === 'files')
        return new Proxy(target.files, {
          get(files, method, r) {
            const value = Reflect.get(files, method, r);
            return typeof value === 'function' && (method === 'upload' || method === 'attach')
              ? (...args: unknown[]) => write(() => value.apply(files, args))
              : value;
          },
        });
      if (key === 'request')
        return (opts: Parameters<TwentyClient['request']>[0]) =>
          opts.method === 'GET' ? target.request(opts) : write(() => target.request(opts));
      return Reflect.get(target, key, receiver);
    },
  });
  return { ...ctx, twenty } as PluginContext;
}

const VOLATILE = new Set(['createdAt', 'updatedAt', 'deletedAt', 'createdBy', 'updatedBy', 'position']);

/** Every live record of an object by id, each field as JSON, without the fields Twenty sets by itself. */
async function contents(stack: AppStack, object: string): Promise<Map<string, Map<string, string>>> {
  const rows = new Map<string, Map<string, string>>();
  for await (const record of stack.runtime.twenty.records(object).iterate({})) {
    const kept = Object.entries(record as TwentyRecord).filter(([k]) => !VOLATILE.has(k));
    rows.set(record.id, new Map(kept.map(([k, v]) => [k, JSON.stringify(v)])));
  }
  return rows;
}

/** What differs between two objects' records: `unit 1234…: missing`, `auctionLot 0616…: winnerId`. */
function differences(
  object: string,
  want: Map<string, Map<string, string>>,
  got: Map<string, Map<string, string>>,
): string[] {
  const out: string[] = [];
  for (const [id, fields] of want) {
    const mine = got.get(id);
    if (!mine) out.push(`${object} ${id}: missing`);
    else {
      const changed = [...fields].filter(([k, v]) => mine.get(k) !== v).map(([k]) => k);
      if (changed.length > 0) out.push(`${object} ${id}: ${changed.join(', ')}`);
    }
  }
  for (const id of got.keys()) if (!want.has(id)) out.push(`${object} ${id}: extra`);
  return out;
}

let straight: AppStack;
let cut: AppStack;
const writesOf = new Map<string, number>();
const objectsSeeded = new Set<string>();
const cutReport: Array<{ plugin: string; cutAt: number; error: string }> = [];

before(async () => {
  const open = (name: string) =>
    startAppStack({
      name,
      worker: false,
      clock: createManualClock(NOW),
      rateLimit: FAST,
      devhostRequestsPerMinute: 100_000,
    });
  [straight, cut] = await Promise.all([open('seeds-straight'), open('seeds-cut')]);
  const plugins = straight.runtime.registry.seeds.map((s) => s.plugin);
  for (const plugin of plugins) {
    const writes = { n: 0 };
    const [outcome] = await runSeeds(
      straight.runtime.registry,
      (p) => counting(straight.runtime.contextFor(p), writes),
      { only: [plugin] },
    );
    writesOf.set(plugin, writes.n);
    for (const object of Object.keys(outcome?.counts ?? {})) objectsSeeded.add(object);
  }
  for (const plugin of plugins) {
    const cutAt = Math.ceil((writesOf.get(plugin) ?? 0) / 2) + 1;
    if ((writesOf.get(plugin) ?? 0) >= 2) {
      const error = await runSeeds(
        cut.runtime.registry,
        (p) => counting(cut.runtime.contextFor(p), { n: 0 }, cutAt),
        { only: [plugin] },
      ).then(
        () => 'not cut',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      cutReport.push({ plugin, cutAt, error });
    }
    // The next start: the seed marked `seeding` runs again, from the top.
    await runSeeds(cut.runtime.registry, (p) => cut.runtime.contextFor(p), { only: [plugin] });
  }
});

after(async () => {
  await Promise.all([straight?.close(), cut?.close()]);
});

describe('a demo seed interrupted in the middle of its writes', () => {
  it('was really cut: each plugin writing more than once was stopped before its middle write', () => {
    assert.ok(cutReport.length >= 8, JSON.stringify([...writesOf]));
    for (const { plugin, cutAt, error } of cutReport)
      assert.match(error, /^cut before write \d+$/, `${plugin} (cut at write ${cutAt})`);
  });

  it('finishes on the next run: Twenty holds what an uninterrupted seed writes, object by object', async () => {
    assert.ok(objectsSeeded.has('unit') && objectsSeeded.has('auction') && objectsSeeded.has('payment'));
    const problems: string[] = [];
    for (const object of [...objectsSeeded].sort()) {
      const [want, got] = await Promise.all([contents(straight, object), contents(cut, object)]);
      assert.ok(want.size > 0 || object === 'portal', `${object}: the seed wrote records`);
      problems.push(...differences(object, want, got));
    }
    const byKind = new Map<string, number>();
    for (const p of problems) {
      const [object, , what] = p.split(' ');
      const key = `${object} ${what}`;
      byKind.set(key, (byKind.get(key) ?? 0) + 1);
    }
    assert.deepEqual(
      [...byKind].map(([kind, n]) => `${kind} ×${n}`),
      [],
      `${problems.length} differences, e.g. ${problems.slice(0, 3).join('; ')}; cuts: ${JSON.stringify(cutReport)}`,
    );
  });
});
