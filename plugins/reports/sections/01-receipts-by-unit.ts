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
    // Payments are summed per contract and lot first: the joins to the unit then see far fewer rows.
    const sum = (purpose: string | null) =>
      `coalesce(sum(pay.amount_amount_micros) ${purpose ? `filter (where pay.purpose = '${purpose}')` : "filter (where pay.purpose not in ('DEPOSIT', 'PRICE') or pay.purpose is null)"}, 0)`;
    const rub = (micros: string) => `round(sum(${micros}) / 1000000.0, 2)::float8`;
    return {
      rows: await rows(
        reader,
        `with paid as (
           select pay.contract_id, pay.lot_id, count(*)::int as n, min(pay.paid_at) as first_at, max(pay.paid_at) as last_at,
                  ${sum('DEPOSIT')} as deposits, ${sum('PRICE')} as price, ${sum(null)} as other,
                  coalesce(sum(pay.amount_amount_micros), 0) as amount
             from {payment} pay
            where ${mskBetween('pay.paid_at', a.add(p.from), a.add(p.to))}
            group by pay.contract_id, pay.lot_id)
         select c.name as complex, ${BUILDING_NAME('b')} as building, u.number as unit,
                sum(paid.n)::int as payments, min(${mskDay('paid.first_at')}) as "firstPaid", max(${mskDay('paid.last_at')}) as "lastPaid",
                ${rub('paid.deposits')} as deposits, ${rub('paid.price')} as price, ${rub('paid.other')} as other,
                ${rub('paid.amount')} as amount
           from paid
           left join {saleContract} sc on sc.id = paid.contract_id
           left join {auctionLot} l on l.id = paid.lot_id
           join {unit} u on u.id = coalesce(sc.unit_id, l.unit_id)
           left join {building} b on b.id = u.building_id
           left join {residentialComplex} c on c.id = b.complex_id
          ${p.complexId ? `where b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
          group by c.name, b.name, b.number, u.id, u.number
          order by c.name, 2, u.number`,
        a,
      ),
    };
  },
});
