/**
 * 9. Contracts and their deadlines: each contract due to be signed in the period, and every one
 * still unsigned past its date — planned against signed, days overdue as of the report date.
 */
import { CONTRACT_STATUS_RU } from '../../payments/index';
import { defineSection } from '../report-types';
import { BUILDING_NAME, isoDay, label, mskDate, mskDay, rows, SqlArgs } from './sql';

export const contractDeadlines = defineSection({
  id: 9,
  key: 'contract-deadlines',
  title: { ru: 'Договоры и сроки подписания', en: 'Contracts and deadlines' },
  plugins: [],
  objects: ['saleContract', 'unit', 'building', 'residentialComplex'],
  params: ['period', 'date', 'complex'],
  roles: ['sales', 'finance', 'legal'],
  columns: [
    { key: 'number', label: 'Договор', type: 'text' },
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'unit', label: 'Помещение', type: 'text' },
    { key: 'plannedDate', label: 'Подписать до', type: 'date' },
    { key: 'signedAt', label: 'Подписан', type: 'date' },
    { key: 'status', label: 'Статус', type: 'text' },
    { key: 'price', label: 'Цена', type: 'money', total: true },
    { key: 'overdueDays', label: 'Просрочка, дней', type: 'int' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const asOf = a.add(p.date);
    const found = await rows(
      reader,
      `select sc.number, c.name as complex, ${BUILDING_NAME('b')} || ', ' || coalesce(u.number, '—') as unit,
              ${isoDay('sc.planned_date')} as "plannedDate", ${mskDay('sc.signed_at')} as "signedAt", sc.status,
              round(coalesce(sc.price_amount_micros, 0) / 1000000.0, 2)::float8 as price,
              case when sc.planned_date is null then null
                   when sc.signed_at is not null then nullif(greatest(${mskDate('sc.signed_at')} - sc.planned_date, 0), 0)
                   when sc.status = 'AWAITING_SIGNATURE' then nullif(greatest(${asOf}::date - sc.planned_date, 0), 0)
              end as "overdueDays"
         from {saleContract} sc
         left join {unit} u on u.id = sc.unit_id
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
        where ((sc.planned_date between ${a.add(p.from)}::date and ${a.add(p.to)}::date)
               or (sc.status = 'AWAITING_SIGNATURE' and sc.planned_date < ${asOf}::date))
          ${p.complexId ? `and b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
        order by sc.planned_date, sc.number`,
      a,
    );
    return { rows: found.map((r) => ({ ...r, status: label(CONTRACT_STATUS_RU, r.status) })) };
  },
});
