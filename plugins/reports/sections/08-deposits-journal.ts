/**
 * 8. The deposits journal and refunds due: every operation on deposits in the period, and every
 * refund not yet paid whenever it was decided (with how many days it is late on the report date).
 */
import { OPERATION_KIND_RU } from '../../payments/index';
import { defineSection } from '../report-types';
import { isoDay, label, mskBetween, mskDay, rows, SqlArgs } from './sql';

export const depositsJournal = defineSection({
  id: 8,
  key: 'deposits-journal',
  title: { ru: 'Журнал задатков и возвраты к оплате', en: 'Deposits journal and refunds due' },
  plugins: [],
  objects: ['financialOperation', 'auction', 'auctionLot'],
  params: ['period', 'date'],
  roles: ['finance', 'legal'],
  columns: [
    { key: 'at', label: 'Дата', type: 'date' },
    { key: 'auction', label: 'Торги №', type: 'text' },
    { key: 'lot', label: 'Лот', type: 'int' },
    { key: 'kind', label: 'Операция', type: 'text' },
    { key: 'amount', label: 'Сумма', type: 'money', total: true },
    { key: 'dueBy', label: 'Вернуть до', type: 'date' },
    { key: 'settledAt', label: 'Возвращено', type: 'date' },
    { key: 'state', label: 'Состояние', type: 'text' },
    { key: 'lateDays', label: 'Просрочка, дней', type: 'int' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('f.at');
    const asOf = a.add(p.date);
    const found = await rows(
      reader,
      // The operations picked first, each column parsed once (materialized), then labelled and joined.
      `with f as materialized (
         select x.auction_id, x.lot_id, x.kind, x.amount_amount_micros, x.at, x.due_by, x.settled_at
           from {financialOperation} x
          where ${mskBetween('x.at', a.add(p.from), a.add(p.to))}
             or (x.kind = 'DEPOSIT_REFUNDED' and x.settled_at is null))
       select ${day} as at, au.number as auction, l.number::int as lot, f.kind,
              round(coalesce(f.amount_amount_micros, 0) / 1000000.0, 2)::float8 as amount,
              ${isoDay('f.due_by')} as "dueBy", ${mskDay('f.settled_at')} as "settledAt",
              case when f.kind <> 'DEPOSIT_REFUNDED' then null
                   when f.settled_at is not null then 'возвращён'
                   when f.due_by < ${asOf}::date then 'просрочен'
                   else 'к возврату' end as state,
              case when f.kind = 'DEPOSIT_REFUNDED' and f.settled_at is null and f.due_by < ${asOf}::date
                   then (${asOf}::date - f.due_by)::int end as "lateDays"
         from f
         left join {auction} au on au.id = f.auction_id
         left join {auctionLot} l on l.id = f.lot_id
        order by ${day}, au.number, l.number`,
      a,
    );
    return { rows: found.map((r) => ({ ...r, kind: label(OPERATION_KIND_RU, r.kind) })) };
  },
});
