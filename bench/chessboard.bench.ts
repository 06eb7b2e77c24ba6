/**
 * The chessboard at seed scale: the registry part of the seed-scale dataset
 * (19,000 units, some 500-unit towers) loaded into the read model, then
 *  - the board API for a 500-unit building with 5 active filters (parse, SQL,
 *    layout, JSON), p95 ≤ 50 ms over 60 runs: a board must redraw instantly
 *    when a filter changes, and the SSE stream runs the same query;
 *  - the page's first render in headless Chromium for that building, ≤ 1 s
 *    from navigation to every cell drawn (REALTY_CHROMIUM or /usr/bin/chromium;
 *    without a browser the figure is reported as skipped, not passed).
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chessboardIndexStatements, chessboardTables } from '../plugins/chessboard/chessboard-query';
import { chessboardRoutes } from '../plugins/chessboard/routes';
import type { PluginContext, RouteDeclaration, RouteRequest } from '../plugins/core/plugin/index';
import { silentLogger } from '../plugins/core/runtime/index';
import { loadConfig } from '../plugins/core/settings/index';
import { openStore } from '../plugins/core/store/index';
import { createTwentyClient } from '../sdk/index';
import { defineBench } from './harness';
import { loadSeedScaleIntoReadModel, SEED_SCALE_DEFAULT_SEED } from './seed-scale';

const API_TARGET_MS = 50;
const PAGE_TARGET_MS = 1_000;
const API_RUNS = 60;
const FILTERS = {
  floorMin: '2',
  floorMax: '30',
  status: 'FREE,RESERVED,BOOKED',
  areaMin: '20',
  rooms: '1,2,3',
};

function route(method: string, path: string): RouteDeclaration {
  const found = chessboardRoutes.find((r) => r.method === method && r.path === path);
  if (!found) throw new Error(`no chessboard route ${method} ${path}`);
  return found;
}

function request(path: string, params: Record<string, string>, query: RouteRequest['query']): RouteRequest {
  return { method: 'GET', path, params, query, headers: {}, body: undefined };
}

export default defineBench({
  name: 'chessboard',
  description: `board API p95 for a 500-unit building with 5 filters at seed scale (≤ ${API_TARGET_MS} ms) and page first render in Chromium (≤ ${PAGE_TARGET_MS} ms)`,
  async run({ report, progress }) {
    const store = await openStore();
    try {
      progress('loading the seed-scale registry into the read model …');
      const summary = await loadSeedScaleIntoReadModel(store, {
        seed: SEED_SCALE_DEFAULT_SEED,
        objects: ['residentialComplex', 'building', 'section', 'unit'],
      });
      const tables = chessboardTables(store.readModel);
      for (const statement of chessboardIndexStatements(tables)) await store.sql.exec(statement);
      const units = await store.readModel.count('unit');
      const largest = await store.sql.query<{ id: string; n: number }>(
        `select data->>'buildingId' as id, count(*)::int as n from ${tables.unit}
          where deleted_at is null group by 1 order by 2 desc limit 1`,
      );
      const target = largest.rows[0];
      if (!target) throw new Error('the seed-scale dataset has no units');
      progress(
        `${units} units in ${summary.seconds.toFixed(1)} s; largest building ${target.id} has ${target.n} units`,
      );
      const ctx: PluginContext = {
        store,
        clock: store.clock,
        log: silentLogger,
        config: loadConfig({}),
        // Never called: the board reads only the read model.
        twenty: createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused' }),
      };

      const board = route('GET', '/api/chessboard/:buildingId');
      const timings: number[] = [];
      let matching = 0;
      for (let run = 0; run < API_RUNS + 5; run++) {
        const started = performance.now();
        const res = await board.handler(
          request(`/api/chessboard/${target.id}`, { buildingId: target.id }, FILTERS),
          ctx,
        );
        const json = JSON.stringify(res.body);
        const ms = performance.now() - started;
        if (res.status !== undefined && res.status !== 200)
          throw new Error(`board answered ${res.status}: ${json}`);
        if (run >= 5) timings.push(ms); // the first runs warm the plan cache
        matching = (res.body as { counts: { matching: { all: number } } }).counts.matching.all;
      }
      timings.sort((a, b) => a - b);
      const p = (q: number) => timings[Math.min(timings.length - 1, Math.ceil(q * timings.length) - 1)] ?? 0;
      report({
        name: `board API, ${target.n}-unit building, 5 filters, p95`,
        value: p(0.95),
        unit: 'ms',
        target: API_TARGET_MS,
        comparison: 'atMost',
        details: { p50: p(0.5).toFixed(1), runs: API_RUNS, units: units, matching },
      });

      const executablePath =
        process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
      const skip =
        process.env.REALTY_BROWSER_SKIP ?? (executablePath ? undefined : 'no chromium (set REALTY_CHROMIUM)');
      if (skip) {
        progress(`page first render: SKIPPED — ${skip}`);
        return;
      }
      const page = route('GET', '/chessboard');
      const assets = route('GET', '/chessboard/assets/:file');
      // The page and its assets through the plugin's own handlers, without sign-in (the bench measures rendering).
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const asset = /^\/chessboard\/assets\/(.+)$/.exec(url.pathname);
        const handler = asset ? assets : url.pathname === '/chessboard' ? page : undefined;
        if (!handler) {
          res.writeHead(404).end();
          return;
        }
        void Promise.resolve(
          handler.handler(
            request(
              url.pathname,
              asset ? { file: asset[1] ?? '' } : {},
              Object.fromEntries(url.searchParams),
            ),
            ctx,
          ),
        ).then((r) => {
          res
            .writeHead(r.status ?? 200, r.headers ?? {})
            .end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--no-first-run',
          '--disable-sync',
        ],
      });
      try {
        const tab = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chessboard?building=${target.id}`;
        await tab.goto(url); // warm-up: the browser's own start-up is not the page's render
        const renders: number[] = [];
        for (let run = 0; run < 5; run++) {
          const started = performance.now();
          await tab.goto(url);
          await tab.waitForFunction(
            (n) => document.querySelectorAll('td[data-unit-id]').length >= n,
            target.n,
          );
          renders.push(performance.now() - started);
        }
        renders.sort((a, b) => a - b);
        report({
          name: `page first render, ${target.n}-unit building, median of 5`,
          value: renders[2] ?? 0,
          unit: 'ms',
          target: PAGE_TARGET_MS,
          comparison: 'atMost',
          details: { max: (renders[4] ?? 0).toFixed(0) },
        });
      } finally {
        await browser.close();
        server.close();
      }
    } finally {
      await store.close();
    }
  },
});
