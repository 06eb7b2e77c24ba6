/**
 * The portfolio obeys the plan lines' row rules, not only the scenarios': a
 * member whose rules admit the scenario but only some of its lines sees the
 * sums of those lines — over real HTTP, the projection read as the route
 * reads it. The narrower rule here is a restriction another plugin declares
 * on `revenuePlanLine` (as the teams plugin does with its grants).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AccessRegistry,
  createAccessLayer,
  defineRestriction,
  type FieldRule,
  type Principal,
} from '../../../plugins/core/access/index';
import type { StaffRole } from '../../../plugins/core/auth/index';
import { definePlugin } from '../../../plugins/core/plugin/index';
import { silentLogger } from '../../../plugins/core/runtime/index';
import { refreshForecastProjection } from '../../../plugins/revenue/forecast-projection';
import { revenuePlugin } from '../../../plugins/revenue/index';
import { loadPortfolioView } from '../../../plugins/revenue/revenue-views';
import { REVENUE_OBJECTS } from '../../../plugins/revenue/routes';
import { type AppStack, startAppStack, waitFor } from '../../support/app-stack';

const DEAL = '5b0a3c1e-0000-4000-8000-00000000de77';

/** Sales see only invoiced lines; finance and admins every line. */
const invoicedOnlyForSales = definePlugin({
  name: 'invoiced-only',
  description: 'test: sales see the invoiced plan lines only',
  dependsOn: ['revenue'],
  restrictions: [
    defineRestriction('revenuePlanLine', {
      description: 'sales see the invoiced plan lines only',
      read: (p) => (p.kind === 'staff' && p.role === 'sales' ? { status: ['INVOICED'] } : 'all'),
    }),
  ],
});

let app: AppStack;

async function api(method: string, path: string, role: StaffRole, body?: unknown) {
  const res = await fetch(`${app.server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${app.staffToken(role)}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the JSON answers are read field by field
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('the revenue portfolio through the plan lines’ row rules', () => {
  before(async () => {
    app = await startAppStack({
      name: 'revenue-portfolio-access',
      plugins: [revenuePlugin, invoicedOnlyForSales],
      webhook: true,
      rateLimit: { requestsPerMinute: 6000, requestsPerSecond: 100 },
    });
    await app.twentyRest('POST', '/rest/opportunities', { id: DEAL, name: 'Аудит склада «Восток»' });
    const created = await api('POST', '/api/revenue/scenarios', 'finance', {
      opportunityId: DEAL,
      name: 'Базовый',
      kind: 'BASE',
      probability: '100',
      lines: [
        { dueDate: '2026-03-10', amount: '100000', currencyCode: 'RUB', status: 'INVOICED' },
        { dueDate: '2026-04-10', amount: '250000', currencyCode: 'RUB', status: 'PLANNED' },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await waitFor('the lines in the read model', async () =>
      (await app.runtime.store.readModel.count('revenuePlanLine')) >= 2 ? true : undefined,
    );
    await refreshForecastProjection(app.runtime.contextFor('revenue'));
  });
  after(async () => {
    await app?.close();
  });

  it('shows finance every line of the deal', async () => {
    const all = await api('GET', '/api/revenue/portfolio', 'finance');
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.equal(all.body.total.planned, '350000.00');
    assert.deepEqual(all.body.months, ['2026-03', '2026-04']);
  });

  it('shows sales only the lines their rule admits, though the scenario is theirs to see', async () => {
    const restricted = await api('GET', '/api/revenue/portfolio', 'sales');
    assert.equal(restricted.status, 200, JSON.stringify(restricted.body));
    assert.equal(restricted.body.scenarios, 1, 'the scenario itself is visible');
    assert.equal(restricted.body.total.planned, '100000.00', 'the planned line is not summed');
    assert.deepEqual(restricted.body.months, ['2026-03']);
  });

  it('leaves masked amounts out of the sums (a field rule hiding a line’s amount and received amount)', async () => {
    // The owner's policy with a field mask for finance, as an owner could declare it.
    const base = app.runtime.registry;
    const mask = (p: Principal): FieldRule =>
      p.kind === 'staff' && p.role === 'finance' ? ['scenario', 'dueDate', 'status', 'receivedDate'] : 'all';
    const registry: AccessRegistry = {
      schema: base.schema,
      readModel: base.readModel,
      plugins: base.plugins,
      policyFor: (object) =>
        object === 'revenuePlanLine' ? { ...base.policyFor(object), fields: mask } : base.policyFor(object),
    };
    const layer = createAccessLayer({
      sql: app.runtime.store.sql,
      readModel: app.runtime.store.readModel,
      twenty: app.runtime.twenty,
      registry,
      settings: new Map(),
      clock: app.runtime.store.clock,
      log: silentLogger,
      links: { twentyUrl: 'http://twenty.local', publicUrl: 'http://localhost:3000' },
    });
    const route = {
      plugin: 'revenue',
      objects: REVENUE_OBJECTS.map((o) => (typeof o === 'string' ? o : o.nameSingular)),
    };
    const as = (role: 'finance' | 'admin') =>
      layer.routeContext(route, { kind: 'staff', memberId: DEAL, email: `${role}@realty.test`, role });
    const finance = as('finance');
    const masked = await loadPortfolioView(finance.reader, finance.storage);
    assert.equal(masked.scenarios, 1);
    assert.equal(masked.total.planned, '0.00', 'the masked amounts are not summed');
    assert.equal(masked.total.remaining, '0.00');
    const admin = as('admin');
    assert.equal((await loadPortfolioView(admin.reader, admin.storage)).total.planned, '350000.00');
  });
});
