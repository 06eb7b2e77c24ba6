/**
 * Holdings with and without the revenue plugin (issue 28, "Holdings under-count revenue"): the
 * roll-up takes revenue's published read — plan lines in any currency converted to RUB at the
 * Central Bank's rate, as /revenue converts them — and a failing query is an error, never "no
 * revenue". Through devhost with revenue enabled, and with a reader standing in for the layer.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AccessError, type ScopedReader } from '../../../plugins/core/access/index';
import type { RouteLinks } from '../../../plugins/core/plugin/index';
import { loadHolding } from '../../../plugins/holdings/holding-view';
import { holdingsPlugin } from '../../../plugins/holdings/index';
import { revenuePlugin } from '../../../plugins/revenue/index';
import { startTeamsApp, type TeamsApp, waitFor } from '../teams/teams-app';

const admin = '00000000-0000-4000-8000-0000000000ad';
const M = 1_000_000n;

describe('holdings roll up revenue in RUB through the revenue plugin’s published read', () => {
  let app: TeamsApp;
  const group = randomUUID();
  const daughter = randomUUID();
  const deal = randomUUID();

  before(async () => {
    app = await startTeamsApp('holdings-revenue', [holdingsPlugin, revenuePlugin]);
    await app.create('company', 'companies', { id: group, name: 'Группа «Бета»' });
    await app.create('company', 'companies', { id: daughter, name: 'Бета Трейд', parentCompanyId: group });
    await app.create('opportunity', 'opportunities', {
      id: deal,
      name: 'Бета: выход в ОАЭ',
      companyId: daughter,
      stage: 'PROPOSAL',
      amount: { amountMicros: 1_000_000 * 1_000_000, currencyCode: 'RUB' },
    });
    await app.create('exchangeRate', 'exchangeRates', {
      date: '2026-01-09',
      currencyCode: 'USD',
      rate: 90.5,
      nominal: 1,
      source: 'test',
    });
    const scenario = await app.create('revenueScenario', 'revenueScenarios', {
      name: 'Базовый',
      opportunityId: deal,
      kind: 'BASE',
      isPrimary: true,
    });
    await app.create('revenuePlanLine', 'revenuePlanLines', {
      scenarioId: scenario,
      dueDate: '2026-06-01',
      amount: { amountMicros: 1_000 * 1_000_000, currencyCode: 'USD' },
      status: 'PLANNED',
    });
    await app.create('revenuePlanLine', 'revenuePlanLines', {
      scenarioId: scenario,
      dueDate: '2026-03-01',
      amount: { amountMicros: 500_000 * 1_000_000, currencyCode: 'RUB' },
      status: 'RECEIVED',
      receivedDate: '2026-03-02',
      receivedAmount: { amountMicros: 500_000 * 1_000_000, currencyCode: 'RUB' },
    });
    await waitFor('the plan lines in the read model', async () =>
      (await app.runtime.store.readModel.count('revenuePlanLine')) >= 2 &&
      (await app.runtime.store.readModel.count('exchangeRate')) >= 1
        ? true
        : undefined,
    );
  });
  after(async () => {
    await app?.close();
  });

  it('counts a USD plan line at the bank’s rate instead of dropping it', async () => {
    const res = await app.api(admin, 'admin', 'GET', `/api/holdings/${group}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.revenue, true);
    // 1 000 USD × 90.5 + 500 000 RUB planned; 500 000 RUB received.
    assert.equal(res.body.total.plannedMicros, String((90_500n + 500_000n) * M));
    assert.equal(res.body.total.receivedMicros, String(500_000n * M));
    const child = res.body.companies.find((c: { id: string }) => c.id === daughter);
    assert.equal(child.own.plannedMicros, String(590_500n * M));
    const page = await app.api(admin, 'admin', 'GET', `/holdings/${group}`);
    assert.equal(page.status, 200);
    assert.match(page.body, /Выручка по плану/);
  });
});

describe('holdings without revenue, and a failing revenue read', () => {
  const company = '00000000-0000-4000-8000-00000000c001';
  const deal = '00000000-0000-4000-8000-00000000d001';
  const links: RouteLinks = {
    twentyRecord: (object, id) => `http://twenty.test/${object}/${id}`,
  } as RouteLinks;
  /** A reader answering the holding's own queries; revenue's objects replicated or not. */
  const reader = (revenueEnabled: boolean, revenueQuery: () => never): ScopedReader =>
    ({
      principal: { kind: 'staff', memberId: admin, email: 'a@realty.test', role: 'admin' },
      has: () => revenueEnabled,
      rows: () => 'all',
      fields: () => 'all',
      get: async () => undefined,
      async query(sql: string) {
        if (/\{revenue|\{exchangeRate\}/.test(sql)) revenueQuery();
        if (sql.includes('{company}')) return [{ id: company, name: 'Гамма', parent_id: null }];
        if (sql.includes('{opportunity}'))
          return [{ id: deal, company_id: company, stage: 'PROPOSAL', amount: '1000000', currency: 'RUB' }];
        return [];
      },
    }) as unknown as ScopedReader;

  it('a broken revenue query fails the holding instead of looking like "no revenue"', async () => {
    const broken = reader(true, () => {
      throw new AccessError('access_bad_query', 'column l.nope does not exist');
    });
    await assert.rejects(loadHolding(broken, links, company), (error: unknown) => {
      assert.ok(error instanceof AccessError);
      assert.equal(error.code, 'access_bad_query');
      return true;
    });
  });

  it('with revenue disabled, the holding has no revenue columns and asks revenue nothing', async () => {
    const view = await loadHolding(
      reader(false, () => assert.fail('revenue was queried while disabled')),
      links,
      company,
    );
    assert.equal(view.revenue, false);
    assert.equal(view.total.plannedMicros, null);
    assert.equal(view.total.openDeals, 1);
  });
});
