/**
 * 10. Agency performance: per agency, its partner requests this month and bookings (the agencies
 * plugin's counters), its auction applications in the period, the lots they won and the contracts
 * signed for its clients. An agency (partner portal) sees its own line only: the reader's rules.
 */
import { defineSection } from '../report-types';
import { mskBetween, rows, SqlArgs } from './sql';

export const agencyPerformance = defineSection({
  id: 10,
  key: 'agency-performance',
  title: { ru: 'Эффективность агентств', en: 'Agency performance' },
  plugins: ['agencies'],
  objects: ['agency', 'auction', 'auctionLot', 'auctionApplication', 'saleContract'],
  requires: ['agency'],
  params: ['period', 'agency'],
  roles: ['sales', 'finance', 'partner'],
  columns: [
    { key: 'agency', label: 'Агентство', type: 'text' },
    { key: 'requests', label: 'Запросов за месяц', type: 'int', total: true },
    { key: 'bookings', label: 'Броней', type: 'int', total: true },
    { key: 'applications', label: 'Заявок на торги', type: 'int', total: true },
    { key: 'wins', label: 'Побед', type: 'int', total: true },
    { key: 'contracts', label: 'Договоров', type: 'int', total: true },
    { key: 'amount', label: 'Сумма продаж', type: 'money', total: true },
  ],
  async run(reader, p) {
    const a = new SqlArgs();
    const from = a.add(p.from);
    const to = a.add(p.to);
    return {
      rows: await rows(
        reader,
        `with apps as (
           select x.agency_id, count(*)::int as n from {auctionApplication} x
            where ${mskBetween('x.submitted_at', from, to)} group by x.agency_id),
         wins as (
           select w.agency_id, count(*)::int as n
             from {auctionLot} l join {auctionApplication} w on w.id = l.winner_id
             join {auction} au on au.id = l.auction_id
            where ${mskBetween('au.results_at', from, to)} group by w.agency_id),
         sold as (
           select s.agency_id, count(*)::int as n, sum(s.price_amount_micros) as micros from {saleContract} s
            where ${mskBetween('s.signed_at', from, to)} group by s.agency_id)
         select ag.name as agency, ag.requests_this_month::int as requests, ag.bookings_count::int as bookings,
                coalesce(apps.n, 0) as applications, coalesce(wins.n, 0) as wins, coalesce(sold.n, 0) as contracts,
                round(coalesce(sold.micros, 0) / 1000000.0, 2)::float8 as amount
           from {agency} ag
           left join apps on apps.agency_id = ag.id
           left join wins on wins.agency_id = ag.id
           left join sold on sold.agency_id = ag.id
          ${p.agencyId ? `where ag.id = ${a.add(p.agencyId)}::uuid` : ''}
          order by ag.name`,
        a,
      ),
    };
  },
});
