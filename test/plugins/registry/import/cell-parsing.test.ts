import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDecimal, parseKind, parseStatus } from '../../../../plugins/registry/rules/cell-parsing';
import { UNIT_KIND_TERMS, UNIT_STATUS_TERMS } from '../../../../plugins/registry/vocabulary';

describe('cell parsing', () => {
  it('reads any price written with spaces or no-break spaces between thousands', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_000_000_000 }),
        fc.constantFrom(' ', '\u00a0', '\u202f'),
        (n, sep) => {
          const text = String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
          const parsed = parseDecimal(`${text} ₽`, 'money');
          assert.ok(parsed.ok, text);
          assert.equal(parsed.value.toNumber(), n);
        },
      ),
    );
  });

  it('reads a comma decimal as the same number as a dot decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 }), (whole, frac) => {
        const comma = parseDecimal(`${whole},${frac}`, 'area');
        const dot = parseDecimal(`${whole}.${frac}`, 'area');
        assert.ok(comma.ok && dot.ok);
        assert.ok(comma.value.eq(dot.value));
      }),
    );
  });

  it('never reads a number followed by a unit the column does not take', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.constantFrom('м', 'кг', 'шт', 'm', '%'),
        (n, unit) => {
          const parsed = parseDecimal(`${n} ${unit}`, 'area');
          assert.equal(parsed.ok, false);
          if (!parsed.ok) assert.equal(parsed.code, 'unit_suffix');
        },
      ),
    );
  });

  it('refuses misplaced separators instead of guessing', () => {
    for (const text of ['1,2,3', '12 50', '1.234,5', '--5', ''])
      assert.equal(parseDecimal(text).ok, false, text);
  });

  it('accepts Russian captions in any case and gender form', () => {
    assert.deepEqual(
      ['квартира', 'МАШИНОМЕСТО', 'Кладовая', 'office'].map((t) => parseKind(t)).map((r) => r.ok && r.value),
      ['FLAT', 'PARKING', 'STORAGE', 'OFFICE'],
    );
    assert.deepEqual(
      ['Свободна', 'продано', 'на аукционе', 'Не в продаже', 'BOOKED']
        .map((t) => parseStatus(t))
        .map((r) => r.ok && r.value),
      ['FREE', 'SOLD', 'IN_AUCTION', 'NOT_FOR_SALE', 'BOOKED'],
    );
  });

  it('reads every label of the vocabulary and the older captions files still carry', () => {
    for (const t of UNIT_STATUS_TERMS) {
      assert.deepEqual(parseStatus(t.ru), { ok: true, value: t.value }, t.ru);
      assert.deepEqual(parseStatus(t.en), { ok: true, value: t.value }, t.en);
    }
    for (const t of UNIT_KIND_TERMS) assert.deepEqual(parseKind(t.ru), { ok: true, value: t.value }, t.ru);
    assert.deepEqual(
      ['На торгах', 'На аукционе', 'Бронь', 'Забронирована']
        .map((t) => parseStatus(t))
        .map((r) => r.ok && r.value),
      ['IN_AUCTION', 'IN_AUCTION', 'BOOKED', 'BOOKED'],
    );
    const unknown = parseStatus('Дворец');
    assert.equal(unknown.ok, false);
    assert.match(unknown.ok ? '' : unknown.reason, /На торгах/, 'the message lists the current labels');
  });
});
