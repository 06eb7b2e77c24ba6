/**
 * An import test bench: devhost (rate limit raised so tests are quick), a
 * runtime with every plugin on a temp store, the workspace provisioned, and
 * one complex → building → section for the files to refer to.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import { loadConfig } from '../../../../plugins/core/config';
import { silentLogger } from '../../../../plugins/core/logger';
import type { PluginContext } from '../../../../plugins/core/plugin-context';
import { provision, provisionSucceeded } from '../../../../plugins/core/provision';
import { openRuntime, type Runtime } from '../../../../plugins/core/runtime';
import { allPlugins } from '../../../../plugins/index';
import { BUILDING_ID, COMPLEX_ID, SECTION_ID } from './workbook-fixtures';

export interface ImportBench {
  devhost: Devhost;
  runtime: Runtime;
  ctx: PluginContext;
  close(): Promise<void>;
}

export async function startImportBench(
  options: { requestsPerMinute?: number; floors?: number; extraBuildings?: number } = {},
): Promise<ImportBench> {
  const home = await mkdtemp(path.join(tmpdir(), 'realty-import-'));
  const rpm = options.requestsPerMinute ?? 100_000;
  const devhost = await startDevhost({
    port: 0,
    rateLimit: { shortLimit: rpm, shortTtlMs: 1_000, longLimit: rpm, longTtlMs: 60_000 },
  });
  const runtime = await openRuntime({
    config: loadConfig({ REALTY_HOME: home }),
    plugins: allPlugins,
    twenty: { url: devhost.url, apiKey: devhost.apiKey },
    webhookSecret: 'import-test-webhook-secret',
    log: silentLogger,
    worker: false,
    scheduler: false,
    rateLimit: { requestsPerMinute: rpm, requestsPerSecond: rpm },
  });
  const report = await provision({ client: runtime.twenty, plugins: allPlugins });
  assert.ok(provisionSucceeded(report), JSON.stringify(report.conflicts));
  const t = runtime.twenty;
  await t.records('residentialComplex').create({ id: COMPLEX_ID, name: 'ЖК «Тестовый»' });
  await t.records('building').create({
    id: BUILDING_ID,
    complexId: COMPLEX_ID,
    name: 'ЖК «Тестовый», корпус 1',
    number: '1',
    floors: options.floors ?? 10,
  });
  await t
    .records('section')
    .create({ id: SECTION_ID, buildingId: BUILDING_ID, number: 1, floors: options.floors ?? 10 });
  return {
    devhost,
    runtime,
    ctx: runtime.contextFor('registry'),
    async close() {
      await runtime.close();
      await devhost.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
