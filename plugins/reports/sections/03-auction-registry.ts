/** 3. The auction registry: every lot of the auctions held in the period — status, participants, bids, winner, dates. */
import { AUCTION_STATUS_RU } from '../../auctions/index';
import { defineSection } from '../report-types';
import { BUILDING_NAME, label, mskBetween, mskDay, PERSON_NAME, rows, SqlArgs } from './sql';

export const auctionRegistry = defineSection({
  id: 3,
  key: 'auction-registry',
  title: { ru: 'Реестр торгов', en: 'Auction registry' },
  plugins: [],
  objects: [
    'auction',
    'auctionLot',
    'auctionApplication',
    'auctionBid',
    'unit',
    'building',
    'residentialComplex',
    'person',
  ],
  params: ['period', 'complex'],
  roles: ['sales', 'finance', 'legal'],
  columns: [
    { key: 'auction', label: 'Торги №', type: 'text' },
    { key: 'status', label: 'Статус', type: 'text' },
    { key: 'lot', label: 'Лот', type: 'int' },
    { key: 'complex', label: 'ЖК', type: 'text' },
    { key: 'building', label: 'Корпус', type: 'text' },
    { key: 'unit', label: 'Помещение', type: 'text' },
    { key: 'startPrice', label: 'Начальная цена', type: 'money', total: true },
    { key: 'applications', label: 'Заявок', type: 'int', total: true },
    { key: 'admitted', label: 'Допущено', type: 'int', total: true },
    { key: 'bids', label: 'Ставок', type: 'int', total: true },
    { key: 'finalPrice', label: 'Итоговая цена', type: 'money', total: true },
    { key: 'winner', label: 'Победитель', type: 'text' },
    { key: 'applicationEnd', label: 'Приём заявок до', type: 'date' },
    { key: 'biddingStart', label: 'Торги', type: 'date' },
    { key: 'resultsAt', label: 'Итоги', type: 'date' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    // Held: bidding day, or the announcement's for an auction not yet scheduled for bidding.
    const held = mskDay('coalesce(au.bidding_start, au.announced_at)');
    const from = a.add(p.from);
    const to = a.add(p.to);
    const withPerson = reader.has('person');
    const found = await rows(
      reader,
      `with apps as (
         select lot_id, count(*)::int as n, (count(*) filter (where admission = 'ADMITTED'))::int as admitted
           from {auctionApplication} group by lot_id),
       bids as (select lot_id, count(*)::int as n from {auctionBid} group by lot_id)
       select au.number as auction, au.status as status, l.number::int as lot, c.name as complex,
              ${BUILDING_NAME('b')} as building, u.number as unit,
              ${'round(coalesce(l.start_price_amount_micros, 0) / 1000000.0, 2)::float8'} as "startPrice",
              coalesce(apps.n, 0) as applications, coalesce(apps.admitted, 0) as admitted, coalesce(bids.n, 0) as bids,
              case when l.final_price_amount_micros is null then null
                   else round(l.final_price_amount_micros / 1000000.0, 2)::float8 end as "finalPrice",
              ${withPerson ? PERSON_NAME('pe') : 'null::text'} as winner,
              ${mskDay('au.application_end')} as "applicationEnd", ${mskDay('au.bidding_start')} as "biddingStart",
              ${mskDay('au.results_at')} as "resultsAt"
         from {auctionLot} l
         join {auction} au on au.id = l.auction_id
         left join {unit} u on u.id = l.unit_id
         left join {building} b on b.id = u.building_id
         left join {residentialComplex} c on c.id = b.complex_id
         left join apps on apps.lot_id = l.id
         left join bids on bids.lot_id = l.id
         left join {auctionApplication} w on w.id = l.winner_id
         ${withPerson ? 'left join {person} pe on pe.id = w.applicant_id' : ''}
        where (${mskBetween('au.bidding_start', from, to)}
               or (au.bidding_start is null and ${mskBetween('au.announced_at', from, to)}))
          ${p.complexId ? `and b.complex_id = ${a.add(p.complexId)}::uuid` : ''}
        order by ${held}, au.number, l.number`,
      a,
    );
    return { rows: found.map((r) => ({ ...r, status: label(AUCTION_STATUS_RU, r.status) })) };
  },
});
