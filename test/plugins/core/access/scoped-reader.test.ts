import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessError, compileRowRule, createAccessScope } from '../../../../plugins/core/access/index';
import { estateRegistry, partner, staff } from './estate-fixture';
import { type EstateStore, openEstateStore } from './estate-store';

const UNITS = ['estateUnit', 'estateBuilding', 'estateNote'];

async function refused(promise: Promise<unknown>, code: AccessError['code'], message: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof AccessError, `expected an AccessError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

describe('scoped reader', () => {
  let estate: EstateStore;
  before(async () => {
    estate = await openEstateStore();
  });
  after(async () => {
    await estate.store.close();
  });

  it('shows staff every unit, and a partner restricted to one complex only its units (1-hop path)', async () => {
    const { ids, access } = estate;
    const sql = 'select id::text as id from {estateUnit} order by floor, id';
    const all = await access.reader(staff, UNITS).query<{ id: string }>(sql);
    assert.deepEqual(new Set(all.map((r) => r.id)), new Set([ids.unitA1, ids.unitA2, ids.unitB1]));
    const mine = await access.reader(partner(ids.complexA), UNITS).query<{ id: string }>(sql);
    assert.deepEqual(new Set(mine.map((r) => r.id)), new Set([ids.unitA1, ids.unitA2]));
  });

  it('keeps the caller’s parameters first and numbers the rule’s after them', async () => {
    const { ids, access } = estate;
    const rows = await access
      .reader(partner(ids.complexA), UNITS)
      .query<{ id: string }>('select u.id::text as id from {estateUnit} u where u.floor = $1', [3]);
    assert.deepEqual(rows, [{ id: ids.unitA2 }]);
    const joined = await access
      .reader(partner(ids.complexB), UNITS)
      .query<{ floors: string }>(
        'select b.floors::text as floors from {estateUnit} join {estateBuilding} b on b.id = estate_unit.building_id where estate_unit.floor = $1',
        [3],
      );
    assert.deepEqual(joined, [{ floors: '12' }]);
  });

  it('follows a 2-hop path (note → unit → building → complex) and masks the note text as a typed null', async () => {
    const { ids, access } = estate;
    const rows = await access
      .reader(partner(ids.complexB), UNITS)
      .query<{ id: string; body: null; t: string }>(
        'select id::text as id, body, pg_typeof(body)::text as t from {estateNote}',
      );
    assert.deepEqual(rows, [{ id: ids.noteB, body: null, t: 'text' }]);
    const staffRows = await access
      .reader(staff, UNITS)
      .query<{ body: string }>('select body from {estateNote} order by body');
    assert.deepEqual(
      staffRows.map((r) => r.body),
      ['звонил покупатель', 'скидка 5%'],
    );
  });

  it('gives masked columns as typed nulls in query and leaves them out of get', async () => {
    const { ids, access } = estate;
    const reader = access.reader(partner(ids.complexA), UNITS);
    const [row] = await reader.query<{ micros: null; t: string; status: string }>(
      'select price_amount_micros as micros, pg_typeof(price_amount_micros)::text as t, status from {estateUnit} where id = $1',
      [ids.unitA1],
    );
    assert.deepEqual(row, { micros: null, t: 'numeric', status: 'FREE' });
    const unit = await reader.get('estateUnit', ids.unitA1);
    assert.equal(unit?.id, ids.unitA1);
    assert.equal(unit?.status, 'FREE');
    assert.equal(unit?.buildingId, ids.buildingA);
    assert.equal('price' in (unit ?? {}), false, 'the masked price is absent');
    const staffUnit = await access.reader(staff, UNITS).get('estateUnit', ids.unitA1);
    assert.deepEqual(staffUnit?.price, { amountMicros: 5_000_000_000_000, currencyCode: 'RUB' });
  });

  it('answers undefined for a record outside the scope, a deleted one or a non-id', async () => {
    const { ids, access } = estate;
    const reader = access.reader(partner(ids.complexA), UNITS);
    assert.equal(await reader.get('estateUnit', ids.unitB1), undefined);
    assert.equal(await reader.get('estateUnit', 'not-an-id'), undefined);
    assert.equal(await access.reader({ kind: 'anonymous' }, UNITS).get('estateUnit', ids.unitA1), undefined);
  });

  it('exposes the rules it applies', () => {
    const { ids, access } = estate;
    const reader = access.reader(partner(ids.complexA), UNITS);
    assert.deepEqual(reader.rows('estateUnit'), { 'building.complexId': [ids.complexA] });
    assert.ok(Array.isArray(reader.fields('estateUnit')));
    assert.equal(access.reader(staff, UNITS).fields('estateUnit'), 'all');
    assert.equal(access.reader({ kind: 'anonymous' }, UNITS).rows('estateUnit'), 'none');
  });

  it('refuses storage tables, undeclared objects, several statements and writes', async () => {
    const reader = estate.access.reader(staff, ['estateUnit']);
    await refused(
      reader.query('select * from rm_estate_unit'),
      'access_bad_query',
      /store's table "rm_estate_unit".*\{unit\}/,
    );
    await refused(reader.query('select * from "rv_estate_unit"'), 'access_bad_query', /rv_estate_unit/);
    await refused(reader.query('select * from realty_queue'), 'access_bad_query', /realty_queue/);
    await refused(
      reader.query('select id from {estateBuilding}'),
      'access_not_declared',
      /did not declare the object "estateBuilding"/,
    );
    await refused(reader.query('select 1 from {estateUnit}; select 2'), 'access_bad_query', /one statement/);
    await refused(reader.query('delete from {estateUnit}'), 'access_bad_query', /reads only/);
    await refused(
      reader.query('select id from {estateUnit} where floor = $2', [1]),
      'access_bad_query',
      /\$2/,
    );
    assert.throws(() => reader.rows('estateNote'), /did not declare/);
    // Names inside strings and comments are text, not tables.
    const rows = await reader.query(
      "select 'rm_unit; {estateBuilding}' as s from {estateUnit} -- rm_x\n limit 1",
    );
    assert.deepEqual(rows, [{ s: 'rm_unit; {estateBuilding}' }]);
  });

  it('lets a query through the scoped subquery use the declared index (EXPLAIN)', async () => {
    const { ids, store } = estate;
    const scope = createAccessScope({
      sql: store.sql,
      registry: estateRegistry(),
      principal: partner(ids.complexA),
      objects: ['estateUnit'],
    });
    const params: unknown[] = [ids.buildingA];
    const sub = scope.subquery('estateUnit', (value) => {
      params.push(value);
      return `$${params.length}`;
    });
    // The fixture is tiny: forbid the sequential scan so the plan shows whether the index fits at all.
    await store.sql.exec('set enable_seqscan = off');
    try {
      const plan = await store.sql.query<{ 'QUERY PLAN': string }>(
        `explain select id from ${sub} as u where building_id = $1 and floor = 3`,
        params,
      );
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      assert.match(text, /Index Cond: .*v_building_id/s, text);
      assert.match(text, /rm_estate_unit_x_/, text);
    } finally {
      await store.sql.exec('reset enable_seqscan');
    }
  });

  it('compiles null (an empty field), none and combinations of filters', async () => {
    const { ids, store } = estate;
    const schema = estateRegistry().schema;
    const run = async (rule: Parameters<typeof compileRowRule>[0]) => {
      const params: unknown[] = [];
      const where = compileRowRule(rule, 'estateUnit', {
        schema,
        hasView: () => true,
        bind: (v) => {
          params.push(v);
          return `$${params.length}`;
        },
      });
      const r = await store.sql.query<{ id: string }>(
        `select id::text as id from rv_estate_unit where ${where}`,
        params,
      );
      return new Set(r.rows.map((row) => row.id));
    };
    assert.deepEqual(await run({ status: ['FREE', null] }), new Set([ids.unitA1, ids.unitA2]));
    assert.deepEqual(await run({ status: [] }), new Set());
    assert.deepEqual(await run('none'), new Set());
    assert.deepEqual(
      await run({
        anyOf: [{ status: ['SOLD'] }, { allOf: [{ floor: [2] }, { buildingId: [ids.buildingA] }] }],
      }),
      new Set([ids.unitA1, ids.unitB1]),
    );
    assert.deepEqual(await run({ 'price.currencyCode': ['RUB'], floor: ['3'] }), new Set([ids.unitB1]));
    assert.throws(
      () =>
        compileRowRule({ colour: ['red'] }, 'estateUnit', { schema, hasView: () => true, bind: () => '$1' }),
      /"colour" is not a field of estateUnit/,
    );
  });
});
