/**
 * 4. The daily summary of one day (Moscow): money received, applications, bids, auctions decided,
 * contracts signed, and what is outstanding that evening — overdue contracts, refunds due, free stock.
 */
import { defineSection, type ReportRow } from '../report-types';
import { mskOn, rows } from './sql';

export const dailySummary = defineSection({
  id: 4,
  key: 'daily-summary',
  title: { ru: 'Ежедневная сводка', en: 'Daily summary' },
  plugins: [],
  objects: [
    'payment',
    'auction',
    'auctionApplication',
    'auctionBid',
    'saleContract',
    'financialOperation',
    'unit',
  ],
  params: ['date'],
  roles: ['sales', 'finance', 'legal', 'callcenter', 'marketing'],
  columns: [
    { key: 'indicator', label: 'Показатель', type: 'text' },
    { key: 'count', label: 'Количество', type: 'int' },
    { key: 'amount', label: 'Сумма', type: 'money' },
  ],
  async run(reader, p) {
    const d = '$1';
    const money = (expr: string) => `round(coalesce(sum(${expr}), 0) / 1000000.0, 2)::float8`;
    const [r] = await rows(
      reader,
      `select
         (select count(*)::int from {payment} x where ${mskOn('x.paid_at', d)}) as paid_n,
         (select ${money('x.amount_amount_micros')} from {payment} x where ${mskOn('x.paid_at', d)}) as paid_s,
         (select count(*)::int from {payment} x where ${mskOn('x.paid_at', d)} and x.purpose = 'DEPOSIT') as dep_n,
         (select ${money('x.amount_amount_micros')} from {payment} x where ${mskOn('x.paid_at', d)} and x.purpose = 'DEPOSIT') as dep_s,
         (select count(*)::int from {auctionApplication} x where ${mskOn('x.submitted_at', d)}) as app_n,
         (select count(*)::int from {auctionBid} x where ${mskOn('x.placed_at', d)}) as bid_n,
         (select count(*)::int from {auction} x where ${mskOn('x.results_at', d)} and x.status = 'COMPLETED') as done_n,
         (select count(*)::int from {auction} x where ${mskOn('x.results_at', d)} and x.status in ('FAILED', 'TERMINATED', 'CANCELLED')) as failed_n,
         (select count(*)::int from {saleContract} x where ${mskOn('x.signed_at', d)}) as signed_n,
         (select ${money('x.price_amount_micros')} from {saleContract} x where ${mskOn('x.signed_at', d)}) as signed_s,
         (select count(*)::int from {saleContract} x where x.status = 'AWAITING_SIGNATURE' and x.planned_date < ${d}::date) as late_n,
         (select ${money('x.amount_due_amount_micros')} from {saleContract} x where x.status = 'AWAITING_SIGNATURE' and x.planned_date < ${d}::date) as late_s,
         (select count(*)::int from {financialOperation} x where x.kind = 'DEPOSIT_REFUNDED' and x.settled_at is null) as refund_n,
         (select ${money('x.amount_amount_micros')} from {financialOperation} x where x.kind = 'DEPOSIT_REFUNDED' and x.settled_at is null) as refund_s,
         (select count(*)::int from {financialOperation} x where x.kind = 'DEPOSIT_REFUNDED' and x.settled_at is null and x.due_by < ${d}::date) as refund_late_n,
         (select ${money('x.amount_amount_micros')} from {financialOperation} x where x.kind = 'DEPOSIT_REFUNDED' and x.settled_at is null and x.due_by < ${d}::date) as refund_late_s,
         (select count(*)::int from {unit} x where x.status = 'FREE') as free_n,
         (select ${money('x.price_amount_micros')} from {unit} x where x.status = 'FREE') as free_s`,
      [p.date],
    );
    const v = (k: string) => (r ? r[k] : 0) ?? 0;
    const line = (indicator: string, count: string, amount?: string): ReportRow => ({
      indicator,
      count: v(count),
      amount: amount ? v(amount) : null,
    });
    return {
      rows: [
        line('Поступления за день', 'paid_n', 'paid_s'),
        line('в том числе задатки', 'dep_n', 'dep_s'),
        line('Заявок на торги подано', 'app_n'),
        line('Ставок сделано', 'bid_n'),
        line('Торгов завершено с победителем', 'done_n'),
        line('Торгов не состоялось или прекращено', 'failed_n'),
        line('Договоров подписано', 'signed_n', 'signed_s'),
        line('Договоров с истёкшим сроком подписания (к оплате)', 'late_n', 'late_s'),
        line('Задатков к возврату', 'refund_n', 'refund_s'),
        line('в том числе просроченных', 'refund_late_n', 'refund_late_s'),
        line('Свободных помещений (сейчас), по цене', 'free_n', 'free_s'),
      ],
    };
  },
});
