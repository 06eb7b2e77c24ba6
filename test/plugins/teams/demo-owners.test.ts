/**
 * Every demo deal has an owner: with TEAMS_DEAL_VISIBILITY=closed (the default) a deal without a
 * team is seen only by its owner and admins, so an ownerless demo deal would be an admin's alone.
 * The teams, holdings and revenue demos run as `realty seed-demo` runs them, against devhost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { holdingsPlugin } from '../../../plugins/holdings/index';
import { holdingsSeed } from '../../../plugins/holdings/seed';
import { revenuePlugin } from '../../../plugins/revenue/index';
import { revenueSeed } from '../../../plugins/revenue/seed';
import { teamsPlugin } from '../../../plugins/teams/index';
import { teamsSeed } from '../../../plugins/teams/seed';
import { type AppStack, startAppStack } from '../../support/app-stack';

let app: AppStack;

describe('the demo deals', () => {
  before(async () => {
    app = await startAppStack({
      name: 'demo-owners',
      plugins: [teamsPlugin, holdingsPlugin, revenuePlugin],
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
  });
  after(async () => {
    await app?.close();
  });

  it('each has an owner, in every plugin’s demo', async () => {
    await teamsSeed.run(app.runtime.contextFor('teams'), {});
    await holdingsSeed.run(app.runtime.contextFor('holdings'), {});
    await revenueSeed.run(app.runtime.contextFor('revenue'), {});
    const deals: Record<string, unknown>[] = [];
    for await (const deal of app.runtime.twenty.records('opportunity').iterate({})) deals.push(deal);
    assert.ok(deals.length >= 6, `the demos made ${deals.length} deals`);
    const ownerless = deals
      .filter((d) => typeof d.ownerId !== 'string' || d.ownerId === '')
      .map((d) => d.name);
    assert.deepEqual(ownerless, [], 'deals without an owner');
  });
});
