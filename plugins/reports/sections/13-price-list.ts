/** 13. The price list of free units: where, what, how big, the price and the price per m². */
import { UNIT_KIND_RU } from '../../registry/index';
import { defineSection } from '../report-types';
import { BUILDING_NAME, label, rows, SqlArgs } from './sql';

export const priceList = defineSection({
  id: 13,
  key: 'price-list',
  title: { ru: 'Прайс-лист свободных помещений', en: 'Price list of free units' },
  plugins: [],
  objects: ['unit', 'section', 'building', 'residentialComplex'],
  params: ['complex'],
  roles: ['sales', 'callcenter', 'marketing', 'finance'],
  columns: [
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'building', label: 'Корпус', type: 'text' },
    { key: 'section', label: 'Секция', type: 'int' },
    { key: 'floor', label: 'Этаж', type: 'int' },
    { key: 'unit', label: 'Помещение', type: 'text' },
    { key: 'kind', label: 'Вид', type: 'text' },
    { key: 'rooms', label: 'Комнат', type: 'int' },
    { key: 'area', label: 'Площадь', type: 'area', total: true },
    { key: 'price', label: 'Цена', type: 'money', total: true },
    { key: 'pricePerSqm', label: 'Цена за м²', type: 'money' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    return {
      rows: (
        await rows(
          reader,
          `select c.name as complex, ${BUILDING_NAME('b')} as building, s.number::int as section, u.floor::int as floor,
                  u.number as unit, u.kind, u.rooms::int as rooms, u.total_area::float8 as area,
                  round(coalesce(u.price_amount_micros, 0) / 1000000.0, 2)::float8 as price,
                  case when coalesce(u.total_area, 0) = 0 then null
                       else round(u.price_amount_micros / 1000000.0 / u.total_area, 2)::float8 end as "pricePerSqm"
             from {unit} u
             left join {section} s on s.id = u.section_id
             left join {building} b on b.id = u.building_id
             left join {residentialComplex} c on c.id = b.complex_id
            where u.status = 'FREE'
              ${p.complexId ? `and b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
            order by c.name, 2, s.number, u.floor, u.number`,
          a,
        )
      ).map((r) => ({ ...r, kind: label(UNIT_KIND_RU, r.kind) })),
    };
  },
});
