/**
 * The Russian formatters a salesperson reads on every page — roubles, m²,
 * Moscow dates, grouped numbers — on the server (format.ts) and in the
 * browser (assets/realty.js, run here in a VM): the same text from both.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import fc from 'fast-check';
import {
  escapeHtml,
  formatArea,
  formatDate,
  formatDateTime,
  formatNumber,
  formatRub,
  formatRubMicros,
} from '../../../../plugins/core/pages/index';

/** Reads with ordinary spaces: the formatters join groups and units with U+00A0. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

type Formatters = {
  formatRub(v: unknown): string;
  formatRubMicros(v: unknown): string;
  formatArea(v: unknown): string;
  formatNumber(v: unknown, digits?: number): string;
  formatDate(v: unknown): string;
  formatDateTime(v: unknown): string;
  escapeHtml(v: unknown): string;
};

function browserHelpers(): Formatters {
  const source = readFileSync(
    fileURLToPath(new URL('../../../../plugins/core/pages/assets/realty.js', import.meta.url)),
    'utf8',
  );
  const sandbox: Record<string, unknown> = { Intl, BigInt, Date, Number, String, Object, Error };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(source, sandbox);
  return sandbox.realty as Formatters;
}

describe('server formatters', () => {
  it('prints roubles grouped by thousands with ₽, kopecks only when there are any', () => {
    assert.equal(plain(formatRub(55_686_440)), '55 686 440 ₽');
    assert.equal(plain(formatRub('1234.5')), '1 234,50 ₽');
    assert.equal(plain(formatRub(999)), '999 ₽');
    assert.equal(plain(formatRub(-1500)), '-1 500 ₽');
    assert.equal(formatRub(null), '—');
    assert.equal(formatRub('много'), '—');
  });

  it("reads Twenty's CURRENCY (amountMicros) without losing a kopeck", () => {
    assert.equal(plain(formatRubMicros({ amountMicros: 55_686_440_000_000 })), '55 686 440 ₽');
    assert.equal(plain(formatRubMicros(1_234_560_000)), '1 234,56 ₽');
    assert.equal(plain(formatRubMicros('9007199254740993000000')), '9 007 199 254 740 993 ₽');
    assert.equal(formatRubMicros({ amountMicros: null }), '—');
  });

  it('prints areas with one decimal and м², rounding half up', () => {
    assert.equal(plain(formatArea(173)), '173,0 м²');
    assert.equal(plain(formatArea(45.55)), '45,6 м²');
    assert.equal(plain(formatArea('1250.04')), '1 250,0 м²');
    assert.equal(formatArea(undefined), '—');
  });

  it('prints dates as dd.mm.yyyy in Moscow time, whatever the host zone', () => {
    // 22:30 UTC on 30 September is already 1 October in Moscow (UTC+3).
    assert.equal(formatDate('2026-09-30T22:30:00Z'), '01.10.2026');
    assert.equal(formatDate('2026-10-01'), '01.10.2026');
    assert.equal(formatDateTime('2026-09-30T22:30:00Z'), '01.10.2026 01:30');
    assert.equal(formatDate('not a date'), '—');
  });

  it('groups numbers the Russian way and escapes HTML', () => {
    assert.equal(plain(formatNumber(1454)), '1 454');
    assert.equal(plain(formatNumber(1234567.891)), '1 234 567,89');
    assert.equal(
      escapeHtml('<b title="x">Дом & сад\'</b>'),
      '&#60;b title=&#34;x&#34;&#62;Дом &#38; сад&#39;&#60;/b&#62;',
    );
  });
});

describe('the browser helpers (realty.js)', () => {
  const browser = browserHelpers();

  it('format the same examples exactly as the server does', () => {
    assert.equal(
      browser.formatRubMicros({ amountMicros: 55_686_440_000_000 }),
      formatRubMicros(55_686_440_000_000),
    );
    assert.equal(plain(browser.formatRub(55_686_440)), '55 686 440 ₽');
    assert.equal(plain(browser.formatArea(173)), '173,0 м²');
    assert.equal(browser.formatDate('2026-09-30T22:30:00Z'), '01.10.2026');
    assert.equal(browser.formatDateTime('2026-09-30T22:30:00Z'), '01.10.2026 01:30');
    assert.equal(browser.escapeHtml('<a>&'), escapeHtml('<a>&'));
  });

  it('agree with the server on any price, area and number (property)', () => {
    const decimals = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 9999 }))
      .map(([whole, frac]) => `${whole}.${String(frac).padStart(4, '0')}`);
    fc.assert(
      fc.property(decimals, (value) => {
        assert.equal(browser.formatRub(value), formatRub(value));
        assert.equal(browser.formatArea(value), formatArea(value));
        assert.equal(browser.formatNumber(value), formatNumber(value));
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), (micros) => {
        assert.equal(browser.formatRubMicros(micros.toString()), formatRubMicros(micros));
      }),
    );
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (n) => {
        assert.equal(browser.formatRub(n), formatRub(n));
      }),
    );
  });
});
