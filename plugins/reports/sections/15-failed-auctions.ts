/** 15. Failed, terminated and cancelled auctions in the period, with the reason and what was on offer. */
import { AUCTION_STATUS_RU } from '../../auctions/index';
import { defineSection } from '../report-types';
import { label, mskBetween, mskDay, rows, SqlArgs } from './sql';

export const failedAuctions = defineSection({
  id: 15,
  key: 'failed-auctions',
  title: { ru: 'Несостоявшиеся и прекращённые торги', en: 'Failed and terminated auctions' },
  plugins: [],
  objects: ['auction', 'auctionLot', 'auctionApplication', 'unit'],
  params: ['period'],
  roles: ['sales', 'legal', 'finance'],
  columns: [
    { key: 'auction', label: 'Торги №', type: 'text' },
    { key: 'status', label: 'Статус', type: 'text' },
    { key: 'day', label: 'Дата', type: 'date' },
    { key: 'lots', label: 'Лотов', type: 'int', total: true },
    { key: 'applications', label: 'Заявок', type: 'int', total: true },
    { key: 'units', label: 'Помещения', type: 'text' },
    { key: 'reason', label: 'Причина', type: 'text' },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const day = mskDay('coalesce(au.results_at, au.bidding_end, au.announced_at, au.created_at)');
    const from = a.add(p.from);
    const to = a.add(p.to);
    const found = await rows(
      reader,
      `select au.number as auction, au.status, ${day} as day,
              (select count(*)::int from {auctionLot} l where l.auction_id = au.id) as lots,
              (select count(*)::int from {auctionApplication} x join {auctionLot} l on l.id = x.lot_id where l.auction_id = au.id) as applications,
              (select string_agg(u.number, ', ' order by u.number) from {auctionLot} l join {unit} u on u.id = l.unit_id where l.auction_id = au.id) as units,
              coalesce(nullif(au.failure_reason, ''), nullif(au.termination_reason, ''), 'не указана') as reason
         from {auction} au
        where au.status in ('FAILED', 'TERMINATED', 'CANCELLED')
          and (${mskBetween('au.results_at', from, to)}
               or (au.results_at is null and ${day} between ${from}::text and ${to}::text))
        order by ${day}, au.number`,
      a,
    );
    return { rows: found.map((r) => ({ ...r, status: label(AUCTION_STATUS_RU, r.status) })) };
  },
});
