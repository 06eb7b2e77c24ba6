/**
 * Generated data for the reports' tests and bench: complexes → buildings → sections → units, auctions
 * with lots, applications (some through agencies), bids, winners, sale contracts, deposits and price
 * payments with their journal, the change log, revenue scenarios and allocations, a holding, sales
 * plans, SMS campaigns and calls — records in Twenty's REST shape, deterministic for a seed, at any
 * size. `loadIntoReadModel` writes them straight into the read model's replica tables.
 */
import { uuidV5 } from '../../../plugins/core/plugin/index';
import type { Store } from '../../../plugins/core/store/index';

export type Rec = Record<string, unknown> & { id: string };
export type Dataset = Record<string, Rec[]>;

export interface DataOptions {
  units: number;
  auctions: number;
  seed?: number;
  /** The report date: nothing happens after it (default 2026-06-15). */
  today?: string;
}

export const TODAY = '2026-06-15';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const micros = (rub: number) => Math.round(rub * 100) * 10_000;
const money = (rub: number) => ({ amountMicros: micros(rub), currencyCode: 'RUB' });
const iso = (ms: number) => new Date(ms).toISOString();
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function generateReportData(options: DataOptions): Dataset {
  const random = rng(options.seed ?? 23);
  const today = options.today ?? TODAY;
  const todayEnd = Date.parse(`${today}T20:59:59Z`); // 23:59:59 in Moscow
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const id = (kind: string, n: number | string) => uuidV5(`reports-test:${options.seed ?? 23}:${kind}:${n}`);
  const at = '2024-01-01T00:00:00.000Z';
  const base = (kind: string, n: number | string) => ({ id: id(kind, n), createdAt: at, updatedAt: at });
  const d: Dataset = {};
  const put = (object: string, rec: Rec) => {
    const list = d[object] ?? [];
    list.push(rec);
    d[object] = list;
    return rec;
  };

  const complexes = Math.max(2, Math.round(options.units / 180));
  for (let c = 0; c < complexes; c++)
    put('residentialComplex', {
      ...base('complex', c),
      name: `ЖК Тест ${c + 1}`,
      status: 'UNDER_CONSTRUCTION',
    });
  const buildings: Rec[] = [];
  const sections: Rec[] = [];
  for (let c = 0; c < complexes; c++)
    for (let b = 0; b < 3; b++) {
      const building = put('building', {
        ...base('building', `${c}-${b}`),
        complexId: id('complex', c),
        name: b === 2 ? '' : `Корпус ${b + 1}`,
        number: String(b + 1),
      });
      buildings.push(building);
      for (let s = 0; s < 2; s++)
        sections.push(
          put('section', { ...base('section', `${c}-${b}-${s}`), buildingId: building.id, number: s + 1 }),
        );
    }
  put('importBatch', { ...base('batch', 1), number: 1, fileName: 'units.xlsx', status: 'APPLIED' });
  const kinds = ['FLAT', 'FLAT', 'FLAT', 'FLAT', 'FLAT', 'FLAT', 'FLAT', 'OFFICE', 'PARKING', 'STORAGE'];
  const statuses = ['FREE', 'FREE', 'FREE', 'FREE', 'RESERVED', 'BOOKED', 'NOT_FOR_SALE'];
  const units: Rec[] = [];
  for (let u = 0; u < options.units; u++) {
    const section = sections[u % sections.length] as Rec;
    const kind = pick(kinds);
    const area =
      Math.round(
        (kind === 'PARKING'
          ? 13 + random() * 5
          : kind === 'STORAGE'
            ? 3 + random() * 6
            : 25 + random() * 95) * 10,
      ) / 10;
    const perSqm = 100_000 + Math.floor(random() * 200_000);
    const price = Math.round(area * perSqm);
    units.push(
      put('unit', {
        ...base('unit', u),
        buildingId: section.buildingId,
        sectionId: section.id,
        kind,
        number: String(100 + u),
        floor: 1 + (u % 17),
        rooms: kind === 'FLAT' ? 1 + (u % 4) : null,
        totalArea: area,
        price: money(price),
        pricePerSqm: money(Math.round(price / area)),
        status: pick(statuses),
        importBatchId: id('batch', 1),
      }),
    );
  }

  const agencies = Array.from({ length: Math.max(3, Math.round(options.auctions / 1000)) }, (_, a) =>
    put('agency', {
      ...base('agency', a),
      name: `Агентство ${String(a + 1).padStart(2, '0')}`,
      status: 'ACTIVE',
      requestsThisMonth: 10 + a,
      bookingsCount: a * 2,
    }),
  );
  const people = Array.from({ length: Math.max(20, Math.round(options.auctions / 5)) }, (_, p) =>
    put('person', { ...base('person', p), name: { firstName: `Имя${p}`, lastName: `Фамилия${p}` } }),
  );

  const START = Date.parse('2024-01-10T09:00:00Z');
  const END = Date.parse(`${today}T09:00:00Z`) - 40 * DAY;
  const fates = [
    'COMPLETED',
    'COMPLETED',
    'COMPLETED',
    'COMPLETED',
    'COMPLETED',
    'COMPLETED',
    'FAILED',
    'FAILED',
    'TERMINATED',
    'CANCELLED',
    'APPLICATIONS',
    'BIDDING',
  ];
  let payments = 0;
  let ops = 0;
  for (let k = 0; k < options.auctions; k++) {
    const unit = units[k % units.length] as Rec;
    const fate = pick(fates);
    // Some announcements late in the evening UTC: the next day in Moscow.
    const announced =
      START + Math.floor(random() * (END - START)) + (k % 7 === 0 ? (12 * DAY) / 24 + 0.05 * DAY : 0);
    const decided = ['COMPLETED', 'FAILED', 'TERMINATED', 'CANCELLED'].includes(fate);
    const results = announced + 26 * DAY + (k % 5 === 0 ? 0.55 * DAY : 0); // 22:12 UTC = 01:12 MSK next day
    const auction = put('auction', {
      ...base('auction', k),
      number: `А-${String(k + 1).padStart(5, '0')}`,
      status: fate,
      announcedAt: iso(announced),
      applicationEnd: iso(announced + 20 * DAY),
      biddingStart: iso(announced + 25 * DAY),
      resultsAt: decided ? iso(results) : null,
      failureReason: fate === 'FAILED' ? (k % 2 ? 'Нет заявок' : 'Подана одна заявка') : null,
      terminationReason: fate === 'TERMINATED' ? 'Предписание ФАС' : null,
    });
    const start = Number((unit.price as { amountMicros: number }).amountMicros) / 1e6;
    const deposit = Math.round(start * 0.1);
    const steps = 1 + Math.floor(random() * 6);
    const final = Math.round(start * (1 + steps * 0.05));
    const lot = put('auctionLot', {
      ...base('lot', k),
      auctionId: auction.id,
      unitId: unit.id,
      number: 1,
      startPrice: money(start),
      depositAmount: money(deposit),
      status:
        fate === 'COMPLETED' ? 'SOLD' : fate === 'FAILED' ? 'FAILED' : decided ? 'TERMINATED' : 'ACTIVE',
      finalPrice: fate === 'COMPLETED' ? money(final) : null,
    });
    const nApps =
      fate === 'COMPLETED'
        ? 1 + Math.floor(random() * 3)
        : fate === 'FAILED'
          ? Math.floor(random() * 2)
          : Math.floor(random() * 3);
    const apps: Rec[] = [];
    for (let x = 0; x < nApps; x++) {
      const submitted = announced + (3 + x) * DAY;
      const admitted = fate === 'COMPLETED' || random() < 0.8;
      apps.push(
        put('auctionApplication', {
          ...base('app', `${k}-${x}`),
          lotId: lot.id,
          applicantId: (people[(k * 3 + x) % people.length] as Rec).id,
          agencyId: random() < 0.6 ? (agencies[(k + x) % agencies.length] as Rec).id : null,
          submittedAt: iso(submitted),
          admission: admitted ? 'ADMITTED' : 'REJECTED',
          depositStatus: 'RECEIVED',
        }),
      );
      if (!admitted) continue;
      const paidAt = submitted + DAY;
      const payment = put('payment', {
        ...base('payment', payments++),
        lotId: lot.id,
        applicationId: (apps[x] as Rec).id,
        amount: money(deposit),
        purpose: 'DEPOSIT',
        paidAt: iso(paidAt),
        bankReference: `П-${payments}`,
      });
      put('financialOperation', {
        ...base('op', ops++),
        auctionId: auction.id,
        lotId: lot.id,
        applicationId: (apps[x] as Rec).id,
        paymentId: payment.id,
        kind: 'DEPOSIT_RECEIVED',
        amount: money(deposit),
        at: iso(paidAt),
      });
    }
    if (fate === 'COMPLETED') {
      const winner = apps[0] as Rec;
      lot.winnerId = winner.id;
      unit.status = 'SOLD';
      for (let b = 0; b < steps; b++)
        put('auctionBid', {
          ...base('bid', `${k}-${b}`),
          lotId: lot.id,
          applicationId: (apps[b % apps.length] as Rec).id,
          amount: money(Math.round(start * (1 + (b + 1) * 0.05))),
          placedAt: iso(announced + 25 * DAY + b * 60_000),
        });
      const planned = dayOf(results + 20 * DAY);
      const signedAt = results + (5 + Math.floor(random() * 25)) * DAY;
      const signed = signedAt <= todayEnd && random() < 0.85;
      const contract = put('saleContract', {
        ...base('contract', k),
        unitId: unit.id,
        lotId: lot.id,
        buyerId: winner.applicantId,
        agencyId: winner.agencyId,
        number: `Д-${String(k + 1).padStart(5, '0')}`,
        plannedDate: planned,
        signedAt: signed ? iso(signedAt) : null,
        price: money(final),
        depositCredited: money(deposit),
        amountDue: money(final - deposit),
        status: signed ? 'SIGNED' : random() < 0.8 ? 'AWAITING_SIGNATURE' : 'REFUSED',
      });
      put('financialOperation', {
        ...base('op', ops++),
        auctionId: auction.id,
        lotId: lot.id,
        applicationId: winner.id,
        kind: 'DEPOSIT_CREDITED_TO_PRICE',
        amount: money(deposit),
        at: iso(results),
      });
      if (signed) {
        const parts = 1 + (k % 3);
        const due = final - deposit;
        for (let i = 0; i < parts; i++) {
          const paidAt = signedAt + (i + 1) * 40 * DAY;
          if (paidAt > todayEnd) break;
          const amount =
            i === parts - 1 ? due - Math.floor(due / parts) * (parts - 1) : Math.floor(due / parts);
          const payment = put('payment', {
            ...base('payment', payments++),
            contractId: contract.id,
            lotId: lot.id,
            amount: money(amount),
            purpose: 'PRICE',
            paidAt: iso(paidAt),
            bankReference: `П-${payments}`,
          });
          put('financialOperation', {
            ...base('op', ops++),
            auctionId: auction.id,
            lotId: lot.id,
            paymentId: payment.id,
            kind: 'PRICE_RECEIVED',
            amount: money(amount),
            at: iso(paidAt),
          });
        }
      }
    }
    if (decided)
      for (const app of apps.slice(fate === 'COMPLETED' ? 1 : 0)) {
        if (app.admission !== 'ADMITTED') continue;
        const settled = random() < 0.7;
        put('financialOperation', {
          ...base('op', ops++),
          auctionId: auction.id,
          lotId: lot.id,
          applicationId: app.id,
          kind: 'DEPOSIT_REFUNDED',
          amount: money(deposit),
          at: iso(results),
          dueBy: dayOf(results + 5 * DAY),
          settledAt: settled ? iso(results + 3 * DAY) : null,
        });
      }
    if (unit.status === 'SOLD' || k % 4 === 0)
      put('unitChange', {
        ...base('change', k),
        unitId: unit.id,
        fieldName: 'status',
        oldValue: 'FREE',
        newValue: String(unit.status),
        source: k % 4 === 0 ? 'IMPORT' : 'AUCTION',
        importBatchId: k % 4 === 0 ? id('batch', 1) : null,
        changedBy: k % 4 === 0 ? 'import' : 'auctions',
        changedAt: iso(decided ? results : announced),
        status: 'APPLIED',
      });
  }

  // Revenue: departments, members, deals with scenarios (RUB and one USD line), allocations.
  put('exchangeRate', {
    ...base('rate', 1),
    currencyCode: 'USD',
    date: '2026-01-01',
    rate: '90.5',
    nominal: 1,
  });
  put('exchangeRate', {
    ...base('rate', 2),
    currencyCode: 'USD',
    date: '2026-04-01',
    rate: '80',
    nominal: 1,
  });
  const departments = ['Брокеридж', 'Оценка'].map((name, i) =>
    put('department', { ...base('department', i), name }),
  );
  const members = ['Анна Смирнова', 'Олег Петров'].map((n, i) => {
    const [firstName, lastName] = n.split(' ');
    return put('workspaceMember', { ...base('member', i), name: { firstName, lastName } });
  });
  for (let o = 0; o < 3; o++) {
    put('opportunity', {
      ...base('deal', o),
      name: `Сделка ${o + 1}`,
      companyId: id('company', o % 3),
      stage: 'PROPOSAL',
      amount: money(1_000_000 * (o + 1)),
    });
    for (const [s, kind] of ['BASE', 'OPTIMISTIC'].entries()) {
      const scenario = put('revenueScenario', {
        ...base('scenario', `${o}-${s}`),
        opportunityId: id('deal', o),
        name: kind,
        kind,
        isPrimary: s === 0,
        probability: 50,
      });
      for (let l = 0; l < 4; l++) {
        const usd = o === 2 && l === 1;
        const due = `2026-0${2 + l}-1${l}`;
        put('revenuePlanLine', {
          ...base('line', `${o}-${s}-${l}`),
          scenarioId: scenario.id,
          dueDate: due,
          amount: usd
            ? { amountMicros: micros(1000), currencyCode: 'USD' }
            : money(100_000 * (o + 1) + l * 1000 + s * 500),
          status: l === 0 ? 'RECEIVED' : 'PLANNED',
          receivedDate: l === 0 ? due : null,
          receivedAmount: l === 0 ? money(100_000 * (o + 1) + s * 500) : null,
        });
      }
    }
    put('revenueAllocation', {
      ...base('allocation', `${o}-a`),
      opportunityId: id('deal', o),
      departmentId: (departments[o % 2] as Rec).id,
      memberId: (members[o % 2] as Rec).id,
      sharePercent: 60,
      splitType: 'REVENUE',
    });
    put('revenueAllocation', {
      ...base('allocation', `${o}-b`),
      opportunityId: id('deal', o),
      departmentId: (departments[1] as Rec).id,
      memberId: null,
      sharePercent: 40,
      splitType: 'REVENUE',
    });
  }
  // A holding: a parent with two subsidiaries, one of them with its own subsidiary.
  put('company', { ...base('company', 0), name: 'Холдинг Альфа', parentCompanyId: null });
  put('company', { ...base('company', 1), name: 'Альфа Девелопмент', parentCompanyId: id('company', 0) });
  put('company', { ...base('company', 2), name: 'Альфа Сервис', parentCompanyId: id('company', 1) });
  put('company', { ...base('company', 3), name: 'Одиночка', parentCompanyId: null });

  // Sales plans: per complex and month (UNITS, REVENUE) and one for all complexes (RECEIPTS).
  for (let m = 1; m <= 6; m++) {
    const month = `2026-0${m}-01`;
    for (let c = 0; c < complexes; c++) {
      put('salesPlan', {
        ...base('plan', `${m}-${c}-u`),
        name: 'план',
        periodMonth: month,
        complexId: id('complex', c),
        metric: 'UNITS',
        planValue: 3 + c,
        version: 1,
        active: true,
      });
      put('salesPlan', {
        ...base('plan', `${m}-${c}-r`),
        name: 'план',
        periodMonth: month,
        complexId: id('complex', c),
        metric: 'REVENUE',
        planValue: 30_000_000 + c * 1_000_000,
        version: 1,
        active: true,
      });
    }
    put('salesPlan', {
      ...base('plan', `${m}-all`),
      name: 'план',
      periodMonth: month,
      complexId: null,
      metric: 'RECEIPTS',
      planValue: 50_000_000,
      version: 1,
      active: true,
    });
  }

  // SMS campaigns with their messages, and calls.
  for (let c = 0; c < 3; c++) {
    const campaign = put('smsCampaign', {
      ...base('campaign', c),
      name: `Рассылка ${c + 1}`,
      status: c === 2 ? 'SCHEDULED' : 'DONE',
      scheduledAt: iso(Date.parse(`2026-0${3 + c}-10T08:00:00Z`)),
      audienceCount: 10 + c,
      cost: money(100 + c * 10.5),
    });
    for (let m = 0; m < 8 + c; m++)
      put('smsMessage', {
        ...base('sms', `${c}-${m}`),
        campaignId: campaign.id,
        personId: (people[m % people.length] as Rec).id,
        phone: `+7900000${String(m).padStart(4, '0')}`,
        segments: 1 + (m % 2),
        status: c === 2 ? 'QUEUED' : m % 5 === 0 ? 'FAILED' : m % 3 === 0 ? 'SENT' : 'DELIVERED',
      });
  }
  for (let k = 0; k < 40; k++) {
    const started =
      Date.parse('2026-06-01T06:00:00Z') +
      (k % 10) * DAY +
      k * 3_600_000 +
      (k % 9 === 0 ? 15 * 3_600_000 : 0);
    const status = k % 4 === 0 ? 'MISSED' : k % 7 === 0 ? 'BUSY' : 'ANSWERED';
    put('phoneCall', {
      ...base('call', k),
      direction: k % 3 === 0 ? 'OUTGOING' : 'INCOMING',
      fromNumber: '+79000000001',
      toNumber: '+74950000000',
      startedAt: iso(started),
      durationSeconds: status === 'ANSWERED' ? 30 + k * 7 : 0,
      status,
    });
  }
  return d;
}

/** Moscow's calendar day of an ISO timestamp (UTC+3, no DST since 2014). */
export const mskDay = (value: unknown): string | null =>
  typeof value === 'string' && value !== ''
    ? new Date(Date.parse(value) + 3 * 3_600_000).toISOString().slice(0, 10)
    : null;
export const rubOf = (m: unknown): number =>
  m && typeof m === 'object' && 'amountMicros' in m
    ? Number((m as { amountMicros: number }).amountMicros) / 1e6
    : 0;
export const round2 = (v: number) => Math.round(v * 100) / 100;

/** Writes the records into the replica tables of the objects the store replicates (others skipped). */
export async function loadIntoReadModel(
  store: Pick<Store, 'sql' | 'readModel'>,
  data: Dataset,
  replicated: readonly string[],
) {
  for (const [object, records] of Object.entries(data)) {
    if (!replicated.includes(object)) continue;
    const table = store.readModel.table(object);
    for (let i = 0; i < records.length; i += 5000)
      await store.sql.query(
        `insert into ${table} (id, updated_at, deleted_at, data)
         select (e->>'id')::uuid, (e->>'updatedAt')::timestamptz, null, e from jsonb_array_elements($1::jsonb) as e
         on conflict (id) do update set data = excluded.data, updated_at = excluded.updated_at`,
        [JSON.stringify(records.slice(i, i + 5000))],
      );
  }
  await store.sql.exec('analyze');
}
