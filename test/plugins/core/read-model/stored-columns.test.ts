/**
 * The read model keeps each typed value in a stored column computed on write: a view reads no
 * jsonb, a store made before (expression indexes over `data`, no stored columns) is brought up
 * to date in place, and a field that changes type, appears or goes away remakes only its column.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  createRegistry,
  defineField,
  defineObject,
  definePlugin,
} from '../../../../plugins/core/plugin/index';
import { registerReadModelViews } from '../../../../plugins/core/read-model/index';
import { openStore, type Store } from '../../../../plugins/core/store/store';

const flatV1 = defineObject({
  nameSingular: 'storedFlat',
  namePlural: 'storedFlats',
  labelSingular: 'Flat',
  labelPlural: 'Flats',
  fields: {
    floor: defineField.text({ label: 'Floor' }),
    area: defineField.number({ label: 'Area' }),
    soldAt: defineField.dateTime({ label: 'Sold at' }),
  },
});
const flatV2 = defineObject({
  ...flatV1,
  fields: {
    floor: defineField.number({ label: 'Floor' }), // was TEXT
    area: defineField.number({ label: 'Area' }),
    rooms: defineField.number({ label: 'Rooms' }), // new; soldAt is gone
  },
});
const registryWith = (flat: typeof flatV1 | typeof flatV2, indexes: { fields: string[] }[]) =>
  createRegistry([
    definePlugin({
      name: 'stored-flats',
      description: 'Flats for the stored-column tests',
      objects: [flat],
      readModel: [{ object: flat, indexes }],
    }),
  ]);

const stored = async (store: Store) =>
  (
    await store.sql.query<{ name: string; type: string }>(
      `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type from pg_attribute a
        where a.attrelid = 'rm_stored_flat'::regclass and a.attgenerated = 's' and not a.attisdropped
        order by a.attname`,
    )
  ).rows.map((r) => `${r.name} ${r.type}`);
const indexes = async (store: Store) =>
  (
    await store.sql.query<{ name: string; def: string }>(
      `select indexname as name, indexdef as def from pg_indexes where tablename = 'rm_stored_flat' and indexname like '%\\_x\\_%'`,
    )
  ).rows;

describe('read model: typed values stored on write', () => {
  let store: Store;
  const id = randomUUID();
  before(async () => {
    store = await openStore();
  });
  after(async () => {
    await store.close();
  });

  it('brings a store made before up to date: stored columns added, rows kept, the old data index dropped', async () => {
    // The layout before: the table and an expression index over data, a row in it.
    await store.sql.exec(`create table rm_stored_flat (id uuid primary key, updated_at timestamptz,
      deleted_at timestamptz, data jsonb not null);
      create index rm_stored_flat_x_0123456789 on rm_stored_flat ((data->>'floor'))`);
    await store.sql.query(`insert into rm_stored_flat (id, updated_at, data) values ($1, now(), $2)`, [
      id,
      JSON.stringify({ id, floor: '7', area: '54.5', soldAt: '2026-03-01T09:00:00Z' }),
    ]);
    const registry = registryWith(flatV1, [{ fields: ['floor'] }]);
    await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
    assert.deepEqual(await stored(store), [
      'v_area numeric',
      'v_created_at timestamp with time zone',
      'v_floor text',
      'v_name text',
      'v_sold_at timestamp with time zone',
    ]);
    const found = await indexes(store);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0]?.def ?? '', /\(v_floor\)/);
    const r = await store.sql.query(`select floor, area::float8 as area, sold_at from rv_stored_flat`);
    assert.deepEqual(r.rows, [{ floor: '7', area: 54.5, sold_at: new Date('2026-03-01T09:00:00Z') }]);
  });

  it('the view reads the stored columns, not the jsonb', async () => {
    const plan = await store.sql.query<{ 'QUERY PLAN': string }>(
      `explain (verbose) select floor, area, sold_at from rv_stored_flat`,
    );
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    assert.match(
      text,
      /Output: rm_stored_flat\.v_floor, rm_stored_flat\.v_area, rm_stored_flat\.v_sold_at\n/,
      text,
    );
    assert.doesNotMatch(text, /\bdata\b/, text);
  });

  it('a field that changed type is remade from data, a new one added, a removed one dropped; the rest untouched', async () => {
    const before = await store.sql.query<{ attnum: number }>(
      `select attnum from pg_attribute where attrelid = 'rm_stored_flat'::regclass and attname = 'v_area'`,
    );
    const registry = registryWith(flatV2, [{ fields: ['floor', 'rooms'] }]);
    await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
    assert.deepEqual(await stored(store), [
      'v_area numeric',
      'v_created_at timestamp with time zone',
      'v_floor numeric',
      'v_name text',
      'v_rooms numeric',
    ]);
    const after = await store.sql.query<{ attnum: number }>(
      `select attnum from pg_attribute where attrelid = 'rm_stored_flat'::regclass and attname = 'v_area'`,
    );
    assert.equal(after.rows[0]?.attnum, before.rows[0]?.attnum, 'area kept its column');
    const r = await store.sql.query(`select floor::float8 as floor, rooms from rv_stored_flat`);
    assert.deepEqual(r.rows, [{ floor: 7, rooms: null }]);
    const found = await indexes(store);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.match(found[0]?.def ?? '', /\(v_floor, v_rooms\)/);
    // Registering the same declarations again changes nothing.
    await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
    assert.equal((await stored(store)).length, 5);
  });

  it('a write keeps the stored columns current, malformed values as null', async () => {
    await store.readModel.applyEvent({
      objectName: 'storedFlat',
      action: 'updated',
      record: {
        id,
        updatedAt: new Date(Date.now() + 60_000).toISOString(),
        floor: 'roof',
        area: 61,
        rooms: 2,
      },
    });
    const r = await store.sql.query(
      `select floor, area::float8 as area, rooms::int as rooms from rv_stored_flat`,
    );
    assert.deepEqual(r.rows, [{ floor: null, area: 61, rooms: 2 }]);
  });
});
