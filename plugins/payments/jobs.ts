/**
 * Scheduled money work: every minute the auctions whose decided deposits or winners are not yet
 * booked get settled (journal operations, contracts), and payments recorded without their journal
 * operation (a failure half-way through the wizard's write) are finished; every morning the
 * contracts past their deadline and still unsigned get a task on their auction (the winner may
 * have refused: staff record it, and the deposit is retained). What the auctions decided comes
 * from the auctions plugin's published reads; the SQL here names only the payments' own objects.
 */
import {
  auctionsOfLots,
  decidedDeposits,
  lotsWithWinner,
  moscowDate,
  procedureForSystem,
} from '../auctions/index';
import { every, type PluginContext } from '../core/plugin/index';
import { readModelView as v } from '../core/read-model/index';
import { systemMoneyIo } from './money-io';
import { completePayment, paymentFacts } from './record-payment';
import { settleAuction } from './settle';

const FATE_KIND: Record<string, string> = {
  REFUND_DUE: 'DEPOSIT_REFUNDED',
  REFUNDED: 'DEPOSIT_REFUNDED',
  CREDITED: 'DEPOSIT_CREDITED_TO_PRICE',
  RETAINED: 'DEPOSIT_RETAINED',
};

/** Auctions with a decided deposit lacking its operation, or a winner lacking the right contract. */
export async function auctionsToSettle(ctx: PluginContext): Promise<string[]> {
  const [deposits, winners, ops, contracts] = await Promise.all([
    decidedDeposits(ctx),
    lotsWithWinner(ctx),
    ctx.store.sql.query<{ application_id: string; kind: string; settled: boolean }>(
      `select application_id::text as application_id, kind, settled_at is not null as settled
         from ${v('financialOperation')} where application_id is not null and kind <> 'DEPOSIT_RECEIVED'`,
    ),
    ctx.store.sql.query<{ lot_id: string; status: string | null }>(
      `select lot_id::text as lot_id, status from ${v('saleContract')} where lot_id is not null`,
    ),
  ]);
  const fate = new Map(ops.rows.map((o) => [o.application_id, o]));
  const contractOf = new Map(contracts.rows.map((c) => [c.lot_id, c.status]));
  const out = new Set<string>();
  for (const d of deposits) {
    const op = fate.get(d.applicationId);
    if (!op || op.kind !== FATE_KIND[d.depositStatus] || (d.depositStatus === 'REFUNDED') !== op.settled)
      out.add(d.auctionId);
  }
  for (const w of winners) if (contractOf.get(w.lotId) !== w.contract) out.add(w.auctionId);
  return [...out];
}

export async function settleAll(ctx: PluginContext): Promise<number> {
  const io = systemMoneyIo(ctx, 'twenty-realty (журнал)');
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

/**
 * Payments of a deposit or the price with no journal operation: recorded, then interrupted before
 * the deposit was counted or the journal written. Finishes each (the same steps as the wizard's
 * retry); returns how many were finished.
 */
export async function reconcilePayments(ctx: PluginContext): Promise<number> {
  const rows = await ctx.store.sql.query<{ id: string }>(
    `select p.id::text as id from ${v('payment')} p
      where p.purpose in ('DEPOSIT', 'PRICE') and p.lot_id is not null
        and not exists (select 1 from ${v('financialOperation')} f where f.payment_id = p.id)`,
  );
  if (rows.rows.length === 0) return 0;
  const io = systemMoneyIo(ctx, 'twenty-realty (сверка платежей)');
  const payments = [];
  for (const r of rows.rows) payments.push(paymentFacts(await ctx.twenty.records('payment').get(r.id)));
  const auctions = await auctionsOfLots(
    ctx,
    payments.map((p) => p.lotId).filter((x): x is string => !!x),
  );
  let finished = 0;
  for (const p of payments) {
    const auction = p.lotId ? auctions.get(p.lotId) : undefined;
    if (!auction) continue;
    try {
      await completePayment(io, auction.id, p);
      finished++;
      ctx.log.info({ paymentId: p.id, auction: auction.number }, 'finished recording a payment');
    } catch (error) {
      ctx.log.warn(
        { paymentId: p.id, auction: auction.number, err: (error as Error).message },
        'could not finish recording a payment',
      );
    }
  }
  return finished;
}

export const settleJob = every('* * * * *', 'payments:settle', async (_event, ctx) => {
  await reconcilePayments(ctx);
  await settleAll(ctx);
});

/** Unsigned contracts past their deadline: a task on the auction, once per contract. */
export async function remindLateContracts(ctx: PluginContext): Promise<number> {
  const procedure = procedureForSystem(ctx, 'twenty-realty (договоры)');
  const today = moscowDate(procedure.now);
  const rows = await ctx.store.sql.query<{ number: string; planned: string; lot_id: string }>(
    `select c.number, c.planned_date::text as planned, c.lot_id::text as lot_id
       from ${v('saleContract')} c
      where c.status = 'AWAITING_SIGNATURE' and c.planned_date < $1::date and c.lot_id is not null`,
    [today],
  );
  const auctions = await auctionsOfLots(
    ctx,
    rows.rows.map((r) => r.lot_id),
  );
  let n = 0;
  for (const r of rows.rows) {
    const auction = auctions.get(r.lot_id);
    if (!auction) continue;
    await procedure.notify(
      auction,
      `Договор ${r.number} не подписан в срок (${r.planned.split('-').reverse().join('.')})`,
      'Срок подписания договора истёк. Если победитель отказался, отметьте отказ в консоли аукциона: задаток будет удержан, помещение освободится.',
      { key: `contract-late:${r.lot_id}`, dueAt: `${today}T09:00:00+03:00` },
    );
    n++;
  }
  return n;
}

export const lateContractsJob = every('0 8 * * *', 'payments:late-contracts', async (_event, ctx) => {
  await remindLateContracts(ctx);
});
