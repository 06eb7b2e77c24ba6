/**
 * What the auctions decided that has money attached, for a plugin that books it (payments' jobs):
 * the deposits whose fate is decided, the lots with a winner and the state of the winner's
 * contract, and which auction each lot belongs to. From the read model, as the project (jobs).
 */
import type { PluginContext } from '../../core/plugin/index';
import { readModelView as v } from '../../core/read-model/index';
import type { DepositStatus } from '../vocabulary';

export interface DecidedDeposit {
  auctionId: string;
  applicationId: string;
  depositStatus: Extract<DepositStatus, 'REFUND_DUE' | 'REFUNDED' | 'CREDITED' | 'RETAINED'>;
}

/** Applications with money received whose deposit has a fate (refund due or made, credited, retained). */
export async function decidedDeposits(ctx: PluginContext): Promise<DecidedDeposit[]> {
  const rows = await ctx.store.sql.query<{ auction_id: string; id: string; deposit_status: string }>(
    `select l.auction_id::text as auction_id, a.id::text as id, a.deposit_status
       from ${v('auctionApplication')} a join ${v('auctionLot')} l on l.id = a.lot_id
      where a.deposit_status in ('REFUND_DUE', 'REFUNDED', 'CREDITED', 'RETAINED')
        and coalesce(a.deposit_paid_amount_micros, 0) > 0 and l.auction_id is not null`,
  );
  return rows.rows.map((r) => ({
    auctionId: r.auction_id,
    applicationId: r.id,
    depositStatus: r.deposit_status as DecidedDeposit['depositStatus'],
  }));
}

export type WinnerContractState = 'SIGNED' | 'REFUSED' | 'AWAITING_SIGNATURE';

export interface LotWithWinner {
  auctionId: string;
  lotId: string;
  contract: WinnerContractState;
}

/** Lots with a winner and a contract deadline, and whether the winner signed, refused or is awaited. */
export async function lotsWithWinner(ctx: PluginContext): Promise<LotWithWinner[]> {
  const rows = await ctx.store.sql.query<{ auction_id: string; id: string; contract: WinnerContractState }>(
    `select l.auction_id::text as auction_id, l.id::text as id,
            case when l.contract_signed_at is not null then 'SIGNED'
                 when l.winner_refused_at is not null then 'REFUSED'
                 else 'AWAITING_SIGNATURE' end as contract
       from ${v('auctionLot')} l
      where l.winner_id is not null and l.contract_deadline is not null and l.auction_id is not null`,
  );
  return rows.rows.map((r) => ({ auctionId: r.auction_id, lotId: r.id, contract: r.contract }));
}

/** The auction (id and number) of each lot. */
export async function auctionsOfLots(
  ctx: PluginContext,
  lotIds: readonly string[],
): Promise<Map<string, { id: string; number: string }>> {
  const map = new Map<string, { id: string; number: string }>();
  if (lotIds.length === 0) return map;
  const rows = await ctx.store.sql.query<{ lot_id: string; id: string; number: string | null }>(
    `select l.id::text as lot_id, a.id::text as id, a.number
       from ${v('auctionLot')} l join ${v('auction')} a on a.id = l.auction_id
      where l.id = any($1::uuid[])`,
    [[...lotIds]],
  );
  for (const r of rows.rows) map.set(r.lot_id, { id: r.id, number: r.number ?? r.id.slice(0, 8) });
  return map;
}

const FIELD_NAME = /^[a-z][a-zA-Z0-9]*$/;
const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * How many applications each value of one of the application's relation fields has — e.g. the
 * agencies plugin's `agencyId` (it extends auctionApplication): `{ agencyId → count }`, nulls left out.
 */
export async function countApplicationsBy(ctx: PluginContext, field: string): Promise<Map<string, number>> {
  if (!FIELD_NAME.test(field)) throw new Error(`countApplicationsBy: not a field name: ${field}`);
  const c = column(field);
  const rows = await ctx.store.sql.query<{ key: string; n: number }>(
    `select ${c}::text as key, count(*)::int as n from ${v('auctionApplication')} where ${c} is not null group by ${c}`,
  );
  return new Map(rows.rows.map((r) => [r.key, Number(r.n)]));
}
