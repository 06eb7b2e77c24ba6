/**
 * The registry's access policies with the partner gateway's restrictions (the
 * agencies plugin's, which alone read an agency's scope) through the real
 * access layer: a store with the read model's views, units in two complexes,
 * their change history, and readers for staff and for agencies whose grants
 * give BASIC or EXTENDED scopes. What a partner sees is what the scoped reader
 * returns — nothing is checked by calling the policy functions alone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { partnerRestrictions } from '../../../plugins/agencies/partner-restrictions';
import { type GrantRow, scopeFromGrants, toPartnerScope } from '../../../plugins/agencies/rules/scope';
import {
  createAccessScope,
  createScopedReader,
  type PartnerScope,
  type Principal,
} from '../../../plugins/core/access/index';
import {
  createRegistry,
  definePlugin,
  type PluginRegistry,
  uuidV5,
} from '../../../plugins/core/plugin/index';
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
const partnerWith = (scope: PartnerScope): Principal => ({
  kind: 'partner',
  agencyId: id('agency'),
  userId: id('agent'),
  scope,
});
type Grant = Partial<Pick<GrantRow, 'complexId' | 'buildingId' | 'sectionId' | 'kinds' | 'statuses'>>;
/** A partner whose agency holds these grants (active today) at one level. */
const partner = (level: 'BASIC' | 'EXTENDED', ...grants: Grant[]): Principal =>
  partnerWith(
    toPartnerScope(
      scopeFromGrants(
        grants.map((g) => ({
          complexId: null,
          buildingId: null,
          sectionId: null,
          kinds: null,
          statuses: null,
          validFrom: null,
          validTo: null,
          fieldLevel: level,
          ...g,
        })),
        '2026-11-01',
      ),
    ),
  );
/** The registry with the partner gateway's restrictions of its objects (what agencies contributes). */
const gatewayRules = definePlugin({
  name: 'gateway-rules',
  description: 'the agencies plugin’s restrictions of the registry’s objects',
  dependsOn: ['registry'],
  restrictions: partnerRestrictions.filter((r) => r.object !== 'auctionLot'),
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
  registry = createRegistry([registryPlugin, gatewayRules]);
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

  it('shows a partner only the units one of its grants admits on every axis', async () => {
    assert.deepEqual(await numbers(partner('BASIC', { complexId: COMPLEX_A })), [
      'a1-free',
      'a1-sold',
      'a2-office',
    ]);
    assert.deepEqual(
      await numbers(partner('BASIC', { complexId: COMPLEX_A, kinds: ['FLAT'], statuses: ['FREE'] })),
      ['a1-free'],
    );
    assert.deepEqual(await numbers(partner('BASIC', { sectionId: SECTION_A2 })), ['a2-office']);
    assert.deepEqual(await numbers(partner('BASIC', {})), ['a1-free', 'a1-sold', 'a2-office', 'b1-free']);
  });

  it('adds grants up exactly, never as a cross product of their axes', async () => {
    // Sold flats of section A1, and free units of building Б-1: not the free flat of A1.
    assert.deepEqual(
      await numbers(
        partner(
          'BASIC',
          { sectionId: SECTION_A1, kinds: ['FLAT'], statuses: ['SOLD'] },
          { buildingId: BUILDING_B, statuses: ['FREE'] },
        ),
      ),
      ['a1-sold', 'b1-free'],
    );
    assert.deepEqual(await numbers(partner('BASIC')), [], 'no active grant, nothing');
    assert.deepEqual(
      await numbers(
        partnerWith({ complexIds: [COMPLEX_A], fieldLevel: 'EXTENDED' } as unknown as PartnerScope),
      ),
      [],
      'a scope the gateway did not make admits nothing',
    );
  });

  it('shows exactly the places that hold something a section-only or building-only grant admits', async () => {
    const places = async (principal: Principal) => {
      const reader = readerFor(principal);
      const names = async (object: string, column: string) =>
        (await reader.query<{ v: string }>(`select ${column}::text as v from {${object}} order by 1`)).map(
          (r) => r.v,
        );
      return {
        complexes: await names('residentialComplex', 'name'),
        buildings: await names('building', 'name'),
        sections: await names('section', 'id'),
      };
    };
    assert.deepEqual(await places(partner('BASIC', { sectionId: SECTION_A2 })), {
      complexes: ['ЖК «А»'],
      buildings: ['А-1'],
      sections: [SECTION_A2],
    });
    assert.deepEqual(await places(partner('BASIC', { buildingId: BUILDING_B })), {
      complexes: ['ЖК «Б»'],
      buildings: ['Б-1'],
      sections: [id('section-b1')],
    });
    assert.deepEqual(await places(partner('BASIC')), { complexes: [], buildings: [], sections: [] });
  });

  it('hides prices and cadastral numbers from BASIC partners, not from EXTENDED ones; the external code from both', async () => {
    const sql =
      'select price_amount_micros, cadastral_number, total_area, external_code from {unit} where number = $1';
    const [basic] = await readerFor(partner('BASIC', { complexId: COMPLEX_A })).query(sql, ['a1-free']);
    assert.equal(basic?.price_amount_micros, null);
    assert.equal(basic?.cadastral_number, null);
    assert.equal(Number(basic?.total_area), 54.3);
    assert.equal(basic?.external_code, null);
    const [extended] = await readerFor(partner('EXTENDED', { complexId: COMPLEX_A })).query(sql, ['a1-free']);
    assert.equal(Number(extended?.price_amount_micros), 12_500_000_000_000);
    assert.equal(extended?.cadastral_number, '77:09:0001013:5012');
    assert.equal(extended?.external_code, null);
  });

  it('shows the buildings, sections and complexes of the scope', async () => {
    const reader = readerFor(partner('BASIC', { complexId: COMPLEX_A }));
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
      readerFor(partner(level, { complexId: COMPLEX_A })).query<{
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

  it('leaves the scope to the gateway: without its restrictions the registry gives partners its partner fields, no scope', () => {
    const alone = createRegistry([registryPlugin]);
    const p = partner('BASIC', { sectionId: SECTION_A2 });
    assert.equal(alone.policyFor('unit').read(p), 'all');
    const fieldsOf = (r: typeof registry) => (r.policyFor('unit').fields?.(p) ?? []) as readonly string[];
    assert.ok(!fieldsOf(alone).includes('externalCode'));
    assert.ok(fieldsOf(registry).includes('number'));
    assert.ok(!fieldsOf(registry).includes('price'));
  });

  it('gives partners no import batches and no writes; staff may write', () => {
    const p = partner('EXTENDED', {});
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
    // Anonymous callers read only the units published for sale (a field the portal adds): without it
    // the rule names no column and a public read fails closed.
    assert.deepEqual(registry.policyFor('unit').read({ kind: 'anonymous' }), { publicSale: [true] });
    assert.equal(registry.policyFor('importBatch').read({ kind: 'anonymous' }), 'none');
    assert.equal(registry.policyFor('unitChange').read({ kind: 'anonymous' }), 'none');
  });
});
