/**
 * The registry's access policies through the real access layer: a store with
 * the read model's views, units in two complexes, their change history, and
 * readers for staff and for agencies with BASIC or EXTENDED scopes. What a
 * partner sees is what the scoped reader returns — nothing is checked by
 * calling the policy functions alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  createAccessScope,
  createScopedReader,
  type PartnerScope,
  type Principal,
} from '../../../plugins/core/access/index';
import { createRegistry, type PluginRegistry, uuidV5 } from '../../../plugins/core/plugin/index';
import { registerReadModelViews } from '../../../plugins/core/read-model/index';
import { openStore, type Store } from '../../../plugins/core/store/index';
import { registryPlugin } from '../../../plugins/registry/index';

const id = (name: string) => uuidV5(`access-test:${name}`);
const AT = '2026-11-01T09:00:00.000Z';
const COMPLEX_A = id('complex-a');
const COMPLEX_B = id('complex-b');
const BUILDING_A = id('building-a');
const BUILDING_B = id('building-b');
const SECTION_A1 = id('section-a1');
const SECTION_A2 = id('section-a2');

let store: Store;
let registry: PluginRegistry;

const staff: Principal = { kind: 'staff', memberId: id('sales'), email: 'sales@realty.test', role: 'sales' };
const partner = (scope: PartnerScope): Principal => ({
  kind: 'partner',
  agencyId: id('agency'),
  userId: id('agent'),
  scope,
});

function readerFor(principal: Principal) {
  return createScopedReader(
    createAccessScope({
      sql: store.sql,
      registry,
      principal,
      objects: ['residentialComplex', 'building', 'section', 'unit', 'unitChange', 'importBatch'],
    }),
  );
}

function unitRecord(name: string, buildingId: string, sectionId: string, extra: Record<string, unknown>) {
  return {
    id: id(name),
    updatedAt: AT,
    buildingId,
    sectionId,
    number: name,
    kind: 'FLAT',
    floor: 3,
    rooms: 2,
    totalArea: 54.3,
    status: 'FREE',
    price: { amountMicros: 12_500_000_000_000, currencyCode: 'RUB' },
    cadastralNumber: '77:09:0001013:5012',
    externalCode: `CODE-${name}`,
    ...extra,
  };
}

function change(unitName: string, fieldName: string, extra: Record<string, unknown> = {}) {
  return {
    id: id(`change:${unitName}:${fieldName}`),
    updatedAt: AT,
    unitId: id(unitName),
    fieldName,
    oldValue: '1',
    newValue: '2',
    source: 'IMPORT',
    changedBy: 'sales@realty.test',
    status: 'APPLIED',
    ...extra,
  };
}

before(async () => {
  registry = createRegistry([registryPlugin]);
  store = await openStore();
  await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
  const events = (objectName: string, records: Record<string, unknown>[]) =>
    records.map((record) => ({ objectName, action: 'created', record: record as { id: string } }));
  await store.readModel.applyEvents([
    ...events('residentialComplex', [
      { id: COMPLEX_A, updatedAt: AT, name: 'ЖК «А»' },
      { id: COMPLEX_B, updatedAt: AT, name: 'ЖК «Б»' },
    ]),
    ...events('building', [
      { id: BUILDING_A, updatedAt: AT, complexId: COMPLEX_A, name: 'А-1' },
      { id: BUILDING_B, updatedAt: AT, complexId: COMPLEX_B, name: 'Б-1' },
    ]),
    ...events('section', [
      { id: SECTION_A1, updatedAt: AT, buildingId: BUILDING_A, number: 1 },
      { id: SECTION_A2, updatedAt: AT, buildingId: BUILDING_A, number: 2 },
      { id: id('section-b1'), updatedAt: AT, buildingId: BUILDING_B, number: 1 },
    ]),
    ...events('unit', [
      unitRecord('a1-free', BUILDING_A, SECTION_A1, {}),
      unitRecord('a1-sold', BUILDING_A, SECTION_A1, { status: 'SOLD' }),
      unitRecord('a2-office', BUILDING_A, SECTION_A2, { kind: 'OFFICE', rooms: null }),
      unitRecord('b1-free', BUILDING_B, id('section-b1'), {}),
    ]),
    ...events('unitChange', [
      change('a1-free', 'status'),
      change('a1-free', 'price'),
      change('a1-free', 'created'),
      change('a1-free', 'floor', { status: 'PENDING' }),
      change('b1-free', 'status'),
    ]),
  ]);
});

after(async () => {
  await store?.close();
});

const numbers = async (principal: Principal) =>
  (await readerFor(principal).query<{ number: string }>('select number from {unit} order by number')).map(
    (r) => r.number,
  );

describe('the registry’s access policies', () => {
  it('lets staff read every unit with every field', async () => {
    assert.deepEqual(await numbers(staff), ['a1-free', 'a1-sold', 'a2-office', 'b1-free']);
    const [row] = await readerFor(staff).query<{ price_amount_micros: unknown; external_code: string }>(
      'select price_amount_micros, external_code from {unit} where number = $1',
      ['a1-free'],
    );
    assert.equal(Number(row?.price_amount_micros), 12_500_000_000_000);
    assert.equal(row?.external_code, 'CODE-a1-free');
  });

  it('shows a partner only the units of its complexes, kinds and statuses', async () => {
    assert.deepEqual(await numbers(partner({ complexIds: [COMPLEX_A], fieldLevel: 'BASIC' })), [
      'a1-free',
      'a1-sold',
      'a2-office',
    ]);
    assert.deepEqual(
      await numbers(
        partner({ complexIds: [COMPLEX_A], kinds: ['FLAT'], statuses: ['FREE'], fieldLevel: 'BASIC' }),
      ),
      ['a1-free'],
    );
    assert.deepEqual(await numbers(partner({ sectionIds: [SECTION_A2], fieldLevel: 'BASIC' })), [
      'a2-office',
    ]);
    assert.deepEqual(await numbers(partner({ fieldLevel: 'BASIC' })), [
      'a1-free',
      'a1-sold',
      'a2-office',
      'b1-free',
    ]);
  });

  it('hides prices and cadastral numbers from BASIC partners, not from EXTENDED ones; the external code from both', async () => {
    const sql =
      'select price_amount_micros, cadastral_number, total_area, external_code from {unit} where number = $1';
    const [basic] = await readerFor(partner({ complexIds: [COMPLEX_A], fieldLevel: 'BASIC' })).query(sql, [
      'a1-free',
    ]);
    assert.equal(basic?.price_amount_micros, null);
    assert.equal(basic?.cadastral_number, null);
    assert.equal(Number(basic?.total_area), 54.3);
    assert.equal(basic?.external_code, null);
    const [extended] = await readerFor(partner({ complexIds: [COMPLEX_A], fieldLevel: 'EXTENDED' })).query(
      sql,
      ['a1-free'],
    );
    assert.equal(Number(extended?.price_amount_micros), 12_500_000_000_000);
    assert.equal(extended?.cadastral_number, '77:09:0001013:5012');
    assert.equal(extended?.external_code, null);
  });

  it('shows the buildings, sections and complexes of the scope', async () => {
    const reader = readerFor(partner({ complexIds: [COMPLEX_A], fieldLevel: 'BASIC' }));
    assert.deepEqual(
      (await reader.query<{ name: string }>('select name from {building}')).map((r) => r.name),
      ['А-1'],
    );
    assert.deepEqual(
      (await reader.query<{ name: string }>('select name from {residentialComplex}')).map((r) => r.name),
      ['ЖК «А»'],
    );
    assert.equal((await reader.query('select id from {section}')).length, 2);
  });

  it('shows a partner the applied history of its units, only of fields its level sees, without who changed it', async () => {
    const history = async (level: 'BASIC' | 'EXTENDED') =>
      readerFor(partner({ complexIds: [COMPLEX_A], fieldLevel: level })).query<{
        field_name: string;
        changed_by: string | null;
      }>('select field_name, changed_by from {unitChange} order by field_name');
    const basic = await history('BASIC');
    assert.deepEqual(
      basic.map((r) => r.field_name),
      ['status'],
    );
    assert.equal(basic[0]?.changed_by, null);
    assert.deepEqual(
      (await history('EXTENDED')).map((r) => r.field_name),
      ['created', 'price', 'status'],
    );
    const all = await readerFor(staff).query('select id from {unitChange}');
    assert.equal(all.length, 5);
  });

  it('gives partners no import batches and no writes; staff may write', () => {
    const p = partner({ fieldLevel: 'EXTENDED' });
    assert.equal(registry.policyFor('importBatch').read(p), 'none');
    for (const object of ['residentialComplex', 'building', 'section', 'unit', 'unitChange', 'importBatch']) {
      const policy = registry.policyFor(object);
      assert.equal(
        typeof policy.write?.(p, { action: 'update', values: { status: 'SOLD' } }),
        'string',
        object,
      );
      assert.equal(policy.write?.(staff, { action: 'update', values: { status: 'SOLD' } }), true, object);
    }
    assert.equal(registry.policyFor('unit').read({ kind: 'anonymous' }), 'none');
  });
});
