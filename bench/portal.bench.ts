/**
 * The portal at seed scale: the registry part of the seed-scale dataset (~19,000 units) in the read
 * model, every unit published and free, every building in the Yandex feed, then, as the app serves
 * them to the anonymous principal (access layer, row filter and field mask, rate limit included):
 *  - `/feeds/yrl.xml` generated and streamed in full ≤ 2 s, the heap growing by at most a quarter of
 *    the feed's size while it streams (memory flat: offers are written as they are read, in pages);
 *  - `/portal/v1/units` (filters varied run to run) p95 ≤ 50 ms.
 */

import os from 'node:os';
import type { Readable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createAccessLayer, type Principal } from '../plugins/core/access/index';
import { createRegistry, type PluginContext, type RegisteredRoute } from '../plugins/core/plugin/index';
import { readModelTable, registerReadModelViews } from '../plugins/core/read-model/index';
import { silentLogger } from '../plugins/core/runtime/index';
import { loadConfig, loadPluginSettings } from '../plugins/core/settings/index';
import { openStore } from '../plugins/core/store/index';
import { portalPlugin } from '../plugins/portal/index';
import { portalRoutes } from '../plugins/portal/routes';
import { portalTablesMigration } from '../plugins/portal/storage';
import { registryPlugin } from '../plugins/registry/index';
import { createTwentyClient } from '../sdk/index';
import { defineBench } from './harness';
import { loadSeedScaleIntoReadModel, SEED_SCALE_DEFAULT_SEED } from './seed-scale/index';

const FEED_TARGET_MS = 2_000;
const SEARCH_TARGET_MS = 50;
const RUNS = 60;
const ANONYMOUS: Principal = { kind: 'anonymous' };

const p95 = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? 0;
};

const SEARCHES: Record<string, string>[] = [
  { limit: '20' },
  { kind: 'FLAT', rooms: '1,2', limit: '20' },
  { areaMin: '40', areaMax: '70', limit: '50' },
  { priceMax: '15000000', kind: 'FLAT', limit: '20' },
  { floorMin: '5', floorMax: '12', rooms: '3', limit: '20' },
  { kind: 'PARKING', limit: '20' },
];

export default defineBench({
  name: 'portal',
  description: `YRL feed for the seed-scale registry ≤ ${FEED_TARGET_MS} ms, streamed with a flat heap; site API unit search p95 ≤ ${SEARCH_TARGET_MS} ms`,
  async run({ report, progress }) {
    const store = await openStore();
    try {
      const registry = createRegistry([registryPlugin, portalPlugin]);
      await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
      const settings = loadPluginSettings(registry.settings, { PORTAL_RATE_LIMIT_PER_MINUTE: '1000000' });
      const context = {
        twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused', limiter: false }),
        store,
        clock: store.clock,
        log: silentLogger,
        config: loadConfig({}),
        settings,
      } as PluginContext;
      await portalTablesMigration.run(context);
      progress('loading the seed-scale registry into the read model …');
      await loadSeedScaleIntoReadModel(store, {
        seed: SEED_SCALE_DEFAULT_SEED,
        objects: ['residentialComplex', 'building', 'section', 'unit'],
      });
      // Publish everything for the feed: every unit free and public, every complex in the Yandex feed.
      await store.sql.exec(`
        update ${readModelTable('unit')} set data = data || jsonb_build_object('publicSale', true, 'status', 'FREE',
          'kitchenArea', round(coalesce((data->>'totalArea')::numeric, 50) * 0.16, 1));
        update ${readModelTable('building')} set data = data || jsonb_build_object('yandexHouseId', '29' || substr(md5(id::text), 1, 6),
          'commissioningDate', coalesce(data->>'commissioningDate', '2027-06-30'), 'floors', coalesce((data->>'floors')::int, 25));
        update ${readModelTable('residentialComplex')} set data = data || jsonb_build_object('portalFeeds', jsonb_build_array('YRL'),
          'yandexBuildingId', '21' || substr(md5(id::text), 1, 5),
          'location', jsonb_build_object('addressStreet1', 'ул. Тестовая, 1', 'addressCity', 'Москва'));
        analyze;`);
      const [{ n: units } = { n: 0 }] = (
        await store.sql.query<{ n: number }>(`select count(*)::int as n from ${readModelTable('unit')}`)
      ).rows;
      const access = createAccessLayer({
        sql: store.sql,
        readModel: store.readModel,
        twenty: context.twenty,
        registry,
        settings,
        clock: store.clock,
        log: silentLogger,
        links: { twentyUrl: 'http://twenty.local', publicUrl: 'http://localhost:3000' },
      });
      const routeOf = (path: string) => {
        const r = portalRoutes.find((x) => x.path === path);
        if (!r) throw new Error(`no route ${path}`);
        return { ...r, plugin: 'portal' } as RegisteredRoute;
      };
      const call = async (path: string, query: Record<string, string> = {}) => {
        const route = routeOf(path);
        const ctx = access.routeContext(route, ANONYMOUS);
        return route.handler(
          {
            method: 'GET',
            url: path,
            params: {},
            query: route.query ? route.query.parse(query) : query,
            body: undefined,
            headers: {},
            ip: '127.0.0.1',
          },
          ctx,
        );
      };

      // The feed: a warm-up, then timed, then once more for memory (a forced GC every ~2 MB streamed:
      // what the heap retains while streaming, not the garbage between collections).
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      let offers = 0;
      let bytes = 0;
      let feedMs = 0;
      let heapGrowth = 0;
      for (const pass of ['warm-up', 'timed', 'memory'] as const) {
        gc();
        const heapBefore = process.memoryUsage().heapUsed;
        let heapMax = heapBefore;
        let sinceSample = 0;
        const started = performance.now();
        const answer = await call('/feeds/yrl.xml');
        offers = 0;
        bytes = 0;
        for await (const chunk of answer.body as Readable) {
          const text = String(chunk);
          bytes += Buffer.byteLength(text);
          offers += text.split('<offer ').length - 1;
          sinceSample += text.length;
          if (pass === 'memory' && sinceSample > 2_000_000) {
            sinceSample = 0;
            gc();
            heapMax = Math.max(heapMax, process.memoryUsage().heapUsed);
          }
        }
        if (pass === 'timed') feedMs = performance.now() - started;
        if (pass === 'memory') heapGrowth = heapMax - heapBefore;
      }
      progress(
        `feed: ${offers} offers of ${units} units, ${(bytes / 1e6).toFixed(1)} MB in ${feedMs.toFixed(0)} ms`,
      );
      report({
        name: `/feeds/yrl.xml for ${units} units: generated and streamed`,
        value: feedMs,
        unit: 'ms',
        target: FEED_TARGET_MS,
        comparison: 'atMost',
        details: {
          offers,
          units,
          megabytes: (bytes / 1e6).toFixed(1),
          loadAverage: os.loadavg()[0]?.toFixed(1) ?? '?',
        },
      });
      report({
        name: 'heap retained while streaming ÷ feed size (memory flat)',
        value: heapGrowth / bytes,
        unit: '× feed size',
        target: 0.25,
        comparison: 'atMost',
        details: { heapGrowthMB: (heapGrowth / 1e6).toFixed(1), feedMB: (bytes / 1e6).toFixed(1) },
      });

      const timings: number[] = [];
      const byQuery = new Map<string, number[]>();
      let found = 0;
      for (let run = 0; run < RUNS + 6; run++) {
        const query = SEARCHES[run % SEARCHES.length] as Record<string, string>;
        const started = performance.now();
        const answer = await call('/portal/v1/units', query);
        const ms = performance.now() - started;
        if (answer.status !== undefined && answer.status !== 200)
          throw new Error(`search answered ${answer.status}`);
        if (run >= 6) {
          timings.push(ms);
          const key = new URLSearchParams(query).toString();
          byQuery.set(key, [...(byQuery.get(key) ?? []), ms]);
        }
        found += (JSON.parse(String(answer.body)) as { items: unknown[] }).items.length;
      }
      for (const [key, ms] of byQuery)
        progress(`search ${key}: median ${(ms.sort((a, b) => a - b)[ms.length >> 1] ?? 0).toFixed(1)} ms`);
      report({
        name: `/portal/v1/units search (${SEARCHES.length} filter sets, ${units} units): p95`,
        value: p95(timings),
        unit: 'ms',
        target: SEARCH_TARGET_MS,
        comparison: 'atMost',
        details: {
          runs: RUNS,
          itemsReturned: found,
          median: (timings.sort((a, b) => a - b)[RUNS >> 1] ?? 0).toFixed(1),
        },
      });
    } finally {
      await store.close();
    }
  },
});
