import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  declaredIndexes,
  registerReadModelViews,
  viewColumns,
} from '../../../../plugins/core/read-model/index';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import { estateRegistry } from '../access/estate-fixture';

const registry = estateRegistry();
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

describe('read-model views: one typed column per declared field', () => {
  let store: Store;
  const building = randomUUID();
  const good = randomUUID();
  const bad = randomUUID();
  const gone = randomUUID();
  before(async () => {
    store = await openStore();
    await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
    await store.readModel.applyEvents([
      {
        objectName: 'estateUnit',
        action: 'created',
        record: {
          id: good,
          createdAt: at(1),
          updatedAt: at(1),
          buildingId: building,
          status: 'FREE',
          floor: 3,
          totalArea: 54.5,
          // Twenty sends big micros as a numeric string.
          price: { amountMicros: '55686440000000', currencyCode: 'RUB' },
          tags: ['VIEW', 'CORNER'],
          hot: true,
          listedAt: '2026-02-03T10:00:00.000Z',
          extra: { a: 1 },
          floorPlan: {
            primaryLinkUrl: 'https://plans.test/1.png',
            primaryLinkLabel: 'Plan',
            secondaryLinks: [],
          },
        },
      },
      {
        objectName: 'estateUnit',
        action: 'created',
        record: {
          id: bad,
          updatedAt: at(2),
          buildingId: 'not-a-uuid',
          floor: 'third',
          totalArea: '12,5',
          price: { amountMicros: '12x', currencyCode: 'RUB' },
          tags: 'VIEW',
          hot: 'yes',
          listedAt: '2026-13-45T99:00:00Z',
        },
      },
      { objectName: 'estateUnit', action: 'created', record: { id: gone, updatedAt: at(3), floor: 1 } },
      {
        objectName: 'estateUnit',
        action: 'deleted',
        record: { id: gone, updatedAt: at(4), deletedAt: at(4) },
      },
    ]);
  });
  after(async () => {
    await store.close();
  });

  it('names columns in snake_case, flattens composites and relations, with the declared types', async () => {
    const r = await store.sql.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_name = 'rv_estate_unit' order by ordinal_position`,
    );
    const types = Object.fromEntries(r.rows.map((c) => [c.column_name, c.data_type]));
    assert.deepEqual(types, {
      id: 'uuid',
      created_at: 'timestamp with time zone',
      updated_at: 'timestamp with time zone',
      name: 'text',
      building_id: 'uuid',
      status: 'text',
      floor: 'numeric',
      total_area: 'numeric',
      price_amount_micros: 'numeric',
      price_currency_code: 'text',
      tags: 'ARRAY',
      hot: 'boolean',
      listed_at: 'timestamp with time zone',
      extra: 'jsonb',
      floor_plan_primary_link_url: 'text',
      floor_plan_primary_link_label: 'text',
      floor_plan_secondary_links: 'jsonb',
    });
    const described = viewColumns(registry.schema, 'estateUnit').find(
      (c) => c.name === 'price_amount_micros',
    );
    assert.deepEqual(
      { field: described?.field, subField: described?.subField, sqlType: described?.sqlType },
      { field: 'price', subField: 'amountMicros', sqlType: 'numeric' },
    );
  });

  it('reads well-formed values typed, malformed ones as null, and leaves deleted rows out', async () => {
    const r = await store.sql.query<Record<string, unknown>>(
      `select id::text as id, building_id::text as building_id, floor::float8 as floor, total_area::float8 as total_area,
              price_amount_micros::text as micros, tags, hot, listed_at, extra
         from rv_estate_unit order by updated_at`,
    );
    assert.equal(r.rows.length, 2, 'the deleted unit is not in the view');
    const [first, second] = r.rows;
    assert.deepEqual(first, {
      id: good,
      building_id: building,
      floor: 3,
      total_area: 54.5,
      micros: '55686440000000',
      tags: ['VIEW', 'CORNER'],
      hot: true,
      listed_at: new Date('2026-02-03T10:00:00.000Z'),
      extra: { a: 1 },
    });
    assert.deepEqual(second, {
      id: bad,
      building_id: null,
      floor: null,
      total_area: null,
      micros: null,
      tags: null,
      hot: null,
      listed_at: null,
      extra: null,
    });
  });

  it('builds declared indexes over the stored typed columns, so a query through the view uses them', async () => {
    const [byBuildingFloor] = declaredIndexes(
      registry.schema,
      registry.readModel.find((e) => e.object === 'estateUnit')!,
    );
    assert.equal(byBuildingFloor?.expression, '(v_building_id), (v_floor)');
    for (let i = 0; i < 300; i++)
      await store.readModel.applyEvent({
        objectName: 'estateUnit',
        action: 'created',
        record: {
          id: randomUUID(),
          updatedAt: at(10),
          buildingId: randomUUID(),
          floor: i % 20,
          status: 'SOLD',
        },
      });
    await store.sql.exec('analyze rm_estate_unit');
    const plan = await store.sql.query<{ 'QUERY PLAN': string }>(
      `explain select id from rv_estate_unit where building_id = '${building}' and floor = 3`,
    );
    const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    assert.match(text, /Index (Only )?Scan|Bitmap Index Scan/, text);
    assert.match(text, /rm_estate_unit_x_/, text);
  });
});
