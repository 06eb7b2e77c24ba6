/**
 * Records of the objects Twenty or the registry plugin declare — workspace
 * members, companies (developers, agencies), people, deals (opportunity) and
 * the registry (plugins/registry/schema.ts) — built from the plan, one at a
 * time, in Twenty's REST shape at depth 0.
 */
import { uuidV5 } from '../../plugins/core/plugin/index';
import type { AuctionsPlan } from './auction-plan';
import { agencyName, complexName, developerName, personName, STREETS, transliterate } from './names';
import { createRng } from './random';
import {
  HISTORY_START_MS,
  type PlannedCounts,
  type RegistryPlan,
  SEED_SCALE_AS_OF_MS,
  type UnitKind,
} from './registry-plan';
import { address, DAY_MS, iso, isoDate, links, rub, type SeedRecord, systemFields } from './rest';

/** Stable ids: the same seed, object and key always give the same UUID (v5). */
export function seedId(seed: number, object: string, key: number | string): string {
  return uuidV5(`seed-scale:${seed}:${object}:${key}`);
}

export interface SeedContext {
  seed: number;
  /** `seedId` of an index-keyed object, memoised: hashing is most of the generator's cost. */
  id(object: string, index: number): string;
  counts: PlannedCounts;
  registry: RegistryPlan;
  auctions: AuctionsPlan;
}

export function memoisedIds(seed: number): SeedContext['id'] {
  const cache = new Map<string, Map<number, string>>();
  return (object, index) => {
    let ids = cache.get(object);
    if (!ids) {
      ids = new Map();
      cache.set(object, ids);
    }
    let id = ids.get(index);
    if (id === undefined) {
      id = seedId(seed, object, index);
      ids.set(index, id);
    }
    return id;
  };
}

const HOUR_MS = 3_600_000;
const NO_MONEY = { amountMicros: null, currencyCode: null };

export function* workspaceMemberRecords({ id, seed, counts }: SeedContext): Generator<SeedRecord> {
  for (let i = 0; i < counts.workspaceMember; i++) {
    const rng = createRng(seed, 'member', i);
    const name = personName(rng);
    const createdMs = HISTORY_START_MS + i * HOUR_MS;
    yield Object.assign(systemFields(id('workspaceMember', i), createdMs, createdMs, i), {
      name,
      userEmail: `${transliterate(name.firstName)[0]}.${transliterate(name.lastName)}.${i + 1}@realty.local`,
      userId: id('user', i),
      locale: 'ru-RU',
      colorScheme: 'System',
      timeZone: 'Europe/Moscow',
      avatarUrl: '',
    });
  }
}

export function* companyRecords({ id, seed, counts }: SeedContext): Generator<SeedRecord> {
  const total = counts.developer + counts.agency;
  for (let i = 0; i < total; i++) {
    const rng = createRng(seed, 'company', i);
    const developer = i < counts.developer;
    const name = developer ? developerName(i) : agencyName(i - counts.developer);
    const createdMs = HISTORY_START_MS + i * DAY_MS;
    yield Object.assign(systemFields(id('company', i), createdMs, createdMs, i), {
      name,
      domainName: links(`https://${transliterate(name).slice(0, 24) || `company${i}`}.ru`),
      employees: developer ? rng.int(300, 5000) : rng.int(15, 400),
      linkedinLink: links(null),
      xLink: links(null),
      annualRecurringRevenue: NO_MONEY,
      address: address({
        addressStreet1: rng.pick(STREETS),
        addressCity: 'Москва',
        addressCountry: 'Russia',
      }),
      idealCustomerProfile: false,
      accountOwnerId: id('workspaceMember', rng.int(0, counts.workspaceMember - 1)),
    });
  }
}

/** Company index of the n-th agency. */
export function agencyCompanyId(ctx: SeedContext, agency: number): string {
  return ctx.id('company', ctx.counts.developer + agency);
}

export function* personRecords({ id, seed, counts }: SeedContext): Generator<SeedRecord> {
  const span = SEED_SCALE_AS_OF_MS - HISTORY_START_MS;
  for (let i = 0; i < counts.person; i++) {
    const rng = createRng(seed, 'person', i);
    const name = personName(rng);
    // People exist before the applications they file: created within the first year.
    const createdMs = HISTORY_START_MS + Math.floor((i / counts.person) * Math.min(span, 365 * DAY_MS));
    yield Object.assign(systemFields(id('person', i), createdMs, createdMs, i), {
      name,
      emails: {
        primaryEmail: `${transliterate(name.firstName)}.${transliterate(name.lastName)}${i + 1}@mail.example`,
        additionalEmails: null,
      },
      linkedinLink: links(null),
      xLink: links(null),
      jobTitle: '',
      phones: {
        primaryPhoneNumber: `9${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
        primaryPhoneCountryCode: 'RU',
        primaryPhoneCallingCode: '+7',
        additionalPhones: null,
      },
      city: 'Москва',
      avatarUrl: '',
      companyId: null,
    });
  }
}

export function* opportunityRecords(ctx: SeedContext): Generator<SeedRecord> {
  const { id, seed, counts } = ctx;
  const firstDay = Math.floor(Date.UTC(2020, 0, 1) / DAY_MS);
  const lastDay = Math.floor(SEED_SCALE_AS_OF_MS / DAY_MS);
  for (let i = 0; i < counts.opportunity; i++) {
    const rng = createRng(seed, 'opportunity', i);
    const createdMs =
      (firstDay + Math.floor((i / counts.opportunity) * (lastDay - firstDay - 1))) * DAY_MS + 8 * HOUR_MS;
    const stage = rng.weighted([
      ['NEW', 0.2],
      ['SCREENING', 0.2],
      ['MEETING', 0.2],
      ['PROPOSAL', 0.2],
      ['CUSTOMER', 0.2],
    ] as const);
    yield Object.assign(
      systemFields(
        id('opportunity', i),
        createdMs,
        Math.min(createdMs + rng.int(0, 20) * DAY_MS, SEED_SCALE_AS_OF_MS),
        i,
      ),
      {
        name: rng.pick([
          'Покупка квартиры',
          'Покупка офиса',
          'Покупка машиноместа',
          'Подбор квартиры для семьи',
        ]),
        amount: rub(rng.int(40, 2500) * 100_000),
        closeDate: iso(createdMs + rng.int(14, 180) * DAY_MS),
        stage,
        companyId: rng.chance(0.35) ? agencyCompanyId(ctx, rng.int(0, counts.agency - 1)) : null,
        pointOfContactId: id('person', rng.int(0, counts.person - 1)),
        ownerId: id('workspaceMember', rng.int(0, counts.workspaceMember - 1)),
      },
    );
  }
}

export function* residentialComplexRecords({ id, registry }: SeedContext): Generator<SeedRecord> {
  for (const c of registry.complexes) {
    yield Object.assign(systemFields(id('residentialComplex', c.index), c.createdMs, c.createdMs, c.index), {
      name: complexName(c.index),
      district: c.district,
      region: 'Москва',
      location: address({
        addressStreet1: STREETS[c.index % STREETS.length],
        addressCity: 'Москва',
        addressCountry: 'Russia',
      }),
      developerId: id('company', c.developerIndex),
      status: c.status,
    });
  }
}

export function* buildingRecords({ id, registry }: SeedContext): Generator<SeedRecord> {
  for (const b of registry.buildings) {
    const complex = registry.complexes[b.complexIndex];
    const street = STREETS[complex.index % STREETS.length];
    yield Object.assign(systemFields(id('building', b.index), b.createdMs, b.createdMs, b.index), {
      name: `${complexName(complex.index)}, корпус ${b.number}`,
      complexId: id('residentialComplex', complex.index),
      number: b.number,
      location: address({
        addressStreet1: `${street}, д. ${10 + b.index}, корп. ${b.number}`,
        addressCity: 'Москва',
        addressCountry: 'Russia',
      }),
      floors: b.floors,
      cadastralNumber: `77:${String(complex.index % 100).padStart(2, '0')}:${String(b.index + 1).padStart(7, '0')}:1`,
      commissioningDate: isoDate(b.commissioningMs),
      chessboardLink: links(null),
    });
  }
}

export function* sectionRecords({ id, registry }: SeedContext): Generator<SeedRecord> {
  for (const s of registry.sections) {
    const createdMs = registry.buildings[s.buildingIndex].createdMs;
    yield Object.assign(systemFields(id('section', s.index), createdMs, createdMs, s.index), {
      name: `Секция ${s.number}`,
      buildingId: id('building', s.buildingIndex),
      number: s.number,
      floors: s.floors,
      unitsPerFloor: s.unitsPerFloor,
    });
  }
}

const KIND_LABEL: Record<UnitKind, string> = {
  FLAT: 'Квартира',
  OFFICE: 'Офис',
  PARKING: 'Машиноместо',
  STORAGE: 'Кладовая',
};

export function* unitRecords({ id, registry, auctions }: SeedContext): Generator<SeedRecord> {
  for (const [i, u] of registry.units.entries()) {
    const building = registry.buildings[u.buildingIndex];
    const complex = registry.complexes[building.complexIndex];
    const section = registry.sections[u.sectionIndex];
    const statusDay = auctions.unitStatusDay[i];
    yield Object.assign(
      systemFields(
        id('unit', i),
        building.createdMs,
        statusDay < 0 ? building.createdMs : statusDay * DAY_MS + 9 * HOUR_MS,
        i,
      ),
      {
        name: `${KIND_LABEL[u.kind]} ${u.number}`,
        buildingId: id('building', u.buildingIndex),
        sectionId: id('section', u.sectionIndex),
        kind: u.kind,
        number: u.number,
        floor: u.floor,
        positionOnFloor: u.positionOnFloor,
        rooms: u.rooms,
        totalArea: u.totalArea,
        livingArea: u.kind === 'FLAT' ? Math.round(u.totalArea * 6.2) / 10 : null,
        price: rub(u.priceRub),
        pricePerSqm: rub(Math.round(u.priceRub / u.totalArea)),
        status: auctions.unitStatus[i],
        cadastralNumber:
          u.kind === 'FLAT' || u.kind === 'OFFICE'
            ? `77:${String(complex.index % 100).padStart(2, '0')}:${String(building.index + 1).padStart(7, '0')}:${1000 + i}`
            : null,
        floorPlan: links(null),
        // Flats are numbered per building; other units carry a letter prefix (М, К, Н), so the code is unique.
        externalCode: `${complex.code}-${building.number}-${section.number}-${u.number}`,
      },
    );
  }
}

export const STANDARD_AND_REGISTRY_RELATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  workspaceMember: {},
  company: { accountOwnerId: 'workspaceMember' },
  person: { companyId: 'company' },
  opportunity: { companyId: 'company', pointOfContactId: 'person', ownerId: 'workspaceMember' },
  residentialComplex: { developerId: 'company' },
  building: { complexId: 'residentialComplex' },
  section: { buildingId: 'building' },
  unit: { buildingId: 'building', sectionId: 'section' },
};
