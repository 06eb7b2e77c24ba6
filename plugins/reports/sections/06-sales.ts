/** 6. Sales: the contracts signed in the period, with a chart of the sums by month. */
import { CONTRACT_STATUS_RU } from '../../payments/index';
import { UNIT_KIND_RU } from '../../registry/index';
import { defineSection } from '../report-types';
import { BUILDING_NAME, label, monthRu, mskBetween, mskDay, rows, SqlArgs } from './sql';

export const sales = defineSection({
  id: 6,
  key: 'sales',
  title: { ru: 'Продажи (договоры) за период', en: 'Sales by period' },
  plugins: [],
  objects: ['saleContract', 'unit', 'building', 'residentialComplex'],
  params: ['period', 'complex'],
  roles: ['sales', 'finance'],
  columns: [
    { key: 'number', label: 'Договор', type: 'text' },
    { key: 'signedAt', label: 'Подписан', type: 'date' },
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'building', label: 'Корпус', type: 'text' },
    { key: 'unit', label: 'Помещение', type: 'text' },
    { key: 'kind', label: 'Вид', type: 'text' },
    { key: 'area', label: 'Площадь', type: 'area', total: true },
    { key: 'price', label: 'Цена', type: 'money', total: true },
    { key: 'status', label: 'Статус', type: 'text' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('sc.signed_at');
    const found = await rows(
      reader,
      `select sc.number, ${day} as "signedAt", c.name as complex, ${BUILDING_NAME('b')} as building,
              u.number as unit, u.kind, u.total_area::float8 as area,
              round(coalesce(sc.price_amount_micros, 0) / 1000000.0, 2)::float8 as price, sc.status
         from {saleContract} sc
         left join {unit} u on u.id = sc.unit_id
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
        where ${mskBetween('sc.signed_at', a.add(p.from), a.add(p.to))}
          ${p.complexId ? `and b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
        order by ${day}, sc.number`,
      a,
    );
    const byMonth = new Map<string, number>();
    for (const r of found) {
      const m = String(r.signedAt).slice(0, 7);
      byMonth.set(m, (byMonth.get(m) ?? 0) + Math.round(Number(r.price) * 100));
    }
    const months = [...byMonth.keys()].sort();
    return {
      rows: found.map((r) => ({
        ...r,
        kind: label(UNIT_KIND_RU, r.kind),
        status: label(CONTRACT_STATUS_RU, r.status),
      })),
      chart: {
        kind: 'bar',
        unit: 'money',
        categories: months.map(monthRu),
        series: [{ name: 'Продажи', values: months.map((m) => (byMonth.get(m) ?? 0) / 100) }],
      },
    };
  },
});
