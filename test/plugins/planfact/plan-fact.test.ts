/**
 * The plan-fact's numbers on a real store (PGlite) with the read model's views: generated complexes,
 * units, contracts and the payments' journal replicated as events; `planFactRows` through a staff
 * member's scoped reader checked against an independent computation in this file (plain loops over
 * the generated records, Moscow months by a fixed +3 h offset); the plan in force (highest active
 * version), the all-complexes row, the filters and their refusals, a store without the plugin, and
 * the calculator's what-if against hand arithmetic.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auctionsPlugin } from '../../../plugins/auctions/index';
import { createAccessScope, createScopedReader, type Principal } from '../../../plugins/core/access/index';
import { createRegistry, RouteError, uuidV5 } from '../../../plugins/core/plugin/index';
import { registerReadModelViews } from '../../../plugins/core/read-model/index';
import { openStore, type Store } from '../../../plugins/core/store/index';
import { paymentsPlugin } from '../../../plugins/payments/index';
import {
  PLANFACT_OBJECTS,
  type PlanFactRow,
  planFactRows,
  planfactPlugin,
} from '../../../plugins/planfact/index';
import { project, type Stock } from '../../../plugins/planfact/rules/plan-fact';
import { loadView } from '../../../plugins/planfact/view';
import { registryPlugin } from '../../../plugins/registry/index';

const id = (name: string) => uuidV5(`planfact-test:${name}`);
const AT = '2026-11-01T09:00:00.000Z';
const COMPLEXES = [id('c1'), id('c2'), id('c3')];
const NAMES = ['ЖК «Альфа»', 'ЖК «Бета»', 'ЖК «Гамма»'];

/** A deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Unit {
  id: string;
  buildingId: string;
  complex: string;
  area: number;
  priceMicros: number;
  status: string;
}
interface Contract {
  id: string;
  unitId: string;
  status: string;
  signedAt: string | null;
  priceMicros: number;
}
interface Operation {
  id: string;
  lotId: string;
  kind: string;
  at: string;
  micros: number;
}

const rnd = random(23);
const units: Unit[] = [];
const buildings = COMPLEXES.map((c, i) => ({ id: id(`b${i}`), complexId: c }));
for (let i = 0; i < 60; i++) {
  const b = buildings[i % 3] as { id: string; complexId: string };
  units.push({
    id: id(`u${i}`),
    buildingId: b.id,
    complex: b.complexId,
    area: Math.round((30 + rnd() * 70) * 10) / 10,
    priceMicros: Math.round(5_000_000 + rnd() * 10_000_000) * 1_000_000,
    status: i % 4 === 0 ? 'FREE' : 'SOLD',
  });
}
const STATUSES = ['SIGNED', 'SIGNED', 'SIGNED', 'AWAITING_SIGNATURE', 'REFUSED'];
// Signed between mid-January and the end of April 2026, some at Moscow month boundaries.
const contracts: Contract[] = units
  .filter((u) => u.status === 'SOLD')
  .map((u, i) => ({
    id: id(`k${i}`),
    unitId: u.id,
    status: STATUSES[i % STATUSES.length] as string,
    signedAt:
      i % 9 === 0
        ? '2026-02-28T21:30:00.000Z' // 1 March in Moscow
        : i % 11 === 0
          ? '2026-03-31T20:59:00.000Z' // still 31 March in Moscow
          : new Date(Date.parse('2026-01-15T00:00:00Z') + Math.floor(rnd() * 105 * 86_400_000)).toISOString(),
    priceMicros: u.priceMicros + 250_000_000_000,
  }));
const lots = units.map((u) => ({ id: id(`lot-${u.id}`), unitId: u.id }));
const KINDS = [
  'PRICE_RECEIVED',
  'DEPOSIT_CREDITED_TO_PRICE',
  'DEPOSIT_RECEIVED',
  'DEPOSIT_REFUNDED',
  'DEPOSIT_RETAINED',
];
const operations: Operation[] = [];
for (let i = 0; i < 80; i++) {
  const lot = lots[Math.floor(rnd() * lots.length)] as { id: string };
  operations.push({
    id: id(`f${i}`),
    lotId: lot.id,
    kind: KINDS[i % KINDS.length] as string,
    at: new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(rnd() * 120 * 86_400_000)).toISOString(),
    micros: Math.round(rnd() * 3_000_000) * 1_000_000,
  });
}

/** Moscow is UTC+3 all year. */
const moscowMonth = (iso: string) => new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 7);

/** The fact, computed here with loops over the generated records (not the plugin's SQL). */
function expectedFact(month: string, complex: string, metric: string): number {
  const unitOf = new Map(units.map((u) => [u.id, u]));
  if (metric === 'RECEIPTS') {
    const unitOfLot = new Map(lots.map((l) => [l.id, l.unitId]));
    let sum = 0;
    for (const o of operations)
      if (
        (o.kind === 'PRICE_RECEIVED' || o.kind === 'DEPOSIT_CREDITED_TO_PRICE') &&
        moscowMonth(o.at) === month &&
        unitOf.get(unitOfLot.get(o.lotId) as string)?.complex === complex
      )
        sum += o.micros;
    return sum / 1e6;
  }
  let n = 0;
  let area = 0;
  let revenue = 0;
  for (const c of contracts) {
    const u = unitOf.get(c.unitId) as Unit;
    if (c.status !== 'SIGNED' || !c.signedAt || moscowMonth(c.signedAt) !== month || u.complex !== complex)
      continue;
    n++;
    area += u.area;
    revenue += c.priceMicros;
  }
  return metric === 'UNITS' ? n : metric === 'AREA_M2' ? Math.round(area * 100) / 100 : revenue / 1e6;
}

const plan = (
  name: string,
  month: string,
  complexId: string | null,
  metric: string,
  value: number,
  version: number,
  active = true,
) => ({
  id: id(name),
  periodMonth: `${month}-01`,
  complexId,
  metric,
  planValue: value,
  version,
  active,
});
const PLANS = [
  plan('p1-old', '2026-03', COMPLEXES[0] as string, 'REVENUE', 1_000_000, 1, false),
  plan('p1', '2026-03', COMPLEXES[0] as string, 'REVENUE', 90_000_000, 2),
  // A deactivation left half-done: v1 still active, v2 wins.
  plan('p2-old', '2026-03', COMPLEXES[1] as string, 'UNITS', 99, 1),
  plan('p2', '2026-03', COMPLEXES[1] as string, 'UNITS', 12, 2),
  plan('p3', '2026-02', COMPLEXES[2] as string, 'AREA_M2', 250.5, 2),
  plan('p4', '2026-03', null, 'UNITS', 20, 2),
  plan('p5', '2026-07', COMPLEXES[0] as string, 'RECEIPTS', 5_000_000, 2),
];

let store: Store;
let registry: ReturnType<typeof createRegistry>;
const staff: Principal = {
  kind: 'staff',
  memberId: id('fin'),
  email: 'finance@realty.test',
  role: 'finance',
};

function readerFor(principal: Principal, s = store, r = registry) {
  return createScopedReader(
    createAccessScope({ sql: s.sql, registry: r, principal, objects: [...PLANFACT_OBJECTS] }),
  );
}

describe('plan-fact numbers', () => {
  before(async () => {
    store = await openStore();
    registry = createRegistry([registryPlugin, auctionsPlugin, paymentsPlugin, planfactPlugin]);
    await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
    const ev = (objectName: string, record: Record<string, unknown>) => ({
      objectName,
      action: 'created',
      record: { updatedAt: AT, ...record } as unknown as { id: string },
    });
    await store.readModel.applyEvents([
      ...COMPLEXES.map((c, i) => ev('residentialComplex', { id: c, name: NAMES[i] })),
      ...buildings.map((b) => ev('building', b)),
      ...units.map((u) =>
        ev('unit', {
          id: u.id,
          buildingId: u.buildingId,
          totalArea: u.area,
          status: u.status,
          price: { amountMicros: u.priceMicros, currencyCode: 'RUB' },
        }),
      ),
      ...lots.map((l) => ev('auctionLot', l)),
      ...contracts.map((c) =>
        ev('saleContract', {
          id: c.id,
          unitId: c.unitId,
          status: c.status,
          signedAt: c.signedAt,
          price: { amountMicros: c.priceMicros, currencyCode: 'RUB' },
        }),
      ),
      ...operations.map((o) =>
        ev('financialOperation', {
          id: o.id,
          lotId: o.lotId,
          kind: o.kind,
          at: o.at,
          amount: { amountMicros: o.micros, currencyCode: 'RUB' },
        }),
      ),
      ...PLANS.map((p) => ev('salesPlan', p)),
    ]);
  });
  after(async () => {
    await store?.close();
  });

  it('every fact of the period equals the independent computation, per month, complex and metric', async () => {
    const rows = await planFactRows(readerFor(staff), { from: '2026-01', to: '2026-04' }, { grid: true });
    assert.equal(rows.filter((r) => r.complexId !== null).length, 4 * 3 * 4);
    let nonZero = 0;
    for (const r of rows.filter((x) => x.complexId !== null)) {
      const want = expectedFact(r.month, r.complexId as string, r.metric);
      assert.ok(
        Math.abs(r.fact - want) < 0.005,
        `${r.month} ${r.complexName} ${r.metric}: ${r.fact} ≠ ${want}`,
      );
      if (want > 0) nonZero++;
    }
    assert.ok(nonZero > 20, `the generated data gives facts (${nonZero})`);
    // The boundary contracts count in March (Moscow), not February or April.
    const march = rows.filter((r) => r.month === '2026-03' && r.metric === 'UNITS' && r.complexId !== null);
    assert.ok(march.reduce((s, r) => s + r.fact, 0) >= 2);
  });

  it('the plan in force is the highest active version of each key; delta and percent follow', async () => {
    const rows = await planFactRows(readerFor(staff), { from: '2026-01', to: '2026-12' });
    const find = (month: string, complexId: string | null, metric: string) =>
      rows.find((r) => r.month === month && r.complexId === complexId && r.metric === metric) as PlanFactRow;
    const revenue = find('2026-03', COMPLEXES[0] as string, 'REVENUE');
    const fact = expectedFact('2026-03', COMPLEXES[0] as string, 'REVENUE');
    assert.equal(revenue.plan, 90_000_000);
    assert.equal(revenue.complexName, 'ЖК «Альфа»');
    assert.ok(Math.abs(revenue.delta - (fact - 90_000_000)) < 0.005);
    assert.equal(revenue.percent, Math.round((fact / 90_000_000) * 1000) / 10);
    assert.equal(find('2026-03', COMPLEXES[1] as string, 'UNITS').plan, 12);
    // A plan without a fact (July) has fact 0 and percent 0; a fact without a plan has percent null.
    const july = find('2026-07', COMPLEXES[0] as string, 'RECEIPTS');
    assert.deepEqual([july.plan, july.fact, july.delta, july.percent], [5_000_000, 0, -5_000_000, 0]);
    assert.ok(rows.some((r) => r.plan === 0 && r.fact > 0 && r.percent === null));
    // The all-complexes plan: its fact is every complex's.
    const all = find('2026-03', null, 'UNITS');
    const allFact = COMPLEXES.reduce((s, c) => s + expectedFact('2026-03', c, 'UNITS'), 0);
    assert.deepEqual([all.complexName, all.plan, all.fact], [null, 20, allFact]);
    // Only keys with a plan or a fact, sorted by month.
    assert.ok(rows.every((r) => r.plan > 0 || r.fact > 0));
    assert.deepEqual(
      rows.map((r) => r.month),
      [...rows.map((r) => r.month)].sort(),
    );
  });

  it('filters by complex and metric', async () => {
    const rows = await planFactRows(readerFor(staff), {
      from: '2026-03',
      to: '2026-03',
      complexId: COMPLEXES[1] as string,
      metric: 'UNITS',
    });
    assert.equal(rows.length, 1);
    assert.deepEqual(
      [rows[0]?.plan, rows[0]?.fact],
      [12, expectedFact('2026-03', COMPLEXES[1] as string, 'UNITS')],
    );
  });

  it('refuses a bad period, complex or metric in Russian, naming the field', async () => {
    const refusal = async (q: Record<string, string>, field: string, text: RegExp) => {
      await assert.rejects(
        planFactRows(readerFor(staff), { from: '2026-01', to: '2026-03', ...q }),
        (e: unknown) =>
          e instanceof RouteError && e.status === 400 && e.field === field && text.test(e.message),
      );
    };
    await refusal({ from: '2026-13' }, 'from', /«Период с»: «2026-13» — не месяц/);
    await refusal({ to: '2025-12' }, 'to', /раньше/);
    await refusal({ from: '2000-01', to: '2026-01' }, 'to', /длиннее/);
    await refusal({ metric: 'PROFIT' }, 'metric', /UNITS, AREA_M2, REVENUE или RECEIPTS/);
    await refusal({ complexId: 'abc' }, 'complexId', /не идентификатор/);
  });

  it('answers no rows where the plan-fact is not enabled, and nothing of the plan to a role without access', async () => {
    const none = createScopedReader(
      createAccessScope({
        sql: store.sql,
        // A deployment where planfact is not installed: its plan is not replicated.
        registry: createRegistry([registryPlugin]),
        principal: staff,
        objects: ['residentialComplex'],
      }),
    );
    assert.deepEqual(await planFactRows(none, { from: '2026-01', to: '2026-03' }), []);
    const callcenter: Principal = { ...staff, role: 'callcenter' };
    const rows = await planFactRows(readerFor(callcenter), { from: '2026-01', to: '2026-12' });
    assert.ok(rows.every((r) => r.plan === 0));
  });

  it('the calculator: a changed plan value and price +5 % at half the pace, recomputed as by hand', async () => {
    const overrides = new Map([[`2026-03|${COMPLEXES[0]}|REVENUE`, 120_000_000]]);
    const view = await loadView(
      readerFor(staff),
      { from: '2026-01', to: '2026-04' },
      { overrides, whatIf: { pricePercent: 5, tempoPercent: 50 }, currentMonth: '2026-03' },
    );
    const free = units.filter((u) => u.status === 'FREE');
    const stockValue = free.reduce((s, u) => s + u.priceMicros, 0) / 1e6;
    const months = ['2026-01', '2026-02', '2026-03', '2026-04'];
    const factOf = (metric: string) =>
      months.reduce((s, m) => s + COMPLEXES.reduce((t, c) => t + expectedFact(m, c, metric), 0), 0);
    // From March on the units plan still wants: March, complex 2 — 12 planned (its complex plan
    // outranks the all-complexes 20), minus its fact, at half the pace, from complex 2's FREE flats.
    const freeOf2 = free.filter((u) => u.complex === COMPLEXES[1]);
    const wanted = Math.min(
      freeOf2.length,
      Math.max(0, 12 - expectedFact('2026-03', COMPLEXES[1] as string, 'UNITS')) * 0.5,
    );
    const avgPrice = freeOf2.reduce((s, u) => s + u.priceMicros, 0) / 1e6 / freeOf2.length;
    const avgArea = freeOf2.reduce((s, u) => s + u.area, 0) / freeOf2.length;
    const p = view.projection;
    assert.equal(p.stock.units, free.length);
    assert.ok(Math.abs(p.stock.value - stockValue) < 0.01);
    assert.ok(Math.abs(p.stock.valueAdjusted - stockValue * 1.05) < 0.01);
    assert.ok(wanted > 0, 'the generated plan leaves units to sell');
    assert.ok(Math.abs(p.toSell.units - wanted) < 0.01);
    assert.ok(Math.abs(p.toSell.revenue - wanted * avgPrice * 1.05) < 0.02);
    assert.ok(Math.abs(p.projected.revenue - (factOf('REVENUE') + wanted * avgPrice * 1.05)) < 0.02);
    assert.ok(Math.abs(p.projected.units - (factOf('UNITS') + wanted)) < 0.01);
    assert.ok(Math.abs(p.projected.area - (factOf('AREA_M2') + wanted * avgArea)) < 0.02);
    // The revenue plan of the period is the changed value (the only revenue plan in it).
    assert.equal(p.plan.revenue, 120_000_000);
    assert.equal(view.changed, 1);
    const total = view.totals.find((t) => t.metric === 'REVENUE');
    assert.equal(total?.plan, 120_000_000);
    assert.ok(Math.abs((total?.delta ?? 0) - (factOf('REVENUE') - 120_000_000)) < 0.02);
    // Units: March has an all-complexes plan (20) that counts once, not beside the complex's 12.
    assert.equal(view.totals.find((t) => t.metric === 'UNITS')?.plan, 20);
    // The chart (revenue by month) sums to the totals.
    assert.equal(
      view.chart.plan.reduce((s, v) => s + v, 0),
      120_000_000,
    );
    // Nothing was written: the stored plan is unchanged.
    const again = await planFactRows(readerFor(staff), { from: '2026-03', to: '2026-03', metric: 'REVENUE' });
    assert.equal(again.find((r) => r.complexId === COMPLEXES[0])?.plan, 90_000_000);
  });

  it('the what-if: price and pace scale what the units plan still wants, never more than the stock (pure rules)', () => {
    const row = (
      month: string,
      complexId: string | null,
      metric: PlanFactRow['metric'],
      plan: number,
      fact: number,
    ) => ({
      month,
      complexId,
      complexName: complexId,
      metric,
      plan,
      fact,
      delta: fact - plan,
      percent: plan > 0 ? (fact / plan) * 100 : null,
    });
    const rows: PlanFactRow[] = [row('2026-05', 'c', 'REVENUE', 100, 40), row('2026-05', 'c', 'UNITS', 3, 1)];
    const stock = [{ complexId: 'c', units: 2, area: 100, value: 200 }];
    const p = project(rows, stock, { pricePercent: 5, tempoPercent: 100 }, '2026-05');
    assert.deepEqual(
      [
        p.toSell.units,
        p.toSell.revenue,
        p.projected.revenue,
        p.delta.revenue,
        p.percent.revenue,
        p.projected.area,
      ],
      [2, 210, 250, 150, 250, 100],
    );
    const q = project(rows, stock, { pricePercent: -10, tempoPercent: 25 }, '2026-05');
    assert.deepEqual([q.toSell.units, q.projected.revenue], [0.5, 85]);
    // At three times the pace the stock (2 flats) is the limit; a month already past adds nothing.
    assert.equal(project(rows, stock, { pricePercent: 0, tempoPercent: 300 }, '2026-05').toSell.units, 2);
    assert.equal(
      project(rows, stock, { pricePercent: 0, tempoPercent: 100 }, '2026-06').projected.revenue,
      40,
    );
    // A month planned only for all complexes draws on the whole stock at its averages.
    const together = project(
      [row('2026-05', null, 'UNITS', 4, 0)],
      [stock[0] as Stock, { complexId: 'd', units: 2, area: 60, value: 600 }],
      { pricePercent: 0, tempoPercent: 50 },
      '2026-05',
    );
    assert.deepEqual([together.toSell.units, together.toSell.area, together.toSell.revenue], [2, 80, 400]);
  });
});
