/**
 * The demo registry `realty seed-demo` (and the first `npm start`) loads: three
 * Moscow residential complexes, six buildings with sections, ~1,500 units of
 * every kind and status, a parking level, offices on the ground floor and
 * irregular upper floors (penthouses, a duplex). Pure and deterministic: ids
 * are UUIDv5 of stable names, so seeding twice upserts the same records.
 */
import { seededRandom, uuidV5 } from '../core/plugin/index';

import type { UnitKind, UnitStatus } from './vocabulary';

export type { UnitKind, UnitStatus } from './vocabulary';

const MICROS = 1_000_000;
const rub = (amount: number) => ({ amountMicros: Math.round(amount) * MICROS, currencyCode: 'RUB' });

interface ComplexPlan {
  code: string;
  name: string;
  district: string;
  street: string;
  status: 'PLANNED' | 'UNDER_CONSTRUCTION' | 'COMPLETED';
  pricePerSqm: number;
  buildings: { number: string; sections: number; floors: number; perFloor: number; parkingSpaces: number }[];
}

const COMPLEXES: ComplexPlan[] = [
  {
    code: 'SEVERNY',
    name: 'ЖК «Северный парк»',
    district: 'Северный',
    street: 'ул. Дмитровское шоссе',
    status: 'COMPLETED',
    pricePerSqm: 285_000,
    buildings: [
      { number: '1', sections: 3, floors: 14, perFloor: 6, parkingSpaces: 40 },
      { number: '2', sections: 2, floors: 17, perFloor: 6, parkingSpaces: 30 },
    ],
  },
  {
    code: 'RECHNOY',
    name: 'ЖК «Речной квартал»',
    district: 'Левобережный',
    street: 'Ленинградское шоссе',
    status: 'UNDER_CONSTRUCTION',
    pricePerSqm: 340_000,
    buildings: [
      { number: '1', sections: 3, floors: 14, perFloor: 6, parkingSpaces: 36 },
      { number: '2', sections: 2, floors: 12, perFloor: 5, parkingSpaces: 20 },
    ],
  },
  {
    code: 'ZARECHYE',
    name: 'ЖК «Заречье»',
    district: 'Можайский',
    street: 'Можайское шоссе',
    status: 'UNDER_CONSTRUCTION',
    pricePerSqm: 310_000,
    buildings: [
      { number: '1', sections: 3, floors: 10, perFloor: 6, parkingSpaces: 30 },
      { number: '3', sections: 3, floors: 18, perFloor: 5, parkingSpaces: 24 },
    ],
  },
];

const STATUS_WEIGHTS: [UnitStatus, number][] = [
  ['FREE', 0.5],
  ['RESERVED', 0.1],
  ['IN_AUCTION', 0.1],
  ['BOOKED', 0.08],
  ['SOLD', 0.2],
  ['NOT_FOR_SALE', 0.02],
];

export interface DemoRegistry {
  complexes: Record<string, unknown>[];
  buildings: Record<string, unknown>[];
  sections: Record<string, unknown>[];
  units: Record<string, unknown>[];
}

export function buildDemoRegistry(options: { seed?: number; chessboardBaseUrl?: string } = {}): DemoRegistry {
  const random = seededRandom(options.seed ?? 2026);
  const pick = <T>(weights: [T, number][]): T => {
    let r = random();
    for (const [value, w] of weights) {
      r -= w;
      if (r < 0) return value;
    }
    return weights[weights.length - 1][0];
  };
  const out: DemoRegistry = { complexes: [], buildings: [], sections: [], units: [] };
  for (const complex of COMPLEXES) {
    const complexId = uuidV5(`demo:complex:${complex.code}`);
    out.complexes.push({
      id: complexId,
      name: complex.name,
      district: complex.district,
      region: 'Москва',
      status: complex.status,
      location: { addressStreet1: complex.street, addressCity: 'Москва', addressCountry: 'Russia' },
    });
    for (const b of complex.buildings) {
      const buildingId = uuidV5(`demo:building:${complex.code}:${b.number}`);
      out.buildings.push({
        id: buildingId,
        name: `${complex.name}, корпус ${b.number}`,
        complexId,
        number: b.number,
        floors: b.floors,
        cadastralNumber: `77:09:0001${complex.code.length}${b.number}:${1000 + out.buildings.length}`,
        commissioningDate: complex.status === 'COMPLETED' ? '2025-12-20' : '2027-06-30',
        location: {
          addressStreet1: `${complex.street}, д. ${10 + out.buildings.length}, корп. ${b.number}`,
          addressCity: 'Москва',
        },
        ...(options.chessboardBaseUrl
          ? {
              chessboardLink: {
                primaryLinkUrl: `${options.chessboardBaseUrl}/chessboard?building=${buildingId}`,
                primaryLinkLabel: 'Шахматка',
              },
            }
          : {}),
      });
      let flatNumber = 1;
      for (let s = 1; s <= b.sections; s++) {
        const sectionId = uuidV5(`demo:section:${complex.code}:${b.number}:${s}`);
        out.sections.push({
          id: sectionId,
          name: `Секция ${s}`,
          buildingId,
          number: s,
          floors: b.floors,
          unitsPerFloor: b.perFloor,
        });
        const unit = (
          kind: UnitKind,
          floor: number,
          position: number,
          number: string,
          area: number,
          rooms: number,
          floorsSpanned?: number,
        ) => {
          const perSqm =
            complex.pricePerSqm *
            (kind === 'OFFICE' ? 1.2 : 1) *
            (1 + floor * 0.004) *
            (0.95 + random() * 0.1);
          const price =
            kind === 'PARKING'
              ? 2_400_000 + Math.round(random() * 8) * 100_000
              : kind === 'STORAGE'
                ? 650_000
                : area * perSqm;
          // IN_AUCTION belongs to the auctions plugin: a unit is in an auction only when one holds it
          // (its demo seed puts its own units there), so the registry's demo leaves such units FREE.
          const drawn = pick(STATUS_WEIGHTS);
          const status = drawn === 'IN_AUCTION' ? 'FREE' : drawn;
          out.units.push({
            id: uuidV5(`demo:unit:${complex.code}:${b.number}:${s}:${kind}:${number}`),
            name: `${kindLabel(kind)} ${number}`,
            externalCode: `${complex.code}-${b.number}-${s}-${kind[0]}${number}`,
            buildingId,
            sectionId,
            kind,
            number,
            floor,
            positionOnFloor: position,
            rooms,
            totalArea: area,
            livingArea: kind === 'FLAT' ? Math.round(area * 0.62 * 10) / 10 : null,
            price: rub(price),
            pricePerSqm: rub(price / area),
            status,
            cadastralNumber: kind === 'FLAT' ? `77:09:0001${s}${b.number}:${5000 + out.units.length}` : null,
            // The chessboard plugin's field: a duplex occupies its floor and the one above.
            ...(floorsSpanned ? { floorsSpanned } : {}),
          });
        };
        // Ground floor: offices (commercial premises), two fewer positions than above.
        for (let p = 1; p <= b.perFloor - 2; p++)
          unit('OFFICE', 1, p, `${s}0${p}`, 60 + Math.round(random() * 90), 0);
        for (let floor = 2; floor <= b.floors; floor++) {
          const top = floor === b.floors;
          // The top floor holds fewer, larger flats (penthouses); one duplex spans the last two floors.
          const positions = top ? Math.max(2, b.perFloor - 2) : b.perFloor;
          for (let p = 1; p <= positions; p++) {
            if (floor === b.floors - 1 && p === 1 && s === 1) continue; // the duplex's lower level
            const rooms = top ? 4 : 1 + ((p + floor) % 3);
            const area = top ? 140 + Math.round(random() * 40) : 28 + rooms * 17 + Math.round(random() * 8);
            const duplex = top && p === 1 && s === 1;
            unit(
              'FLAT',
              duplex ? floor - 1 : floor,
              p,
              String(flatNumber++),
              area,
              rooms,
              duplex ? 2 : undefined,
            );
          }
        }
        // Parking level below ground: spaces and storage rooms, shared by sections.
        const spaces = Math.ceil(b.parkingSpaces / b.sections);
        for (let p = 1; p <= spaces; p++) unit('PARKING', -1, p, `М${s}-${p}`, 13.3, 0);
        for (let p = 1; p <= 4; p++) unit('STORAGE', -1, spaces + p, `К${s}-${p}`, 4 + p, 0);
      }
    }
  }
  return out;
}

function kindLabel(kind: UnitKind): string {
  switch (kind) {
    case 'FLAT':
      return 'Квартира';
    case 'OFFICE':
      return 'Офис';
    case 'PARKING':
      return 'Машиноместо';
    case 'STORAGE':
      return 'Кладовая';
    default: {
      const never: never = kind;
      return never;
    }
  }
}
