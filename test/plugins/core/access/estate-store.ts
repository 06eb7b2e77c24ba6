/** An in-memory store holding the estate fixture's read model, and an access layer over it. */
import { randomUUID } from 'node:crypto';
import { type AccessLayer, createAccessLayer } from '../../../../plugins/core/access/index';
import { registerReadModelViews } from '../../../../plugins/core/read-model/index';
import { silentLogger, systemClock } from '../../../../plugins/core/runtime/index';
import { openStore, type Store } from '../../../../plugins/core/store/store';
import { createTwentyClient, type TwentyClient } from '../../../../sdk/index';
import { estateRegistry } from './estate-fixture';

export interface EstateStore {
  store: Store;
  access: AccessLayer;
  ids: Record<
    'complexA' | 'complexB' | 'buildingA' | 'buildingB' | 'unitA1' | 'unitA2' | 'unitB1' | 'noteA' | 'noteB',
    string
  >;
}

export type EstateIds = EstateStore['ids'];

/** The fixture's records: two complexes, a building in each, two units in A and one in B, a note on each side. */
export function estateRecords(ids: EstateIds): [string, { id: string } & Record<string, unknown>][] {
  return [
    ['estateComplex', { id: ids.complexA, name: 'ЖК Альфа' }],
    ['estateComplex', { id: ids.complexB, name: 'ЖК Бета' }],
    ['estateBuilding', { id: ids.buildingA, complexId: ids.complexA, floors: 9 }],
    ['estateBuilding', { id: ids.buildingB, complexId: ids.complexB, floors: 12 }],
    [
      'estateUnit',
      {
        id: ids.unitA1,
        buildingId: ids.buildingA,
        status: 'FREE',
        floor: 2,
        price: { amountMicros: 5_000_000_000_000, currencyCode: 'RUB' },
      },
    ],
    ['estateUnit', { id: ids.unitA2, buildingId: ids.buildingA, status: null, floor: 3 }],
    [
      'estateUnit',
      {
        id: ids.unitB1,
        buildingId: ids.buildingB,
        status: 'SOLD',
        floor: 3,
        price: { amountMicros: 7_000_000_000_000, currencyCode: 'RUB' },
      },
    ],
    ['estateNote', { id: ids.noteA, unitId: ids.unitA1, body: 'звонил покупатель' }],
    ['estateNote', { id: ids.noteB, unitId: ids.unitB1, body: 'скидка 5%' }],
  ];
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

/**
 * With `twenty`, the records are created there first (same ids) and the access layer's writer uses it;
 * without, readers only (the client is never reached).
 */
export async function openEstateStore(twenty?: TwentyClient): Promise<EstateStore> {
  const registry = estateRegistry();
  const store = await openStore();
  await registerReadModelViews(store.sql, store.readModel, registry.schema, registry.readModel);
  const ids = {
    complexA: randomUUID(),
    complexB: randomUUID(),
    buildingA: randomUUID(),
    buildingB: randomUUID(),
    unitA1: randomUUID(),
    unitA2: randomUUID(),
    unitB1: randomUUID(),
    noteA: randomUUID(),
    noteB: randomUUID(),
  };
  if (twenty) for (const [object, record] of estateRecords(ids)) await twenty.records(object).create(record);
  await store.readModel.applyEvents(
    estateRecords(ids).map(([objectName, record]) => ({
      objectName,
      action: 'created',
      record: { updatedAt: at(1), createdAt: at(1), ...record },
    })),
  );
  const access = createAccessLayer({
    sql: store.sql,
    readModel: store.readModel,
    // Readers never reach Twenty; a writer test passes a real client.
    twenty: twenty ?? createTwentyClient({ url: 'http://127.0.0.1:9', apiKey: 'unused', limiter: false }),
    registry,
    settings: new Map(),
    clock: systemClock,
    log: silentLogger,
    links: { twentyUrl: 'http://twenty.test', publicUrl: 'http://app.test' },
  });
  return { store, access, ids };
}
