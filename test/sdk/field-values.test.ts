import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { currency, fromMicros, MoneyConversionError, toMicros } from '../../sdk/field-values';
import { asc, desc, serializeOrderBy } from '../../sdk/order-by';

describe('toMicros / fromMicros', () => {
  it('converts exactly where binary floats would not', () => {
    assert.equal(toMicros('0.1'), 100_000);
    assert.equal(toMicros(0.29), 290_000); // 0.29 * 1e6 is 289999.99999999994 in floats
    assert.equal(toMicros(new Decimal('1234567.891011')), 1_234_567_891_011);
    assert.equal(fromMicros(1_234_560_000).toString(), '1234.56');
    assert.deepEqual(currency('15000000', 'RUB'), { amountMicros: 15_000_000_000_000, currencyCode: 'RUB' });
  });

  it('round-trips any amount with up to six decimals', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (micros) => {
        const amount = fromMicros(micros);
        assert.equal(toMicros(amount.toFixed()), Number(micros));
      }),
    );
  });

  it('refuses more than six decimals and non-numbers instead of rounding', () => {
    assert.throws(() => toMicros('1.0000001'), MoneyConversionError);
    assert.throws(() => toMicros('12,5'), MoneyConversionError);
    assert.throws(() => toMicros(Number.NaN), MoneyConversionError);
  });
});

describe('serializeOrderBy', () => {
  it('writes explicit directions; desc is the exact reverse of asc', () => {
    assert.equal(
      serializeOrderBy([asc('name.lastName'), desc('createdAt')]),
      'name.lastName[AscNullsFirst],createdAt[DescNullsLast]',
    );
    assert.equal(serializeOrderBy(asc('floor', 'last')), 'floor[AscNullsLast]');
    assert.throws(() => serializeOrderBy(asc('bad field')), /not a valid order_by field name/);
  });
});
