/**
 * The payments' demo data (`realty seed-demo`, the first `npm start`): the money of the auctions
 * plugin's demo auctions — each deposit paid (a payment with its bank reference and the journal's
 * DEPOSIT_RECEIVED), what became of it (refunded, credited, retained) and the winners' contracts
 * net of the credited deposit. Runs after the auctions' seed and rebuilds the same demo from the
 * first demo auction's dates; a second run finds its contracts (written last) in place and changes
 * nothing.
 */
import {
  type AuctionState,
  auctionRulesOf,
  buildDemoAuctions,
  demoAuctionUnits,
  demoClockFrom,
  storedFirstDemoAuction,
} from '../auctions/index';
import { type SeedDeclaration, seedFinished } from '../core/plugin/index';
import { rubValue } from './money-io';
import { plannedContracts, plannedFateOperations, receivedOperationId } from './settle';

export const paymentsSeed: SeedDeclaration = {
  description: 'the demo auctions’ money: deposits paid, the journal, refunds and contracts',
  async run(ctx, options): Promise<Record<string, number>> {
    const first = await storedFirstDemoAuction(ctx);
    if (!first) return {};
    const now = demoClockFrom(first.biddingStart);
    const demos = buildDemoAuctions(now, demoAuctionUnits(), auctionRulesOf(ctx));
    const states: AuctionState[] = demos.map((d) => d.state);
    const contracts = states.flatMap(plannedContracts);
    // The contracts are written last: when the last one is there, the whole demo is.
    if (await seedFinished(ctx.twenty, 'saleContract', contracts.at(-1)?.id)) return {};
    const step = (_name: string, done: number) => options?.onProgress?.(done, 3);
    const payments = demos.flatMap((d) => d.payments);
    await ctx.twenty.records('payment').createMany(
      payments.map((p) => ({
        id: p.id,
        payerId: p.payerId,
        lotId: p.lotId,
        applicationId: p.applicationId,
        amount: rubValue(p.amountMicros),
        purpose: 'DEPOSIT',
        paidAt: p.paidAt,
        bankReference: p.bankReference,
      })),
      { upsert: true },
    );
    const received = demos.flatMap((d) =>
      d.payments.map((p) => ({
        id: receivedOperationId(p.id),
        auctionId: d.state.id,
        lotId: p.lotId,
        applicationId: p.applicationId,
        paymentId: p.id,
        kind: 'DEPOSIT_RECEIVED',
        amount: rubValue(p.amountMicros),
        at: p.paidAt,
        by: 'демо-данные',
      })),
    );
    const fates = states.flatMap((s) =>
      plannedFateOperations(s, s.resultsAt ?? now.toISOString()).map((o) => ({
        ...o,
        at: s.resultsAt ?? now.toISOString(),
        by: 'демо-данные',
      })),
    );
    await ctx.twenty.records('financialOperation').createMany([...received, ...fates], { upsert: true });
    await ctx.twenty.records('saleContract').createMany(contracts, { upsert: true });
    step('journal and contracts', 3);
    return {
      payment: payments.length,
      financialOperation: received.length + fates.length,
      saleContract: contracts.length,
    };
  },
};
