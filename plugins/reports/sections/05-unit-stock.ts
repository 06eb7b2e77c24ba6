/** 5. Unit stock by complex, kind and status: how many, what area, at what price — and a chart by status. */
import { UNIT_KIND_RU, UNIT_STATUS_RU, UNIT_STATUS_VALUES } from '../../registry/index';
import { defineSection } from '../report-types';
import { label, rows, SqlArgs } from './sql';

export const unitStock = defineSection({
  id: 5,
  key: 'unit-stock',
  title: { ru: 'Остатки помещений по статусам', en: 'Unit stock by status' },
  plugins: [],
  objects: ['unit', 'building', 'residentialComplex'],
  params: ['complex'],
  roles: ['sales', 'finance', 'marketing', 'callcenter'],
  columns: [
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'kind', label: 'Вид', type: 'text' },
    { key: 'status', label: 'Статус', type: 'text' },
    { key: 'units', label: 'Помещений', type: 'int', total: true },
    { key: 'area', label: 'Площадь', type: 'area', total: true },
    { key: 'price', label: 'Стоимость', type: 'money', total: true },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const found = await rows(
      reader,
      `select c.name as complex, u.kind, u.status, count(*)::int as units,
              round(coalesce(sum(u.total_area), 0), 1)::float8 as area,
              round(coalesce(sum(u.price_amount_micros), 0) / 1000000.0, 2)::float8 as price
         from {unit} u
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
        ${p.complexId ? `where b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
        group by c.name, u.kind, u.status
        order by c.name, u.kind, u.status`,
      a,
    );
    const byStatus = new Map<string, number>();
    for (const r of found)
      byStatus.set(String(r.status), (byStatus.get(String(r.status)) ?? 0) + Number(r.units));
    const statuses = UNIT_STATUS_VALUES.filter((s) => byStatus.has(s));
    return {
      rows: found.map((r) => ({
        ...r,
        kind: label(UNIT_KIND_RU, r.kind),
        status: label(UNIT_STATUS_RU, r.status),
      })),
      chart: {
        kind: 'bar',
        unit: 'int',
        categories: statuses.map((s) => UNIT_STATUS_RU[s]),
        series: [{ name: 'Помещений', values: statuses.map((s) => byStatus.get(s) ?? 0) }],
      },
    };
  },
});
