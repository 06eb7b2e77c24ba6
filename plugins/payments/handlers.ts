/**
 * Money follows the procedure in seconds: when a lot's winner, price or contract changes (the
 * console's «договор подписан» / «отказ победителя», the results protocol) or an application's
 * deposit gets a fate, the auction's money is settled — journal operations and the contract —
 * without waiting for the minute job. Idempotent: settling writes only differences, and never the
 * auctions' objects, so it cannot echo back here.
 */
import type { TwentyWebhookEvent } from '../../sdk/index';
import { auctionsOfLots } from '../auctions/index';
import { on, type PluginContext } from '../core/plugin/index';
import { systemMoneyIo } from './money-io';
import { settleAuction } from './settle';

const LOT_FIELDS = [
  'winnerId',
  'winner',
  'finalPrice',
  'contractDeadline',
  'contractSignedAt',
  'winnerRefusedAt',
];
const APPLICATION_FIELDS = ['depositStatus', 'refundDueBy', 'depositPaid'];

/**
 * Whether the change is one money follows. The demo's auctions come with their money — payments'
 * own seed writes it after the auctions' seed — so the seed's lots and applications are left alone.
 */
const touches = (event: TwentyWebhookEvent, ctx: PluginContext, fields: readonly string[]) =>
  ctx.writtenBy?.kind !== 'seed' &&
  (!event.updatedFields || event.updatedFields.some((f) => fields.includes(f)));

async function settle(ctx: PluginContext, auctionId: string): Promise<void> {
  await settleAuction(systemMoneyIo(ctx, 'twenty-realty (журнал)'), auctionId);
}

export const paymentsHandlers = [
  on(
    'auctionLot.updated',
    async (event, ctx) => {
      const auctionId = event.record.auctionId;
      if (typeof auctionId === 'string' && touches(event, ctx, LOT_FIELDS)) await settle(ctx, auctionId);
    },
    { name: 'settle-on-lot' },
  ),
  on(
    'auctionApplication.updated',
    async (event, ctx) => {
      const lotId = event.record.lotId;
      if (typeof lotId !== 'string' || !touches(event, ctx, APPLICATION_FIELDS)) return;
      const auction = (await auctionsOfLots(ctx, [lotId])).get(lotId);
      if (auction) await settle(ctx, auction.id);
    },
    { name: 'settle-on-application' },
  ),
];
