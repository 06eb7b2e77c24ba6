/**
 * Scheduled money work: every minute the auctions whose decided deposits or winners are not yet
 * booked get settled (journal operations, contracts); every morning the contracts past their
 * deadline and still unsigned get a task on their auction (the winner may have refused: staff
 * record it, and the deposit is retained).
 */
import { moscowDate, notifyStaff, systemIo } from '../auctions/index';
import { every, type PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { settleAuction } from './settle';

const v = readModelView;

/** Auctions with a decided deposit lacking its operation, or a winner lacking the right contract. */
export async function auctionsToSettle(ctx: PluginContext): Promise<string[]> {
  const rows = await ctx.store.sql.query<{ id: string }>(
    `select distinct l.auction_id::text as id
       from ${v('auctionApplication')} a
       join ${v('auctionLot')} l on l.id = a.lot_id
       left join ${v('financialOperation')} f on f.application_id = a.id and f.kind <> 'DEPOSIT_RECEIVED'
      where a.deposit_status in ('REFUND_DUE', 'REFUNDED', 'CREDITED', 'RETAINED')
        and coalesce(a.deposit_paid_amount_micros, 0) > 0
        and (f.id is null
             or f.kind <> case a.deposit_status when 'CREDITED' then 'DEPOSIT_CREDITED_TO_PRICE'
                                                when 'RETAINED' then 'DEPOSIT_RETAINED' else 'DEPOSIT_REFUNDED' end
             or (a.deposit_status = 'REFUNDED') <> (f.settled_at is not null))
     union
     select distinct l.auction_id::text
       from ${v('auctionLot')} l
       left join ${v('saleContract')} c on c.lot_id = l.id
      where l.winner_id is not null and l.contract_deadline is not null
        and (c.id is null or c.status <> case when l.contract_signed_at is not null then 'SIGNED'
                                              when l.winner_refused_at is not null then 'REFUSED'
                                              else 'AWAITING_SIGNATURE' end)`,
  );
  return rows.rows.map((r) => r.id).filter((id) => id && id !== 'null');
}

export async function settleAll(ctx: PluginContext): Promise<number> {
  const io = systemIo(ctx, 'twenty-realty (журнал)');
  let n = 0;
  for (const id of await auctionsToSettle(ctx)) {
    try {
      await settleAuction(io, id);
      n++;
    } catch (error) {
      ctx.log.warn({ auctionId: id, err: (error as Error).message }, 'could not settle the auction’s money');
    }
  }
  return n;
}

export const settleJob = every('* * * * *', 'payments:settle', async (_event, ctx) => {
  await settleAll(ctx);
});

/** Unsigned contracts past their deadline: a task on the auction, once per contract. */
export async function remindLateContracts(ctx: PluginContext): Promise<number> {
  const io = systemIo(ctx, 'twenty-realty (договоры)');
  const today = moscowDate(io.now);
  const rows = await ctx.store.sql.query<{
    number: string;
    planned: string;
    lot_id: string;
    auction_id: string;
    auction_number: string;
  }>(
    `select c.number, c.planned_date::text as planned, l.id::text as lot_id, a.id::text as auction_id, a.number as auction_number
       from ${v('saleContract')} c
       join ${v('auctionLot')} l on l.id = c.lot_id
       join ${v('auction')} a on a.id = l.auction_id
      where c.status = 'AWAITING_SIGNATURE' and c.planned_date < $1::date`,
    [today],
  );
  for (const r of rows.rows)
    await notifyStaff(
      io,
      { id: r.auction_id, number: r.auction_number },
      `Договор ${r.number} не подписан в срок (${r.planned.split('-').reverse().join('.')})`,
      'Срок подписания договора истёк. Если победитель отказался, отметьте отказ в консоли аукциона: задаток будет удержан, помещение освободится.',
      { key: `contract-late:${r.lot_id}`, dueAt: `${today}T09:00:00+03:00` },
    );
  return rows.rows.length;
}

export const lateContractsJob = every('0 8 * * *', 'payments:late-contracts', async (_event, ctx) => {
  await remindLateContracts(ctx);
});
