/**
 * The bank's daily file through the adapter, offline: the recorded files
 * (windows-1251, comma decimals, Nominal 100 for JPY/KZT/AMD), the date the
 * rates are in force from, clear errors for truncated and malformed files,
 * and the loader fetching a range from the fake bank (weekends and the
 * 9 March holiday answered with Saturday's file, de-duplicated), writing
 * nothing when one file is bad.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { parsePluginSettings } from '../../../plugins/core/settings/index';
import {
  CbrFileError,
  fetchCbrDaily,
  parseCbrDaily,
  renderCbrDaily,
} from '../../../plugins/revenue/cbr-rates';
import { demoRateDays } from '../../../plugins/revenue/demo-data';
import { loadRatesRange, rateRecordsOf } from '../../../plugins/revenue/rates-loader';
import { Dec, presentRub } from '../../../plugins/revenue/rules/money';
import { RateTable } from '../../../plugins/revenue/rules/rate-table';
import { revenueSettings } from '../../../plugins/revenue/settings';
import { CBR_FIXTURES, type FakeCbr, startFakeCbr } from './fake-cbr';

const recorded = (name: string) => readFileSync(path.join(CBR_FIXTURES, name));

describe('parsing the bank’s daily file', () => {
  it('reads a recorded file: windows-1251 names, comma decimals, nominals', () => {
    const day = parseCbrDaily(recorded('XML_daily_2026-03-07.xml'), 'XML_daily_2026-03-07.xml');
    assert.equal(day.date, '2026-03-07');
    const byCode = new Map(day.rates.map((r) => [r.charCode, r]));
    assert.deepEqual(byCode.get('USD'), {
      id: 'R01235',
      numCode: '840',
      charCode: 'USD',
      nominal: 1,
      name: 'Доллар США',
      value: '90.0000',
    });
    assert.equal(byCode.get('JPY')?.nominal, 100);
    assert.equal(byCode.get('KZT')?.name, 'Казахстанских тенге');
    assert.equal(byCode.get('AMD')?.value, '21.6637');
  });

  it('converts with the recorded rates: JPY and KZT per 100 (hand-computed)', () => {
    const table = new RateTable(rateRecordsOf([parseCbrDaily(recorded('XML_daily_2026-03-07.xml'))]));
    // 1 000 000 JPY × 58,1234 ÷ 100 = 581 234,00; 3 000 000 KZT × 17,6543 ÷ 100 = 529 629,00
    assert.equal(
      presentRub(table.toRub({ amount: new Dec(1_000_000), currencyCode: 'JPY' }, '2026-03-08').rub),
      '581234.00',
    );
    assert.equal(
      presentRub(table.toRub({ amount: new Dec(3_000_000), currencyCode: 'KZT' }, '2026-03-09').rub),
      '529629.00',
    );
    // 12 345,67 AMD × 21,6637 ÷ 100 = 2 674,52891179 → 2 674,53
    assert.equal(
      presentRub(table.toRub({ amount: new Dec('12345.67'), currencyCode: 'AMD' }, '2026-03-09').rub),
      '2674.53',
    );
  });

  it('refuses a truncated download, naming where it broke', () => {
    assert.throws(
      () => parseCbrDaily(recorded('broken/XML_daily_2026-03-13.xml'), 'XML_daily_2026-03-13.xml'),
      (e: unknown) =>
        e instanceof CbrFileError &&
        /XML_daily_2026-03-13\.xml нельзя использовать: испорченный или обрезанный XML в строке 1/.test(
          e.message,
        ),
    );
  });

  it('refuses a value that is not a comma decimal, naming the currency', () => {
    assert.throws(
      () => parseCbrDaily(recorded('broken/XML_daily_2026-03-14.xml')),
      (e: unknown) =>
        e instanceof CbrFileError && /USD: Value «90\.31\.25» — не десятичное число/.test(e.message),
    );
  });

  it('refuses an empty answer, HTML, a file without currencies, a bad date', () => {
    assert.throws(() => parseCbrDaily(Buffer.alloc(0)), /он пуст/);
    assert.throws(
      () => parseCbrDaily(Buffer.from('<html><body>Service unavailable</body></html>')),
      /нет элемента <ValCurs>/,
    );
    assert.throws(
      () => parseCbrDaily(iconv.encode('<ValCurs Date="07.03.2026" name="x"></ValCurs>', 'windows-1251')),
      /нет ни одного <Valute>/,
    );
    assert.throws(
      () => parseCbrDaily(iconv.encode('<ValCurs Date="2026-03-07"><Valute/></ValCurs>', 'windows-1251')),
      /ожидается дата ДД\.ММ\.ГГГГ/,
    );
  });

  it('what it renders it reads back unchanged, over random rates (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            code: fc.stringMatching(/^[A-Z]{3}$/),
            nominal: fc.constantFrom(1, 10, 100, 1000, 10000),
            value: fc.bigInt({ min: 1n, max: 10n ** 10n }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (specs) => {
          const unique = [...new Map(specs.map((s) => [s.code, s])).values()];
          const rates = unique.map((s) => ({
            id: `R${s.code}`,
            numCode: '000',
            charCode: s.code,
            nominal: s.nominal,
            name: 'Валюта №1',
            value: new Dec(s.value.toString()).dividedBy(10_000).toFixed(4),
          }));
          const day = parseCbrDaily(renderCbrDaily({ date: '2026-03-07', rates }));
          return day.date === '2026-03-07' && JSON.stringify(day.rates) === JSON.stringify(rates);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('the demo’s four months of files parse, dated Tue–Sat, with no rate set on 4 November', () => {
    const days = demoRateDays();
    assert.ok(days.length > 80, String(days.length));
    for (const d of days)
      assert.ok([2, 3, 4, 5, 6].includes(new Date(`${d.date}T00:00:00Z`).getUTCDay()), d.date);
    assert.equal(
      days.some((d) => d.date === '2026-11-05'),
      false,
    );
  });
});

describe('loading a range from the bank (the fake one, recorded files)', () => {
  let bank: FakeCbr;
  before(async () => {
    bank = await startFakeCbr();
  });
  after(() => bank.close());

  const deps = (written: Record<string, unknown>[][]) => ({
    fetchDay: (date: string) => fetchCbrDaily(bank.url, date),
    query: async () => [],
    records: {
      createMany: async (rows: Record<string, unknown>[]) => {
        written.push(rows);
        return rows as never;
      },
    },
    currencies: ['USD', 'EUR', 'KZT', 'JPY'],
  });

  it('asks for every day, keeps one file per in-force date: the weekend and the 9 March holiday get Saturday’s', async () => {
    bank.requests.length = 0;
    const written: Record<string, unknown>[][] = [];
    const summary = await loadRatesRange(deps(written) as never, { from: '2026-03-04', to: '2026-03-12' });
    assert.deepEqual(bank.requests, [
      '04/03/2026',
      '05/03/2026',
      '06/03/2026',
      '07/03/2026',
      '08/03/2026',
      '09/03/2026',
      '10/03/2026',
      '11/03/2026',
      '12/03/2026',
    ]);
    assert.deepEqual(summary.inForceDates, [
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-11',
      '2026-03-12',
    ]);
    assert.equal(summary.records, 6 * 4);
    assert.equal(summary.written, 24);
    assert.deepEqual(summary.currencies, ['EUR', 'JPY', 'KZT', 'USD']);
    const usd = written.flat().find((r) => r.currencyCode === 'USD' && r.date === '2026-03-07');
    assert.deepEqual(
      { rate: usd?.rate, nominal: usd?.nominal, name: usd?.name },
      { rate: '90.0000', nominal: 1, name: 'USD 07.03.2026' },
    );
  });

  it('a dry run fetches and checks but writes nothing', async () => {
    const written: Record<string, unknown>[][] = [];
    const summary = await loadRatesRange(deps(written) as never, {
      from: '2026-03-07',
      to: '2026-03-08',
      dryRun: true,
    });
    assert.equal(summary.written, 0);
    assert.equal(written.length, 0);
    assert.equal(summary.records, 4);
  });

  it('one bad file in the range stops the load before anything is written', async () => {
    bank.broken = true;
    try {
      const written: Record<string, unknown>[][] = [];
      await assert.rejects(
        loadRatesRange(deps(written) as never, { from: '2026-03-11', to: '2026-03-14' }),
        (e: unknown) =>
          e instanceof CbrFileError &&
          /date_req=13\/03\/2026 нельзя использовать: испорченный или обрезанный/.test(e.message),
      );
      assert.equal(written.length, 0);
    } finally {
      bank.broken = false;
    }
  });

  it('an unreachable bank is a clear error', async () => {
    await assert.rejects(
      fetchCbrDaily('http://127.0.0.1:9/scripts/XML_daily.asp', '2026-03-07', { timeoutMs: 2000 }),
      /не удалось получить/,
    );
  });
});

describe('the revenue settings', () => {
  it('REVENUE_CBR_URL defaults to the bank and takes a local server; a bad value is one line naming it', () => {
    const defaults = parsePluginSettings([revenueSettings], {});
    assert.deepEqual(defaults.problems, []);
    assert.equal(
      (defaults.settings.get('revenue') as { cbrUrl: string }).cbrUrl,
      'https://www.cbr.ru/scripts/XML_daily.asp',
    );
    const local = parsePluginSettings([revenueSettings], {
      REVENUE_CBR_URL: 'http://127.0.0.1:8099/scripts/XML_daily.asp',
      REVENUE_RATE_CURRENCIES: 'usd, EUR,KZT',
    });
    assert.deepEqual(local.settings.get('revenue'), {
      cbrUrl: 'http://127.0.0.1:8099/scripts/XML_daily.asp',
      rateCurrencies: ['USD', 'EUR', 'KZT'],
      cbrTimeoutMs: 20_000,
    });
    const bad = parsePluginSettings([revenueSettings], {
      REVENUE_CBR_URL: 'cbr.ru',
      REVENUE_RATE_CURRENCIES: 'dollars',
    });
    assert.equal(bad.problems.length, 2, bad.problems.join('\n'));
    assert.match(bad.problems.join('\n'), /^REVENUE_CBR_URL: expected an http\(s\) URL/m);
    assert.match(bad.problems.join('\n'), /^REVENUE_RATE_CURRENCIES: expected ISO currency codes/m);
  });
});
