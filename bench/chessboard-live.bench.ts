/**
 * Issue "chessboard" figure, live updates: a unit's status changed in Twenty
 * (by a person, through devhost's REST API) recolours its cell on an open
 * board within 2 s — the whole path: devhost's signed webhook → the intake's
 * journal → the worker → the read model → the SSE hub → the page in Chromium.
 * Measured over 12 changes, one at a time, p95. Without a browser the figure
 * is reported as skipped, not passed.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { buildDemoRegistry } from '../plugins/registry/demo-data';
import { startChessboardApp } from '../test/plugins/chessboard/chessboard-app';
import { defineBench } from './harness';

const TARGET_MS = 2_000;
const CHANGES = 12;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export default defineBench({
  name: 'chessboard-live',
  description: `a status changed in Twenty → its cell recoloured on an open board in Chromium, p95 of ${CHANGES} (≤ ${TARGET_MS} ms)`,
  async run({ report, progress }) {
    const executablePath =
      process.env.REALTY_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    if (!executablePath) {
      progress('live update: SKIPPED — no Chromium (install Debian chromium or set REALTY_CHROMIUM)');
      return;
    }
    progress('starting the app with the demo registry (devhost, runtime, app server, webhook) …');
    const app = await startChessboardApp();
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    try {
      const demo = buildDemoRegistry();
      const building = demo.buildings[0] as { id: string; complexId: string };
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(`${app.server.url}/auth/login?code=${await app.signInCode('sales')}`);
      await page.goto(`${app.server.url}/chessboard?building=${building.id}`);
      await page.waitForSelector('td[data-unit-id]');
      await page.waitForSelector('#live.on');
      const free = await page
        .locator('td[data-unit-id][data-status="FREE"]')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-unit-id') as string));
      const targets = free.slice(0, CHANGES);
      if (targets.length < CHANGES) throw new Error(`only ${targets.length} FREE units on the board`);
      const ms: number[] = [];
      for (const [i, unitId] of targets.entries()) {
        const started = performance.now();
        await app.twentyRest('PATCH', `/rest/units/${unitId}`, { status: 'BOOKED' });
        await page.waitForSelector(`td[data-unit-id="${unitId}"][data-status="BOOKED"]`, { timeout: 30_000 });
        ms.push(performance.now() - started);
        progress(`change ${i + 1}/${CHANGES}: ${ms[ms.length - 1]?.toFixed(0)} ms`);
      }
      ms.sort((a, b) => a - b);
      report({
        name: 'live update, Twenty change → cell recoloured, p95',
        value: percentile(ms, 95),
        unit: 'ms',
        target: TARGET_MS,
        comparison: 'atMost',
        details: {
          changes: ms.length,
          p50: Number(percentile(ms, 50).toFixed(0)),
          max: Number((ms[ms.length - 1] ?? 0).toFixed(0)),
        },
      });
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
