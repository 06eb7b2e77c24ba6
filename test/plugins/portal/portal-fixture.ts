/**
 * A small registry for the portal's tests, demo-like: one complex in both feeds (its name needs
 * escaping), a building that chose Yandex only, a complex on the site only, and units that are
 * published or not, free or sold, of every kind — plus the ones a feed must leave out (no price,
 * a zero price, no area, no rooms, living area above total). Written through Twenty, so the read
 * model fills from webhooks as in production.
 */
import { uuidV5 } from '../../../plugins/core/plugin/index';
import type { TwentyClient } from '../../../sdk/index';

const id = (name: string) => uuidV5(`portal-test:${name}`);
const rub = (n: number) => ({ amountMicros: n * 1_000_000, currencyCode: 'RUB' });

export const IDS = {
  complex: id('complex'),
  siteOnlyComplex: id('complex-2'),
  buildingA: id('building-a'),
  buildingB: id('building-b'),
  buildingC: id('building-c'),
  sectionA1: id('section-a1'),
  sectionB1: id('section-b1'),
  sectionC1: id('section-c1'),
} as const;

export const COMPLEX_NAME = 'ЖК «Дом & Сад» <1>';

export interface FixtureUnit extends Record<string, unknown> {
  id: string;
  number: string;
}

export function fixtureUnits(): FixtureUnit[] {
  const units: FixtureUnit[] = [];
  const add = (key: string, values: Record<string, unknown>) =>
    units.push({
      id: id(`unit-${key}`),
      number: key,
      kind: 'FLAT',
      status: 'FREE',
      publicSale: true,
      buildingId: IDS.buildingA,
      sectionId: IDS.sectionA1,
      ...values,
    } as FixtureUnit);
  // Building A, section 1: floors 2–4, three flats a floor.
  let n = 1;
  for (let floor = 2; floor <= 4; floor++)
    for (let p = 1; p <= 3; p++) {
      const rooms = p === 3 ? 0 : p;
      const area = 30 + p * 15 + floor;
      add(String(n++), {
        floor,
        positionOnFloor: p,
        rooms,
        totalArea: area,
        livingArea: Math.round(area * 0.6 * 10) / 10,
        kitchenArea: 10,
        price: rub(area * 300_000),
      });
    }
  add('50', {
    floor: 5,
    positionOnFloor: 1,
    rooms: 2,
    totalArea: 60,
    price: rub(18_000_000),
    status: 'SOLD',
  });
  add('51', {
    floor: 5,
    positionOnFloor: 2,
    rooms: 2,
    totalArea: 61,
    price: rub(19_000_000),
    publicSale: false,
    cadastralNumber: '77:01:0001:SECRET',
  });
  add('52', { floor: 5, positionOnFloor: 3, rooms: 1, totalArea: 40, price: rub(0) });
  add('53', { floor: 6, positionOnFloor: 1, rooms: 1, totalArea: null, price: rub(12_000_000) });
  add('54', { floor: 6, positionOnFloor: 2, rooms: null, totalArea: 45, price: rub(13_000_000) });
  add('55', {
    floor: 6,
    positionOnFloor: 3,
    rooms: 2,
    totalArea: 50,
    livingArea: 70,
    price: rub(15_000_000),
  });
  add('56', { floor: 7, positionOnFloor: 1, rooms: 2, totalArea: 52, price: null });
  add('О1', {
    kind: 'OFFICE',
    floor: 1,
    positionOnFloor: 1,
    rooms: 0,
    totalArea: 120,
    price: rub(40_000_000),
  });
  add('М1', {
    kind: 'PARKING',
    floor: -1,
    positionOnFloor: 1,
    rooms: 0,
    totalArea: 13.3,
    price: rub(2_500_000),
  });
  add('К1', { kind: 'STORAGE', floor: -1, positionOnFloor: 2, rooms: 0, totalArea: 5, price: rub(650_000) });
  // Building B (Yandex only): two flats.
  for (const p of [1, 2])
    add(`B${p}`, {
      buildingId: IDS.buildingB,
      sectionId: IDS.sectionB1,
      floor: 3,
      positionOnFloor: p,
      rooms: p,
      totalArea: 40 + p * 10,
      price: rub(10_000_000 + p * 1_000_000),
    });
  // The site-only complex: one flat.
  add('C1', {
    buildingId: IDS.buildingC,
    sectionId: IDS.sectionC1,
    floor: 2,
    positionOnFloor: 1,
    rooms: 3,
    totalArea: 80,
    price: rub(30_000_000),
  });
  return units;
}

/** Units a feed must leave out, with the YRL element validation names for each. */
export const EXCLUDED = {
  '52': 'price',
  '53': 'area',
  '54': 'rooms',
  '55': 'living-space',
  '56': 'price',
} as const;

export async function writeFixture(twenty: TwentyClient): Promise<number> {
  await twenty.records('residentialComplex').createMany(
    [
      {
        id: IDS.complex,
        name: COMPLEX_NAME,
        district: 'Тестовый',
        region: 'Москва',
        status: 'UNDER_CONSTRUCTION',
        location: { addressStreet1: 'ул. Тестовая, 1', addressCity: 'Москва', addressCountry: 'Russia' },
        portalFeeds: ['YRL', 'DOMCLICK'],
        yandexBuildingId: '2133018',
      },
      {
        id: IDS.siteOnlyComplex,
        name: 'ЖК «Только сайт»',
        region: 'Москва',
        status: 'PLANNED',
        location: { addressStreet1: 'ул. Сайтовая, 2', addressCity: 'Москва' },
        portalFeeds: [],
      },
    ],
    { upsert: true },
  );
  await twenty.records('building').createMany(
    [
      {
        id: IDS.buildingA,
        complexId: IDS.complex,
        name: 'Корпус 1',
        number: '1',
        floors: 9,
        commissioningDate: '2027-06-30',
        cadastralNumber: '77:01:BUILDING:SECRET',
        yandexHouseId: '2923598',
      },
      {
        id: IDS.buildingB,
        complexId: IDS.complex,
        name: 'Корпус 2',
        number: '2',
        floors: 5,
        commissioningDate: '2025-03-31',
        portalFeeds: ['YRL'],
        yandexHouseId: '2923599',
      },
      { id: IDS.buildingC, complexId: IDS.siteOnlyComplex, name: 'Корпус 1', number: '1', floors: 3 },
    ],
    { upsert: true },
  );
  await twenty.records('section').createMany(
    [
      { id: IDS.sectionA1, buildingId: IDS.buildingA, number: 1, floors: 9, unitsPerFloor: 3 },
      { id: IDS.sectionB1, buildingId: IDS.buildingB, number: 1, floors: 5, unitsPerFloor: 2 },
      { id: IDS.sectionC1, buildingId: IDS.buildingC, number: 1, floors: 3, unitsPerFloor: 2 },
    ],
    { upsert: true },
  );
  const units = fixtureUnits();
  await twenty.records('unit').createMany(units, { upsert: true });
  return units.length;
}
