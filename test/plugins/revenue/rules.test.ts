/**
 * The revenue rules without servers: the rate in force on a date (weekends
 * take the Saturday rate the bank set on Friday), conversions for several
 * currencies and nominals checked against hand-computed values, a
 * multi-currency deal with a partial receipt, changed dates and amounts moved
 * between lines, the portfolio weighting, allocations and the primary rule.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allocationFraction, validateAllocations } from '../../../plugins/revenue/rules/allocation';
import { type PlanLine, portfolioForecast, scenarioForecast } from '../../../plugins/revenue/rules/forecast';
import { Dec, parseAmount, parseDate, presentRub } from '../../../plugins/revenue/rules/money';
import { RateTable } from '../../../plugins/revenue/rules/rate-table';
import {
  NoRateError,
  RevenueError,
  UnknownCurrencyError,
} from '../../../plugins/revenue/rules/revenue-errors';
import {
  allocationTarget,
  assertCanBePrimary,
  checkPrimary,
  copyLines,
  moveAmount,
} from '../../../plugins/revenue/rules/scenario-rules';

/** ValCurs@Date values: the Friday-set rate is in force from Saturday 07.03 through Monday 09.03. */
const rates = new RateTable([
  { date: '2026-03-04', currencyCode: 'USD', rate: '88.5000', nominal: 1 },
  { date: '2026-03-05', currencyCode: 'USD', rate: '89.1234', nominal: 1 },
  { date: '2026-03-07', currencyCode: 'USD', rate: '90.0000', nominal: 1 },
  { date: '2026-03-10', currencyCode: 'USD', rate: '90.5000', nominal: 1 },
  { date: '2026-03-07', currencyCode: 'EUR', rate: '97.2500', nominal: 1 },
  { date: '2026-03-07', currencyCode: 'JPY', rate: '58.1234', nominal: 100 },
  { date: '2026-03-07', currencyCode: 'KZT', rate: '17.6543', nominal: 100 },
]);

const money = (amount: string, currencyCode: string) => ({ amount: new Dec(amount), currencyCode });
const rub = (a: string, code: string, date: string) => presentRub(rates.toRub(money(a, code), date).rub);

describe('the rate in force on a date', () => {
  it('a business day takes its own rate', () => {
    assert.equal(rub('1000', 'USD', '2026-03-05'), '89123.40');
    assert.equal(rates.rateOn('USD', '2026-03-10').rate, '90.5');
  });

  it('Saturday, Sunday and Monday take the rate the bank set on Friday (in force from Saturday)', () => {
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09']) {
      const used = rates.rateOn('USD', day);
      assert.equal(used.rateDate, '2026-03-07', day);
      assert.equal(rub('1000', 'USD', day), '90000.00', day);
    }
  });

  it('a day without a file (Friday 06.03 here) takes the last published rate', () => {
    assert.equal(rates.rateOn('USD', '2026-03-06').rateDate, '2026-03-05');
  });

  it('converts per nominal: JPY and KZT are quoted per 100 units', () => {
    assert.equal(rub('250000', 'JPY', '2026-03-09'), '145308.50'); // 250 000 × 58,1234 ÷ 100
    assert.equal(rub('1234567', 'KZT', '2026-03-09'), '217954.16'); // 217 954,161881
    assert.equal(rates.toRub(money('1234567', 'KZT'), '2026-03-09').rub.toFixed(), '217954.161881');
    assert.equal(rub('5000', 'EUR', '2026-03-10'), '486250.00');
  });

  it('records the rate used with the converted value', () => {
    const converted = rates.toRub(money('100', 'KZT'), '2026-03-08');
    assert.deepEqual(converted.rate, {
      currencyCode: 'KZT',
      onDate: '2026-03-08',
      rateDate: '2026-03-07',
      rate: '17.6543',
      nominal: 100,
      source: 'CBR',
    });
    assert.equal(rates.toRub(money('100', 'RUB'), '2026-03-08').rate, null);
  });

  it('a date before any published rate is a clear error', () => {
    assert.throws(
      () => rates.toRub(money('1', 'EUR'), '2026-03-01'),
      (e: unknown) =>
        e instanceof NoRateError &&
        /курс EUR на 01\.03\.2026 или раньше не опубликован.*первый загруженный курс — от 07\.03\.2026/.test(
          e.message,
        ),
    );
  });

  it('an unknown currency code is a clear error naming the code and the known ones', () => {
    assert.throws(
      () => rates.toRub(money('1', 'XYZ'), '2026-03-09'),
      (e: unknown) => e instanceof UnknownCurrencyError && /«XYZ».*EUR, JPY, KZT, USD/.test(e.message),
    );
    assert.throws(() => rates.toRub(money('1', 'dollars'), '2026-03-09'), RevenueError);
  });

  it('RUB is rounded half-even to kopecks only at presentation', () => {
    assert.equal(presentRub(new Dec('0.125')), '0.12');
    assert.equal(presentRub(new Dec('0.135')), '0.14');
    assert.equal(presentRub(new Dec('2.005')), '2.00');
    // 0.1 + 0.2 stays exact.
    assert.equal(new Dec('0.1').plus('0.2').toFixed(), '0.3');
  });

  it('conversion is additive over random amounts (no rounding inside)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.constantFrom('USD', 'EUR', 'JPY', 'KZT', 'RUB'),
        (a, b, code) => {
          const x = new Dec(a.toString()).dividedBy(1e6);
          const y = new Dec(b.toString()).dividedBy(1e6);
          const sum = rates.toRub({ amount: x.plus(y), currencyCode: code }, '2026-03-09').rub;
          const parts = rates
            .toRub({ amount: x, currencyCode: code }, '2026-03-09')
            .rub.plus(rates.toRub({ amount: y, currencyCode: code }, '2026-03-09').rub);
          return sum.equals(parts);
        },
      ),
    );
  });
});

const line = (
  id: string,
  dueDate: string,
  amount: string,
  code: string,
  extra: Partial<PlanLine> = {},
): PlanLine => ({
  id,
  dueDate,
  amount: money(amount, code),
  status: 'PLANNED',
  ...extra,
});

/** A multi-currency deal: USD partly received, EUR, KZT and RUB still planned. */
const dealLines: PlanLine[] = [
  line('usd', '2026-03-09', '10000', 'USD', {
    status: 'INVOICED',
    receivedDate: '2026-03-05',
    receivedAmount: money('4000', 'USD'),
  }),
  line('eur', '2026-03-10', '5000', 'EUR'),
  line('kzt', '2026-04-15', '2000000', 'KZT'),
  line('rub', '2026-04-20', '150000.50', 'RUB'),
];

describe('a scenario by month and in total', () => {
  it('a multi-currency deal with a partial receipt (hand-computed)', () => {
    const f = scenarioForecast({ id: 's', lines: dealLines }, rates);
    assert.deepEqual(f.problems, []);
    const march = f.months.get('2026-03');
    const april = f.months.get('2026-04');
    // planned: 10 000 × 90 + 5 000 × 97,25 = 900 000 + 486 250
    assert.equal(presentRub(march!.planned), '1386250.00');
    // received: 4 000 × 89,1234 (rate of 05.03, the day it came)
    assert.equal(presentRub(march!.received), '356493.60');
    // remaining: 6 000 × 90 + 486 250
    assert.equal(presentRub(march!.remaining), '1026250.00');
    assert.equal(presentRub(march!.forecast), '1382743.60');
    // April: 2 000 000 × 17,6543 ÷ 100 (last published rate for a future date) + 150 000,50
    assert.equal(presentRub(april!.planned), '503086.50');
    assert.equal(presentRub(f.total.planned), '1889336.50');
    assert.equal(presentRub(f.total.forecast), '1885830.10');
    const usd = f.lines.find((l) => l.lineId === 'usd');
    assert.equal(usd?.receivedRate?.rateDate, '2026-03-05');
    assert.equal(usd?.plannedRate?.rateDate, '2026-03-07');
  });

  it('a receipt in another month counts there; a RECEIVED line leaves nothing remaining', () => {
    const f = scenarioForecast(
      {
        id: 's',
        lines: [
          line('a', '2026-03-20', '100000', 'RUB', {
            status: 'RECEIVED',
            receivedDate: '2026-04-02',
            receivedAmount: money('90000', 'RUB'),
          }),
          line('b', '2026-03-25', '50000', 'RUB', { status: 'RECEIVED' }),
        ],
      },
      rates,
    );
    assert.equal(presentRub(f.months.get('2026-03')!.planned), '150000.00');
    assert.equal(presentRub(f.months.get('2026-03')!.received), '50000.00');
    assert.equal(presentRub(f.months.get('2026-04')!.received), '90000.00');
    assert.equal(presentRub(f.total.remaining), '0.00');
    assert.equal(presentRub(f.total.forecast), '140000.00');
  });

  it('a changed date moves the planned amount to the new month; the total is unchanged', () => {
    const before = scenarioForecast({ id: 's', lines: [line('a', '2026-04-20', '1000', 'RUB')] }, rates);
    const after = scenarioForecast({ id: 's', lines: [line('a', '2026-06-01', '1000', 'RUB')] }, rates);
    assert.equal(before.months.has('2026-04'), true);
    assert.equal(after.months.has('2026-04'), false);
    assert.equal(presentRub(after.months.get('2026-06')!.planned), '1000.00');
    assert.ok(before.total.planned.equals(after.total.planned));
  });

  it('an amount moved between lines keeps the total and moves between months', () => {
    const [a, b] = [line('a', '2026-04-01', '300', 'USD'), line('b', '2026-05-01', '100', 'USD')];
    const moved = moveAmount(a, b, new Dec('120'));
    const after = scenarioForecast(
      {
        id: 's',
        lines: [
          { ...a, amount: moved.from },
          { ...b, amount: moved.to },
        ],
      },
      rates,
    );
    const before = scenarioForecast({ id: 's', lines: [a, b] }, rates);
    assert.ok(before.total.planned.equals(after.total.planned));
    assert.equal(presentRub(after.months.get('2026-05')!.planned), '19910.00'); // 220 × 90,50 (last published)
    assert.throws(() => moveAmount(a, line('c', '2026-05-01', '1', 'EUR'), new Dec(1)), /одной валюты/);
    const partly = line('p', '2026-04-01', '300', 'USD', { receivedAmount: money('250', 'USD') });
    assert.throws(() => moveAmount(partly, b, new Dec('60')), /перенести можно не больше 50\.00/);
  });

  it('a line that cannot be converted is left out and said why; the rest still adds up', () => {
    const f = scenarioForecast(
      { id: 's', lines: [line('a', '2026-03-09', '1', 'XYZ'), line('b', '2026-03-09', '1', 'RUB')] },
      rates,
    );
    assert.equal(f.problems.length, 1);
    assert.match(f.problems[0]!.message, /«XYZ»/);
    assert.equal(presentRub(f.total.planned), '1.00');
  });

  it('forecast = received + remaining, and months add up to the total, over random lines', () => {
    const lineArb = fc.record({
      day: fc.integer({ min: 0, max: 200 }),
      micros: fc.bigInt({ min: 1n, max: 10n ** 13n }),
      code: fc.constantFrom('USD', 'EUR', 'JPY', 'KZT', 'RUB'),
      status: fc.constantFrom('PLANNED', 'INVOICED', 'RECEIVED'),
      receivedPart: fc.option(fc.integer({ min: 0, max: 150 })),
    });
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), (specs) => {
        const lines: PlanLine[] = specs.map((s, i) => {
          const due = new Date(Date.UTC(2026, 2, 7 + s.day)).toISOString().slice(0, 10);
          const amount = new Dec(s.micros.toString()).dividedBy(1e6);
          return {
            id: String(i),
            dueDate: due,
            amount: { amount, currencyCode: s.code },
            status: s.status,
            receivedDate: due,
            receivedAmount:
              s.receivedPart === null
                ? null
                : { amount: amount.times(s.receivedPart).dividedBy(100), currencyCode: s.code },
          };
        });
        const f = scenarioForecast({ id: 's', lines }, rates);
        const sum = [...f.months.values()].reduce((acc, m) => acc.plus(m.forecast), new Dec(0));
        return (
          f.total.forecast.equals(f.total.received.plus(f.total.remaining)) &&
          sum.equals(f.total.forecast) &&
          f.total.remaining.gte(0)
        );
      }),
    );
  });
});

describe('the portfolio', () => {
  it('sums kinds unweighted and weights what remains by probability (facts are not weighted)', () => {
    const base = {
      opportunityId: 'd1',
      kind: 'BASE' as const,
      isPrimary: true,
      name: 'База',
      probability: new Dec(60),
    };
    const opt = {
      opportunityId: 'd1',
      kind: 'OPTIMISTIC' as const,
      isPrimary: false,
      name: 'Опт',
      probability: new Dec(40),
    };
    const baseLines = [
      line('a', '2026-04-10', '1000', 'RUB', {
        receivedDate: '2026-04-01',
        receivedAmount: money('400', 'RUB'),
      }),
    ];
    const optLines = [line('b', '2026-04-10', '2000', 'RUB')];
    const p = portfolioForecast([
      { scenario: { ...base, id: 's1' }, forecast: scenarioForecast({ id: 's1', lines: baseLines }, rates) },
      { scenario: { ...opt, id: 's2' }, forecast: scenarioForecast({ id: 's2', lines: optLines }, rates) },
    ]);
    const april = p.months.find((m) => m.month === '2026-04')!;
    assert.equal(presentRub(april.byKind.BASE.planned), '1000.00');
    assert.equal(presentRub(april.byKind.OPTIMISTIC.planned), '2000.00');
    assert.equal(presentRub(april.primary.received), '400.00');
    // 400 received + 0,6 × 600 + 0,4 × 2 000
    assert.equal(presentRub(april.weighted), '1560.00');
    assert.equal(p.deals, 1);
  });
});

describe('allocations', () => {
  const share = (s: string, dept = 'd') => ({
    departmentId: dept,
    sharePercent: new Dec(s),
    splitType: 'REVENUE' as const,
  });

  it('accepts revenue shares that total exactly 100 %, with overlays on top', () => {
    validateAllocations(
      [share('33.34'), share('33.33'), share('33.33'), { ...share('50'), splitType: 'OVERLAY' }],
      null,
    );
  });

  it('refuses shares that do not total 100 %, saying how much is missing or too much', () => {
    assert.throws(
      () => validateAllocations([share('60'), share('30')], null),
      /в сумме 90 %.*не распределено 10 %/,
    );
    assert.throws(() => validateAllocations([share('60'), share('50')], null), /в сумме 110 %.*лишние 10 %/);
  });

  it('refuses a row without a department or member, or with both a share and an amount', () => {
    assert.throws(
      () => validateAllocations([{ sharePercent: new Dec(100), splitType: 'REVENUE' }], null),
      (e: unknown) =>
        e instanceof RevenueError && e.row === 1 && /укажите отдел или сотрудника/.test(e.message),
    );
    assert.throws(
      () => validateAllocations([{ ...share('100'), fixedAmount: money('1', 'RUB') }], null),
      /либо долю в %, либо фиксированную сумму — не обе сразу/,
    );
  });

  it('fixed amounts must total the scenario total, in its currency', () => {
    const lines = [line('a', '2026-04-01', '600', 'USD'), line('b', '2026-05-01', '400', 'USD')];
    const { target } = allocationTarget(lines, rates);
    assert.deepEqual(
      { code: target.currencyCode, total: target.total.toFixed() },
      { code: 'USD', total: '1000' },
    );
    const fixed = (a: string, code = 'USD') => ({
      memberId: 'm',
      fixedAmount: money(a, code),
      splitType: 'REVENUE' as const,
    });
    validateAllocations([fixed('700'), fixed('300')], target);
    assert.throws(
      () => validateAllocations([fixed('700'), fixed('200')], target),
      /дают 900\.00 USD.*1000\.00 USD \(разница 100\.00\)/,
    );
    assert.throws(
      () => validateAllocations([fixed('1000', 'EUR')], target),
      /в EUR, а итог сценария — в USD/,
    );
    assert.equal(allocationFraction(fixed('250'), target).toFixed(), '0.25');
  });

  it('a multi-currency scenario is allocated in RUB', () => {
    const { target } = allocationTarget(dealLines, rates);
    assert.deepEqual(
      { code: target.currencyCode, total: target.total.toFixed(2) },
      { code: 'RUB', total: '1889336.50' },
    );
  });

  it('any set of revenue shares summing to 100 passes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 8 }),
        (weights) => {
          // Basis points that sum to exactly 10 000, as percents with two decimals.
          const total = weights.reduce((a, b) => a + b, 0);
          const bp = weights.map((w) => Math.floor((w * 10_000) / total));
          bp[0]! += 10_000 - bp.reduce((a, b) => a + b, 0);
          const rows = bp.filter((b) => b > 0).map((b) => share(new Dec(b).dividedBy(100).toFixed()));
          validateAllocations(rows, null);
          return true;
        },
      ),
    );
  });
});

describe('scenarios of a deal', () => {
  it('exactly one primary', () => {
    assert.equal(checkPrimary([]).ok, true);
    assert.equal(checkPrimary([{ id: 'a', name: 'A', isPrimary: true }]).ok, true);
    assert.match(
      checkPrimary([{ id: 'a', name: 'A', isPrimary: false }]).message ?? '',
      /ни один не основной/,
    );
    assert.match(
      checkPrimary([
        { id: 'a', name: 'База', isPrimary: true },
        { id: 'b', name: 'Оптимистичный', isPrimary: true },
      ]).message ?? '',
      /основных сценариев: 2 \(«База», «Оптимистичный»\)/,
    );
    assert.throws(
      () => assertCanBePrimary([{ id: 'a', name: 'База', isPrimary: true }], 'b'),
      (e: unknown) =>
        e instanceof RevenueError && e.code === 'revenue_primary_conflict' && /«База»/.test(e.message),
    );
    assertCanBePrimary([{ id: 'a', name: 'База', isPrimary: true }], 'a');
  });

  it('a copy keeps what is still expected, scaled and shifted', () => {
    const copy = copyLines(dealLines, { amountPercent: new Dec(110), shiftDays: 30 });
    assert.deepEqual(
      copy.map((l) => [l.id, l.dueDate, l.amount?.amount.toFixed(2), l.amount?.currencyCode, l.status]),
      [
        ['usd', '2026-04-08', '6600.00', 'USD', 'PLANNED'],
        ['eur', '2026-04-09', '5500.00', 'EUR', 'PLANNED'],
        ['kzt', '2026-05-15', '2200000.00', 'KZT', 'PLANNED'],
        ['rub', '2026-05-20', '165000.55', 'RUB', 'PLANNED'],
      ],
    );
  });
});

describe('input parsing', () => {
  it('amounts and dates as people type them', () => {
    assert.equal(parseAmount('1 234 567,89', 'amount').toFixed(), '1234567.89');
    assert.throws(() => parseAmount('12,3.4', 'amount'), /^RevenueError: «Сумма»: ожидается сумма/);
    assert.throws(() => parseAmount('-5', 'amount'), /не может быть отрицательной/);
    assert.equal(parseDate('07.03.2026', 'dueDate'), '2026-03-07');
    assert.throws(() => parseDate('2026-02-30', 'dueDate'), /«Срок»: ожидается дата/);
  });
});
