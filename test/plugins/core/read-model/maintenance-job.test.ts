/**
 * The read model's upkeep as the running app does it: the runtime schedules
 * `realty:read-model-maintenance` beside the sweep; a run forgets previous
 * versions older than the retention and keeps the recent ones, and analyzes
 * the replica tables — before it, PGlite's planner takes a table of
 * thousands of rows for one it knows nothing about (reltuples -1), after it
 * the planner knows their number. A bulk load (resync, the demo seeds at
 * `realty start`) analyzes too.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Devhost, startDevhost } from '../../../../devhost/server';
import { definePlugin } from '../../../../plugins/core/index';
import {
  PREVIOUS_RETENTION_MS,
  READ_MODEL_MAINTENANCE_JOB,
} from '../../../../plugins/core/read-model/maintenance-job';
import { silentLogger } from '../../../../plugins/core/runtime/logger';
import { openRuntime, type Runtime } from '../../../../plugins/core/runtime/runtime';
import { loadConfig } from '../../../../plugins/core/settings/config';

const JOB = `realty:${READ_MODEL_MAINTENANCE_JOB}`;
const ROWS = 3_000;

let home: string;
let devhost: Devhost;
let runtime: Runtime;

const probe = definePlugin({
  name: 'probe',
  description: 'a read-model object that keeps previous names',
  readModel: [{ object: 'company', keepPrevious: ['name'] }],
});

const company = (id: string, minute: number, name: string) => ({
  objectName: 'company',
  action: 'updated',
  record: { id, name, updatedAt: new Date(Date.UTC(2026, 10, 1, 9, minute)).toISOString() },
});

async function reltuples(table: string): Promise<number> {
  const r = await runtime.store.sql.query<{ n: number }>(
    'select reltuples::float8 as n from pg_class where relname = $1',
    [table],
  );
  return Number(r.rows[0]?.n);
}

async function previousRows(): Promise<number> {
  const r = await runtime.store.sql.query<{ n: number }>('select count(*)::int as n from realty_rm_previous');
  return Number(r.rows[0]?.n);
}

before(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'realty-maintenance-'));
  devhost = await startDevhost({ port: 0 });
  runtime = await openRuntime({
    config: loadConfig({ REALTY_HOME: home }),
    plugins: [probe],
    twenty: { url: devhost.url, apiKey: devhost.apiKey },
    webhookSecret: randomBytes(24).toString('hex'),
    log: silentLogger,
    scheduler: false,
  });
});

after(async () => {
  await runtime?.close();
  await devhost?.close();
  await rm(home, { recursive: true, force: true });
});

describe('the read-model maintenance job', () => {
  it('is scheduled by the runtime beside the sweep', () => {
    const keys = runtime.scheduler.jobs().map((j) => j.key);
    assert.ok(keys.includes('realty:sweep'));
    assert.ok(keys.includes(JOB), keys.join(', '));
  });

  it('analyzes the replica and forgets only previous versions older than the retention', async () => {
    const ids = Array.from({ length: ROWS }, () => randomUUID());
    await runtime.store.readModel.applyEvents(ids.map((id) => company(id, 0, 'Старое имя')));
    await runtime.store.readModel.applyEvents(ids.slice(0, 10).map((id) => company(id, 1, 'Новое имя')));
    assert.equal(await previousRows(), 10);
    // Six of the ten were recorded long ago (as if a week and a day had passed since).
    const old = new Date(Date.now() - PREVIOUS_RETENTION_MS - 24 * 3_600_000).toISOString();
    await runtime.store.sql.query(
      'update realty_rm_previous set recorded_at = $1::timestamptz where id = any($2::uuid[])',
      [old, ids.slice(0, 6)],
    );
    const table = runtime.store.readModel.table('company');
    assert.ok((await reltuples(table)) < ROWS / 2, 'the planner knows nothing of the rows yet');

    const run = await runtime.scheduler.runJobNow(JOB);
    assert.equal(run.status, 'succeeded', run.error);

    assert.equal(await reltuples(table), ROWS);
    assert.equal(await previousRows(), 4);
    for (const id of ids.slice(6, 10))
      assert.ok(await runtime.store.readModel.previous('company', id, company(id, 1, '').record.updatedAt));
    assert.equal(
      await runtime.store.readModel.previous('company', ids[0], company(ids[0], 1, '').record.updatedAt),
      undefined,
    );
  });

  it('a resync analyzes the tables it rebuilt', async () => {
    const table = runtime.store.readModel.table('company');
    await runtime.store.sql.exec(`delete from pg_statistic where starelid = '${table}'::regclass`);
    await runtime.store.sql.query(`update pg_class set reltuples = -1 where relname = $1`, [table]);
    const summary = await runtime.store.readModel.resync(runtime.twenty, ['company']);
    const count = await runtime.store.readModel.count('company', { includeDeleted: true });
    assert.equal(summary.objects[0]?.object, 'company');
    assert.equal(await reltuples(table), count);
  });
});
