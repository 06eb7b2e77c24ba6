/**
 * Import previews kept in the store: what one instance keeps another reads,
 * one confirm of two starts the run, a stop asked anywhere reaches the
 * applying instance, a run whose instance died counts as failed, and plans
 * unused for an hour are deleted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPluginStorage } from '../../../../plugins/core/access/index';
import { openStore, type Store } from '../../../../plugins/core/store/index';
import type { ImportPlan, ImportResult, ParsedWorkbook } from '../../../../plugins/registry/import/index';
import {
  createPlanBodies,
  createPlanSessions,
  IMPORT_PLANS_TABLE_SQL,
  PLAN_TTL_MS,
  type PlanSessions,
  STALE_APPLY_MS,
} from '../../../../plugins/registry/pages/plan-sessions';

const parsed = {
  fileName: 'u.xlsx',
  columns: [],
  rows: [],
  fileProblems: [],
  usable: true,
} as unknown as ParsedWorkbook;
const plan = {
  fileName: 'u.xlsx',
  batchId: '00000000-0000-4000-8000-000000000001',
  counts: { rows: 3, create: 2, update: 1, unchanged: 0, rejected: 0, pendingApproval: 0 },
  rows: [],
  usable: true,
} as unknown as ImportPlan;

describe('import previews in the store', () => {
  let store: Store;
  let at = Date.UTC(2026, 5, 1);
  const instance = (): PlanSessions =>
    createPlanSessions({
      storage: createPluginStorage({ sql: store.sql, plugin: 'registry', plugins: ['registry'] }),
      now: () => new Date(at),
      // Each instance has its own memory: nothing is shared but the store.
      bodies: createPlanBodies(),
    });
  before(async () => {
    store = await openStore();
    await store.sql.exec(IMPORT_PLANS_TABLE_SQL);
  });
  after(() => store.close());

  it('lets another instance read, claim once, stop and finish a plan one instance made', async () => {
    const one = instance();
    const two = instance();
    const made = await one.add({ parsed, plan, ownerId: 'member-1' });
    const seen = await two.get(made.id);
    assert.equal(seen?.ownerId, 'member-1');
    assert.deepEqual(seen?.plan, plan, 'the plan itself, from the store');
    assert.deepEqual(seen?.progress, { done: 0, total: 3 });
    const claims = await Promise.all([one.claim(made.id), two.claim(made.id)]);
    assert.deepEqual(claims.sort(), [false, true], 'one confirm of two starts the run');
    await one.progress(made.id, { done: 1, total: 3 });
    assert.equal((await two.get(made.id))?.state, 'applying');
    assert.deepEqual((await two.get(made.id))?.progress, { done: 1, total: 3 });
    assert.equal(await two.requestStop(made.id), true);
    assert.deepEqual(await one.heartbeat(made.id), { stopRequested: true }, 'the applying instance hears it');
    await one.finish(made.id, { state: 'failed', error: 'stopped' });
    assert.equal(await two.requestStop(made.id), false, 'nothing to stop any more');
    assert.equal(await two.claim(made.id), true, 'a failed run may be confirmed again');
    const result = { batchId: plan.batchId, batchNumber: 7, status: 'applied' } as ImportResult;
    await two.finish(made.id, { state: 'applied', result });
    const done = await one.get(made.id);
    assert.equal(done?.state, 'applied');
    assert.equal(done?.result?.batchNumber, 7);
    assert.equal(await one.claim(made.id), false, 'an applied plan is not applied again');
  });

  it('takes a run whose instance stopped beating for failed, and lets it be confirmed again', async () => {
    const one = instance();
    const made = await one.add({ parsed, plan, ownerId: 'member-1' });
    assert.equal(await one.claim(made.id), true);
    at += STALE_APPLY_MS + 1_000;
    const seen = await instance().get(made.id);
    assert.equal(seen?.state, 'failed');
    assert.match(seen?.error ?? '', /подтвердите импорт ещё раз/);
    assert.equal(await instance().claim(made.id), true);
  });

  it('forgets plans unused for an hour', async () => {
    const one = instance();
    const made = await one.add({ parsed, plan, ownerId: 'member-1' });
    at += PLAN_TTL_MS + 60_000;
    assert.equal(await instance().get(made.id), undefined, 'expired for every instance');
    assert.ok((await one.prune()) >= 1);
    const left = await store.sql.query('select 1 from registry_import_plans where id = $1', [made.id]);
    assert.equal(left.rows.length, 0, 'and deleted from the store');
  });
});
