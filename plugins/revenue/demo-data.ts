/**
 * The consultancy's demo revenue (deterministic ids and values): six deals
 * with two or three scenarios each (one primary), lines in RUB, USD, EUR and
 * KZT at irregular dates and amounts — some received in part —, four
 * departments, allocations, and four months of the bank's daily files for
 * USD, EUR, CNY, JPY and KZT rendered in its real format (windows-1251,
 * comma decimals, Nominal 100 for JPY and KZT) and read back through the
 * adapter. The rate VALUES are illustrative, not the bank's published figures.
 */
import { uuidV5 } from '../core/plugin/index';
import { type CbrDay, type CbrRate, parseCbrDaily, renderCbrDaily } from './cbr-rates';
import { addDays, Dec } from './rules/money';

export const DEMO_RATES_FROM = '2026-08-01';
export const DEMO_RATES_TO = '2026-11-30';
/** Days the bank sets no rate in the demo range (4 November, Unity Day). */
const NO_RATE_SET = new Set(['2026-11-04']);

const CURRENCIES: readonly {
  id: string;
  numCode: string;
  charCode: string;
  nominal: number;
  name: string;
  base: number;
}[] = [
  { id: 'R01235', numCode: '840', charCode: 'USD', nominal: 1, name: 'Доллар США', base: 81.5 },
  { id: 'R01239', numCode: '978', charCode: 'EUR', nominal: 1, name: 'Евро', base: 94.2 },
  { id: 'R01375', numCode: '156', charCode: 'CNY', nominal: 1, name: 'Китайский юань', base: 11.35 },
  { id: 'R01820', numCode: '392', charCode: 'JPY', nominal: 100, name: 'Японских иен', base: 54.3 },
  { id: 'R01335', numCode: '398', charCode: 'KZT', nominal: 100, name: 'Казахстанских тенге', base: 15.9 },
];

/**
 * The bank's files of the range: a rate set on a business day (Mon–Fri, not a holiday) is in force
 * from the next calendar day, so files are dated Tue–Sat; the value wiggles deterministically.
 */
export function demoRateFiles(): { date: string; bytes: Buffer }[] {
  const files: { date: string; bytes: Buffer }[] = [];
  let n = 0;
  for (let set = addDays(DEMO_RATES_FROM, -1); set < DEMO_RATES_TO; set = addDays(set, 1)) {
    const weekday = new Date(`${set}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6 || NO_RATE_SET.has(set)) continue;
    n++;
    const inForce = addDays(set, 1);
    const rates: CbrRate[] = CURRENCIES.map((c, i) => {
      const wiggle = Math.round(Math.sin(n / 5 + i) * 1800 + ((n * 37 + i * 11) % 23) * 10);
      const value = new Dec(c.base)
        .plus(new Dec(wiggle).dividedBy(10_000).times(c.base / 10))
        .toDecimalPlaces(4);
      return {
        id: c.id,
        numCode: c.numCode,
        charCode: c.charCode,
        nominal: c.nominal,
        name: c.name,
        value: value.toFixed(4),
      };
    });
    files.push({ date: inForce, bytes: renderCbrDaily({ date: inForce, rates }) });
  }
  return files;
}

/** The demo files read back through the adapter (what `realty rates` would have stored). */
export function demoRateDays(): CbrDay[] {
  return demoRateFiles().map((f) => parseCbrDaily(f.bytes, `demo XML_daily.asp?date_req=${f.date}`));
}

const id = (key: string) => uuidV5(`demo:revenue:${key}`);

export const DEMO_DEPARTMENTS = [
  { id: id('dept:consulting'), name: 'Консалтинг', parentId: null },
  { id: id('dept:valuation'), name: 'Оценка', parentId: id('dept:consulting') },
  { id: id('dept:brokerage'), name: 'Брокеридж', parentId: null },
  { id: id('dept:research'), name: 'Аналитика', parentId: id('dept:consulting') },
];

type DemoLine = [due: string, amount: string, code: string, received?: [date: string, amount: string]];

interface DemoDeal {
  key: string;
  name: string;
  amountRub: number;
  scenarios: {
    key: string;
    name: string;
    kind: 'BASE' | 'OPTIMISTIC' | 'PESSIMISTIC' | 'CUSTOM';
    probability: string;
    primary: boolean;
    lines: DemoLine[];
  }[];
  /** [department key, share %, role] */
  split: [string, string, string][];
}

const DEALS: DemoDeal[] = [
  {
    key: 'tower',
    name: 'Стратегия девелопмента башни «Сити-Север»',
    amountRub: 42_000_000,
    scenarios: [
      {
        key: 'base',
        name: 'Базовый',
        kind: 'BASE',
        probability: '60',
        primary: true,
        lines: [
          ['2026-09-15', '9000000', 'RUB', ['2026-09-18', '9000000']],
          ['2026-10-20', '120000', 'USD', ['2026-10-27', '70000']],
          ['2026-12-10', '11500000', 'RUB'],
          ['2027-02-26', '95000', 'EUR'],
          ['2027-05-14', '6000000', 'RUB'],
        ],
      },
      {
        key: 'opt',
        name: 'Оптимистичный',
        kind: 'OPTIMISTIC',
        probability: '25',
        primary: false,
        lines: [
          ['2026-09-15', '9000000', 'RUB', ['2026-09-18', '9000000']],
          ['2026-10-20', '120000', 'USD', ['2026-10-27', '70000']],
          ['2026-11-30', '14000000', 'RUB'],
          ['2027-01-29', '110000', 'EUR'],
        ],
      },
      {
        key: 'pess',
        name: 'Пессимистичный',
        kind: 'PESSIMISTIC',
        probability: '15',
        primary: false,
        lines: [
          ['2026-09-15', '9000000', 'RUB', ['2026-09-18', '9000000']],
          ['2026-10-20', '120000', 'USD', ['2026-10-27', '70000']],
          ['2027-03-31', '8000000', 'RUB'],
          ['2027-07-15', '60000', 'EUR'],
        ],
      },
    ],
    split: [
      ['consulting', '50', 'Руководитель проекта'],
      ['valuation', '30', 'Оценка активов'],
      ['research', '20', 'Аналитика рынка'],
    ],
  },
  {
    key: 'almaty',
    name: 'Аудит торгового центра в Алматы',
    amountRub: 18_000_000,
    scenarios: [
      {
        key: 'base',
        name: 'Базовый',
        kind: 'BASE',
        probability: '70',
        primary: true,
        lines: [
          ['2026-08-28', '18500000', 'KZT', ['2026-09-02', '18500000']],
          ['2026-11-13', '27750000', 'KZT', ['2026-11-20', '10000000']],
          ['2027-01-22', '36000000', 'KZT'],
          ['2027-04-09', '1500000', 'RUB'],
        ],
      },
      {
        key: 'pess',
        name: 'Затяжка оплаты',
        kind: 'PESSIMISTIC',
        probability: '30',
        primary: false,
        lines: [
          ['2026-08-28', '18500000', 'KZT', ['2026-09-02', '18500000']],
          ['2027-02-19', '27750000', 'KZT'],
          ['2027-06-30', '36000000', 'KZT'],
        ],
      },
    ],
    split: [
      ['valuation', '70', 'Технический аудит'],
      ['brokerage', '30', 'Работа с арендаторами'],
    ],
  },
  {
    key: 'warehouse',
    name: 'Брокеридж склада «Подольск-Логистик»',
    amountRub: 9_600_000,
    scenarios: [
      {
        key: 'base',
        name: 'Базовый',
        kind: 'BASE',
        probability: '80',
        primary: true,
        lines: [
          ['2026-10-05', '2400000', 'RUB', ['2026-10-05', '2400000']],
          ['2026-12-21', '3600000', 'RUB'],
          ['2027-03-17', '3600000', 'RUB'],
        ],
      },
      {
        key: 'opt',
        name: 'Досрочное закрытие',
        kind: 'OPTIMISTIC',
        probability: '20',
        primary: false,
        lines: [
          ['2026-10-05', '2400000', 'RUB', ['2026-10-05', '2400000']],
          ['2026-12-21', '7200000', 'RUB'],
        ],
      },
    ],
    split: [['brokerage', '100', 'Брокер сделки']],
  },
  {
    key: 'hotel',
    name: 'Оценка гостиницы в Сочи для инвестора из ЕС',
    amountRub: 12_500_000,
    scenarios: [
      {
        key: 'base',
        name: 'Базовый',
        kind: 'BASE',
        probability: '65',
        primary: true,
        lines: [
          ['2026-09-30', '40000', 'EUR', ['2026-10-08', '40000']],
          ['2026-12-18', '55000', 'EUR'],
          ['2027-02-12', '38000', 'EUR'],
        ],
      },
      {
        key: 'custom',
        name: 'Оплата в рублях',
        kind: 'CUSTOM',
        probability: '35',
        primary: false,
        lines: [
          ['2026-09-30', '40000', 'EUR', ['2026-10-08', '40000']],
          ['2027-01-15', '8400000', 'RUB'],
        ],
      },
    ],
    split: [
      ['valuation', '60', 'Оценщик'],
      ['consulting', '40', 'Партнёр проекта'],
    ],
  },
  {
    key: 'office',
    name: 'Подбор офиса для IT-компании',
    amountRub: 5_400_000,
    scenarios: [
      {
        key: 'base',
        name: 'Базовый',
        kind: 'BASE',
        probability: '50',
        primary: true,
        lines: [
          ['2026-11-25', '1800000', 'RUB'],
          ['2027-01-27', '22000', 'USD'],
          ['2027-03-03', '1700000', 'RUB'],
        ],
      },
      {
        key: 'pess',
        name: 'Пессимистичный',
        kind: 'PESSIMISTIC',
        probability: '50',
        primary: false,
        lines: [
          ['2027-02-26', '1800000', 'RUB'],
          ['2027-05-31', '2000000', 'RUB'],
        ],
      },
    ],
    split: [
      ['brokerage', '80', 'Брокер'],
      ['research', '20', 'Анализ рынка'],
    ],
  },
  {
    key: 'portfolio',
    name: 'Управление портфелем фонда «Северный капитал»',
    amountRub: 30_000_000,
    scenarios: [
      {
        key: 'base',
        name: 'Базовый',
        kind: 'BASE',
        probability: '75',
        primary: true,
        lines: [
          ['2026-08-31', '2500000', 'RUB', ['2026-09-03', '2500000']],
          ['2026-09-30', '2500000', 'RUB', ['2026-10-01', '2500000']],
          ['2026-10-30', '31000', 'USD', ['2026-11-06', '31000']],
          ['2026-11-30', '2500000', 'RUB', ['2026-11-30', '1250000']],
          ['2026-12-30', '2500000', 'RUB'],
          ['2027-01-29', '2500000', 'RUB'],
          ['2027-02-26', '31000', 'USD'],
        ],
      },
      {
        key: 'opt',
        name: 'Оптимистичный',
        kind: 'OPTIMISTIC',
        probability: '25',
        primary: false,
        lines: [
          ['2026-08-31', '2500000', 'RUB', ['2026-09-03', '2500000']],
          ['2026-09-30', '2500000', 'RUB', ['2026-10-01', '2500000']],
          ['2026-10-30', '31000', 'USD', ['2026-11-06', '31000']],
          ['2026-12-15', '8000000', 'RUB'],
          ['2027-03-31', '4000000', 'RUB'],
        ],
      },
    ],
    split: [
      ['consulting', '45', 'Управляющий партнёр'],
      ['research', '35', 'Аналитика'],
      ['brokerage', '20', 'Сделки фонда'],
    ],
  },
];

export interface DemoRevenue {
  opportunities: Record<string, unknown>[];
  departments: Record<string, unknown>[];
  scenarios: Record<string, unknown>[];
  lines: Record<string, unknown>[];
  allocations: Record<string, unknown>[];
}

const micros = (amount: string) => new Dec(amount).times(1_000_000).toNumber();

/** The demo records; `members` (existing workspace members) get person-level overlay splits. */
export function buildDemoRevenue(members: readonly string[] = []): DemoRevenue {
  const deptId = (key: string) => id(`dept:${key}`);
  const out: DemoRevenue = {
    opportunities: [],
    departments: DEMO_DEPARTMENTS.map((d) => ({ ...d })),
    scenarios: [],
    lines: [],
    allocations: [],
  };
  DEALS.forEach((deal, dealIndex) => {
    const opportunityId = id(`deal:${deal.key}`);
    out.opportunities.push({
      id: opportunityId,
      name: deal.name,
      amount: { amountMicros: deal.amountRub * 1_000_000, currencyCode: 'RUB' },
      stage: dealIndex % 2 === 0 ? 'PROPOSAL' : 'CUSTOMER',
      // Every deal has an owner: with TEAMS_DEAL_VISIBILITY=closed only its owner and admins see it.
      ...(members.length > 0 ? { ownerId: members[dealIndex % members.length] } : {}),
    });
    for (const s of deal.scenarios) {
      const scenarioId = id(`scenario:${deal.key}:${s.key}`);
      out.scenarios.push({
        id: scenarioId,
        name: s.name,
        opportunityId,
        kind: s.kind,
        probability: s.probability,
        isPrimary: s.primary,
      });
      s.lines.forEach(([due, amount, code, received], i) => {
        out.lines.push({
          id: id(`line:${deal.key}:${s.key}:${i}`),
          name: `${s.name} · ${i + 1}`,
          scenarioId,
          dueDate: due,
          amount: { amountMicros: micros(amount), currencyCode: code },
          status: received ? (received[1] === amount ? 'RECEIVED' : 'INVOICED') : 'PLANNED',
          receivedDate: received ? received[0] : null,
          receivedAmount: received ? { amountMicros: micros(received[1]), currencyCode: code } : null,
        });
      });
    }
    deal.split.forEach(([dept, share, role], i) => {
      const member = members.length > 0 ? members[(dealIndex + i) % members.length] : null;
      out.allocations.push({
        id: id(`allocation:${deal.key}:${i}`),
        name: role,
        opportunityId,
        departmentId: deptId(dept),
        memberId: member ?? null,
        sharePercent: share,
        splitType: 'REVENUE',
        roleOnDeal: role,
      });
    });
  });
  return out;
}
