/** 14. Auction uplift: final against start price of every lot sold in the period, in roubles and per cent. */
import { defineSection } from '../report-types';
import { BUILDING_NAME, mskBetween, mskDay, rows, SqlArgs } from './sql';

export const auctionUplift = defineSection({
  id: 14,
  key: 'auction-uplift',
  title: { ru: 'Рост цены на торгах', en: 'Auction uplift' },
  plugins: [],
  objects: ['auction', 'auctionLot', 'unit', 'building', 'residentialComplex'],
  params: ['period', 'complex'],
  roles: ['sales', 'finance'],
  columns: [
    { key: 'auction', label: 'Торги №', type: 'text' },
    { key: 'resultsAt', label: 'Итоги', type: 'date' },
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'unit', label: 'Помещение', type: 'text' },
    { key: 'startPrice', label: 'Начальная цена', type: 'money', total: true },
    { key: 'finalPrice', label: 'Итоговая цена', type: 'money', total: true },
    { key: 'uplift', label: 'Рост, ₽', type: 'money', total: true },
    { key: 'upliftPercent', label: 'Рост, %', type: 'percent' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('au.results_at');
    const found = await rows(
      reader,
      `select au.number as auction, ${day} as "resultsAt", c.name as complex,
              ${BUILDING_NAME('b')} || ', ' || coalesce(u.number, '—') as unit,
              round(l.start_price_amount_micros / 1000000.0, 2)::float8 as "startPrice",
              round(l.final_price_amount_micros / 1000000.0, 2)::float8 as "finalPrice",
              round((l.final_price_amount_micros - l.start_price_amount_micros) / 1000000.0, 2)::float8 as uplift,
              round(100.0 * (l.final_price_amount_micros - l.start_price_amount_micros) / l.start_price_amount_micros, 2)::float8 as "upliftPercent"
         from {auctionLot} l
         join {auction} au on au.id = l.auction_id
         left join {unit} u on u.id = l.unit_id
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
        where l.status = 'SOLD' and l.final_price_amount_micros is not null and l.start_price_amount_micros > 0
          and ${mskBetween('au.results_at', a.add(p.from), a.add(p.to))}
          ${p.complexId ? `and b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
        order by ${day}, au.number`,
      a,
    );
    const start = found.reduce((s, r) => s + Math.round(Number(r.startPrice) * 100), 0);
    const final = found.reduce((s, r) => s + Math.round(Number(r.finalPrice) * 100), 0);
    return {
      rows: found,
      totals: { upliftPercent: start > 0 ? Math.round(((final - start) / start) * 10_000) / 100 : null },
    };
  },
});
