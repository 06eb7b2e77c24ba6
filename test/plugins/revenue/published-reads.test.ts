/**
 * What revenue publishes for other plugins, on a real store (PGlite) with the read model's views:
 * the revenue records of deals (teams' grants reach them) — and none, without failing, in a store
 * where revenue is not enabled.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRegistry, uuidV5 } from '../../../plugins/core/plugin/index';
import { registerReadModelViews } from '../../../plugins/core/read-model/index';
import { openStore, type Store } from '../../../plugins/core/store/index';
import { revenuePlugin, revenueRecordsOfDeals } from '../../../plugins/revenue/index';
import { teamsPlugin } from '../../../plugins/teams/index';

const id = (name: string) => uuidV5(`revenue-published:${name}`);
const AT = '2026-11-01T09:00:00.000Z';
const DEAL = id('deal');
const OTHER = id('other-deal');

describe('revenue’s published reads', () => {
  let withRevenue: Store;
  let without: Store;

  before(async () => {
    withRevenue = await openStore();
    const registry = createRegistry([revenuePlugin]);
    await registerReadModelViews(withRevenue.sql, withRevenue.readModel, registry.schema, registry.readModel);
    const created = (objectName: string, record: Record<string, unknown>) => ({
      objectName,
      action: 'created',
      record: { updatedAt: AT, ...record } as unknown as { id: string },
    });
    await withRevenue.readModel.applyEvents([
      created('revenueScenario', { id: id('s1'), opportunityId: DEAL, isPrimary: true }),
      created('revenueScenario', { id: id('s2'), opportunityId: OTHER }),
      created('revenuePlanLine', { id: id('l1'), scenarioId: id('s1') }),
      created('revenuePlanLine', { id: id('l2'), scenarioId: id('s2') }),
      created('revenueAllocation', { id: id('a1'), opportunityId: DEAL, scenarioId: id('s1') }),
    ]);
    without = await openStore();
    const teamsOnly = createRegistry([teamsPlugin]);
    await registerReadModelViews(without.sql, without.readModel, teamsOnly.schema, teamsOnly.readModel);
  });
  after(async () => {
    await withRevenue?.close();
    await without?.close();
  });

  it('lists the scenarios, plan lines and allocations of the named deals (all deals when none named)', async () => {
    const mine = await revenueRecordsOfDeals(withRevenue.sql, [DEAL]);
    assert.deepEqual(mine.map((r) => `${r.objectName}:${r.recordId}:${r.dealId === DEAL}`).sort(), [
      `revenueAllocation:${id('a1')}:true`,
      `revenuePlanLine:${id('l1')}:true`,
      `revenueScenario:${id('s1')}:true`,
    ]);
    assert.equal((await revenueRecordsOfDeals(withRevenue.sql)).length, 5);
  });

  it('answers no records in a store where revenue is not enabled', async () => {
    assert.deepEqual(await revenueRecordsOfDeals(without.sql, [DEAL]), []);
    assert.deepEqual(await revenueRecordsOfDeals(without.sql), []);
  });
});
