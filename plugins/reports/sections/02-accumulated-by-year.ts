/**
 * 2. Accumulated payments by complex and building over the years: what came in each year and the
 * running total from the first payment ever (so the years shown start with what came before).
 */
import { defineSection } from '../report-types';
import { BUILDING_NAME, mskDay, mskUntil, rows, SqlArgs } from './sql';

export const accumulatedByYear = defineSection({
  id: 2,
  key: 'accumulated-by-year',
  title: { ru: 'Накопление платежей по ЖК и корпусам по годам', en: 'Accumulated payments by year' },
  plugins: [],
  objects: ['payment', 'saleContract', 'auctionLot', 'unit', 'building', 'residentialComplex'],
  params: ['period', 'complex'],
  roles: ['finance', 'sales'],
  columns: [
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'building', label: 'Корпус', type: 'text' },
    { key: 'year', label: 'Год', type: 'text' },
    { key: 'payments', label: 'Платежей', type: 'int', total: true },
    { key: 'amount', label: 'Поступило за год', type: 'money', total: true },
    { key: 'accumulated', label: 'Нарастающим итогом', type: 'money' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const to = a.add(p.to);
    const found = await rows(
      reader,
      // Each payment's time is parsed once (materialized), then summed per contract, lot and year:
      // the joins to the unit see far fewer rows.
      `with raw as materialized (
         select pay.contract_id, pay.lot_id, pay.paid_at, pay.amount_amount_micros from {payment} pay),
       paid as (
         select raw.contract_id, raw.lot_id, substr(${mskDay('raw.paid_at')}, 1, 4)::int as year, count(*)::int as n,
                sum(raw.amount_amount_micros) as micros
           from raw
          where ${mskUntil('raw.paid_at', to)}
          group by 1, 2, 3),
       per_year as (
         select b.complex_id, c.name as complex, u.building_id, ${BUILDING_NAME('b')} as building,
                paid.year, sum(paid.n)::int as payments, sum(paid.micros) as micros
           from paid
           left join {saleContract} sc on sc.id = paid.contract_id
           left join {auctionLot} l on l.id = paid.lot_id
           join {unit} u on u.id = coalesce(sc.unit_id, l.unit_id)
           left join {building} b on b.id = u.building_id
           left join {residentialComplex} c on c.id = b.complex_id
          ${p.complexId ? `where b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
          group by 1, 2, 3, 4, 5)
       select complex, building, year::text as year, payments,
              round(coalesce(micros, 0) / 1000000.0, 2)::float8 as amount,
              round(sum(coalesce(micros, 0)) over (partition by building_id order by year) / 1000000.0, 2)::float8 as accumulated,
              year as y
         from per_year
        order by complex, building, year`,
      a,
    );
    const shown = found.filter((r) => Number(r.y) >= Number(p.from.slice(0, 4)));
    // The chart: every building together, per year.
    const years = [...new Set(shown.map((r) => String(r.year)))].sort();
    const perYear = new Map<string, number>();
    for (const r of found) perYear.set(String(r.year), (perYear.get(String(r.year)) ?? 0) + Number(r.amount));
    let running = 0;
    const runningByYear = new Map<string, number>();
    for (const y of [...perYear.keys()].sort()) {
      running += perYear.get(y) ?? 0;
      runningByYear.set(y, Math.round(running * 100) / 100);
    }
    return {
      rows: shown.map(({ y: _y, ...r }) => r),
      chart: {
        kind: 'bar',
        unit: 'money',
        categories: years,
        series: [
          {
            name: 'Поступило за год',
            values: years.map((y) => Math.round((perYear.get(y) ?? 0) * 100) / 100),
          },
          { name: 'Нарастающим итогом', values: years.map((y) => runningByYear.get(y) ?? 0) },
        ],
      },
    };
  },
});
