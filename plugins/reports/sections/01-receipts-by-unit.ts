/** 1. Receipts by unit: every payment received in the period, per unit — deposits, the price, dates, totals. */
import { defineSection } from '../report-types';
import { BUILDING_NAME, mskBetween, mskDay, rows, SqlArgs } from './sql';

export const receiptsByUnit = defineSection({
  id: 1,
  key: 'receipts-by-unit',
  title: { ru: 'Поступления по помещениям', en: 'Receipts by unit' },
  plugins: [],
  objects: ['payment', 'saleContract', 'auctionLot', 'unit', 'building', 'residentialComplex'],
  params: ['period', 'complex'],
  roles: ['finance', 'sales'],
  columns: [
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'building', label: 'Корпус', type: 'text' },
    { key: 'unit', label: 'Помещение', type: 'text' },
    { key: 'payments', label: 'Платежей', type: 'int', total: true },
    { key: 'firstPaid', label: 'Первый платёж', type: 'date' },
    { key: 'lastPaid', label: 'Последний платёж', type: 'date' },
    { key: 'deposits', label: 'Задатки', type: 'money', total: true },
    { key: 'price', label: 'Оплата цены', type: 'money', total: true },
    { key: 'other', label: 'Прочее', type: 'money', total: true },
    { key: 'amount', label: 'Всего поступило', type: 'money', total: true },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('pay.paid_at');
    const sum = (purpose: string | null) =>
      `round(coalesce(sum(pay.amount_amount_micros) ${purpose ? `filter (where pay.purpose = '${purpose}')` : "filter (where pay.purpose not in ('DEPOSIT', 'PRICE') or pay.purpose is null)"}, 0) / 1000000.0, 2)::float8`;
    return {
      rows: await rows(
        reader,
        `select c.name as complex, ${BUILDING_NAME('b')} as building, u.number as unit,
                count(*)::int as payments, min(${day}) as "firstPaid", max(${day}) as "lastPaid",
                ${sum('DEPOSIT')} as deposits, ${sum('PRICE')} as price, ${sum(null)} as other,
                round(coalesce(sum(pay.amount_amount_micros), 0) / 1000000.0, 2)::float8 as amount
           from {payment} pay
           left join {saleContract} sc on sc.id = pay.contract_id
           left join {auctionLot} l on l.id = pay.lot_id
           join {unit} u on u.id = coalesce(sc.unit_id, l.unit_id)
           left join {building} b on b.id = u.building_id
           left join {residentialComplex} c on c.id = b.complex_id
          where pay.paid_at is not null
            and ${mskBetween('pay.paid_at', a.add(p.from), a.add(p.to))}
            ${p.complexId ? `and b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
          group by c.name, b.name, b.number, u.id, u.number
          order by c.name, 2, u.number`,
        a,
      ),
    };
  },
});
