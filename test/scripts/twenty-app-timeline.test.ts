/**
 * The exported Twenty app's timeline entries: the Russian summaries its logic functions write on the
 * auction's, the payer's and the unit's timelines, built from the record a database event carries —
 * money as «1 250 000 ₽», dates as dd.mm.yyyy (Moscow), a missing field left out or said so.
 * (The app's manifest with the activity types and triggers: twenty-app.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDate,
  formatMoney,
  formatRubles,
  paymentSummary,
  refundSummary,
  stageResultSummary,
  unitChangeSummary,
} from '../../twenty-app/src/logic-functions/timeline-summaries';

describe('Twenty app: timeline summaries', () => {
  it('formats money with spaces and ₽, kopecks only when there are any, and Moscow dates', () => {
    assert.equal(formatMoney({ amountMicros: 1_250_000_000_000, currencyCode: 'RUB' }), '1 250 000 ₽');
    assert.equal(formatMoney({ amountMicros: '99500000', currencyCode: 'RUB' }), '99,50 ₽');
    assert.equal(formatMoney({ amountMicros: 5_000_000, currencyCode: null }), '5 ₽');
    assert.equal(formatMoney({ amountMicros: null, currencyCode: 'RUB' }), undefined);
    assert.equal(formatRubles('12500000.5'), '12 500 000,50 ₽');
    // 22:30 UTC is already the next day in Moscow.
    assert.equal(formatDate('2026-12-04T22:30:00.000Z'), '05.12.2026');
    assert.equal(formatDate('2026-12-10'), '10.12.2026');
    assert.equal(formatDate('not a date'), undefined);
    assert.equal(formatDate(null), undefined);
  });

  it('a stage protocol: the stage in Russian, its date, what it decided and who recorded it', () => {
    assert.equal(
      stageResultSummary({
        stage: 'ADMISSION',
        summary: 'допущены 3 заявки из 4',
        at: '2026-12-05T09:00:00Z',
        by: 'Иванова',
      }),
      'Протокол допуска от 05.12.2026: допущены 3 заявки из 4 (Иванова)',
    );
    assert.equal(stageResultSummary({ stage: null, summary: null, at: null }), 'Этап торгов');
  });

  it('a payment: its purpose, amount, date and bank reference; a missing amount said so', () => {
    assert.equal(
      paymentSummary({
        purpose: 'DEPOSIT',
        amount: { amountMicros: 250_000_000_000, currencyCode: 'RUB' },
        paidAt: '2026-12-05T07:15:00Z',
        bankReference: '4411',
      }),
      'Задаток 250 000 ₽ от 05.12.2026, платёжное поручение 4411',
    );
    const bare = paymentSummary({ purpose: 'PRICE' });
    assert.equal(bare, 'Оплата цены (сумма не указана)');
    assert.doesNotMatch(bare, /undefined|null|NaN/);
  });

  it('a deposit refund: returned on a date, or due by its deadline; other journal lines write nothing', () => {
    const amount = { amountMicros: 250_000_000_000, currencyCode: 'RUB' };
    assert.equal(
      refundSummary({
        kind: 'DEPOSIT_REFUNDED',
        amount,
        settledAt: '2026-12-06T10:00:00Z',
        by: 'бухгалтерия',
      }),
      'Возврат задатка 250 000 ₽: возвращён 06.12.2026 (бухгалтерия)',
    );
    assert.equal(
      refundSummary({ kind: 'DEPOSIT_REFUNDED', amount, dueBy: '2026-12-10', settledAt: null }),
      'Возврат задатка 250 000 ₽: к возврату до 10.12.2026',
    );
    assert.equal(refundSummary({ kind: 'DEPOSIT_RECEIVED', amount }), null);
  });

  it('a unit change: status labels or prices in rubles, how and by whom; other fields write nothing', () => {
    assert.deepEqual(
      unitChangeSummary({
        fieldName: 'status',
        oldValue: 'FREE',
        newValue: 'BOOKED',
        source: 'MANUAL',
        changedBy: 'admin@realty.local',
        changedAt: '2026-12-05T12:00:00Z',
        status: 'APPLIED',
      }),
      {
        kind: 'status',
        summary: 'Статус: Свободна → Забронирована (вручную, admin@realty.local, 05.12.2026)',
      },
    );
    assert.deepEqual(
      unitChangeSummary({
        fieldName: 'price',
        oldValue: '12000000',
        newValue: '12500000',
        status: 'PENDING',
      }),
      { kind: 'price', summary: 'Цена: 12 000 000 ₽ → 12 500 000 ₽ (ждёт одобрения)' },
    );
    assert.deepEqual(unitChangeSummary({ fieldName: 'price', oldValue: null, newValue: '9900000' }), {
      kind: 'price',
      summary: 'Цена: — → 9 900 000 ₽',
    });
    assert.equal(unitChangeSummary({ fieldName: 'floor', oldValue: '3', newValue: '4' }), null);
  });
});
