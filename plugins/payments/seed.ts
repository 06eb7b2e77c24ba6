/**
 * The auctions' demo data (`realty seed-demo`, the first `npm start`): the demo auctions of
 * demo-auctions.ts on eleven FREE flats of the registry's demo — every state and outcome, with
 * applicants, deposits paid, bids, stage protocols, the units' statuses and change protocol, the
 * journal, contracts and staff tasks — written in batches (a few dozen requests). Runs after the
 * registry's seed; a second run finds the demo in place and changes nothing.
 */
import {
  type AuctionState,
  applicationRecord,
  auctionConsoleUrl,
  auctionRecord,
  auctionRulesOf,
  bidRecord,
  lotRecord,
  rubValue,
} from '../auctions/index';
import { type SeedDeclaration, uuidV5 } from '../core/plugin/index';
import { buildDemoRegistry } from '../registry/index';
import { buildDemoAuctions, type DemoAuction, demoPersonId } from './demo-auctions';
import { plannedContracts, plannedFateOperations, receivedOperationId } from './settle';

const DEMO_PEOPLE = [
  { firstName: 'Алексей', lastName: 'Смирнов', email: 'smirnov.demo@example.ru' },
  { firstName: 'Екатерина', lastName: 'Волкова', email: 'volkova.demo@example.ru' },
  { firstName: 'Дмитрий', lastName: 'Орлов', email: 'orlov.demo@example.ru' },
];

/** Eleven FREE flats with prices from the registry's demo, the same every run. */
export function demoAuctionUnits(): { id: string; priceMicros: number }[] {
  return buildDemoRegistry()
    .units.filter(
      (u) =>
        u.status === 'FREE' &&
        u.kind === 'FLAT' &&
        (u.price as { amountMicros?: number } | undefined)?.amountMicros,
    )
    .filter((_, i) => i % 7 === 0)
    .slice(0, 11)
    .map((u) => ({
      id: String(u.id),
      priceMicros: Number((u.price as { amountMicros: number }).amountMicros),
    }));
}

function unitStatusOf(demo: DemoAuction): string | undefined {
  const moves = demo.effects.filter((e) => e.effect.kind === 'unitStatus');
  const last = moves[moves.length - 1]?.effect;
  return last?.kind === 'unitStatus' ? last.to : undefined;
}

export const paymentsSeed: SeedDeclaration = {
  description:
    'auctions in every state with applications, deposits, bids, protocols, the journal and contracts',
  async run(ctx, options): Promise<Record<string, number>> {
    const demoNumber = 'А-ДЕМО-01';
    const existing = await ctx.twenty
      .records('auction')
      .list({ filter: `number[eq]:"${demoNumber}"`, limit: 1 });
    if (existing.records.length > 0) return {};
    const now = ctx.clock.now();
    const demos = buildDemoAuctions(now, demoAuctionUnits(), auctionRulesOf(ctx));
    const states: AuctionState[] = demos.map((d) => d.state);
    const publicUrl = ctx.config.publicUrl;
    const step = (_name: string, done: number) => options?.onProgress?.(done, 9);
    await ctx.twenty.records('person').createMany(
      DEMO_PEOPLE.map((p, i) => ({
        id: demoPersonId(i),
        name: { firstName: p.firstName, lastName: p.lastName },
        emails: { primaryEmail: p.email },
      })),
      { upsert: true },
    );
    step('people', 1);
    await ctx.twenty.records('auction').createMany(
      demos.map((d) => ({
        id: d.state.id,
        ...auctionRecord(d.state),
        platform: d.platform,
        procedureNumber: d.procedureNumber,
        consoleLink: {
          primaryLinkUrl: auctionConsoleUrl(publicUrl, d.state.id),
          primaryLinkLabel: `Консоль аукциона ${d.state.number}`,
          secondaryLinks: null,
        },
      })),
      { upsert: true },
    );
    step('auctions', 2);
    await ctx.twenty.records('auctionLot').createMany(
      states.flatMap((s) => s.lots.map((l) => ({ id: l.id, ...lotRecord(l, s.id), winnerId: null }))),
      { upsert: true },
    );
    await ctx.twenty.records('auctionApplication').createMany(
      states.flatMap((s) => s.applications.map((a) => ({ id: a.id, ...applicationRecord(a) }))),
      { upsert: true },
    );
    await ctx.twenty.records('auctionBid').createMany(
      states.flatMap((s) => s.bids.map((b) => ({ id: b.id, ...bidRecord(b) }))),
      { upsert: true },
    );
    // A lot's winner is one of its applications: set once they exist.
    await ctx.twenty.records('auctionLot').createMany(
      states.flatMap((s) =>
        s.lots.filter((l) => l.winnerId).map((l) => ({ id: l.id, ...lotRecord(l, s.id) })),
      ),
      { upsert: true },
    );
    step('lots, applications, bids', 5);
    const stages = demos.flatMap((d) =>
      d.effects.flatMap(({ at, effect }) =>
        effect.kind === 'stage'
          ? [
              {
                id: uuidV5(
                  `auctions:stage:${d.state.id}:${effect.stage}${typeof effect.outcome.lot === 'number' ? `:${effect.outcome.lot}` : ''}`,
                ),
                auctionId: d.state.id,
                stage: effect.stage,
                summary: effect.summary,
                outcome: effect.outcome,
                at,
                by: 'демо-данные',
              },
            ]
          : [],
      ),
    );
    await ctx.twenty.records('auctionStageResult').createMany(stages, { upsert: true });
    const unitChanges = demos.flatMap((d) =>
      d.effects.flatMap(({ at, effect }) =>
        effect.kind === 'unitStatus'
          ? [
              {
                id: uuidV5(`auctions:unit-change:${effect.lotId}:${effect.to}`),
                unitId: effect.unitId,
                fieldName: 'status',
                oldValue: effect.from ?? '',
                newValue: effect.to,
                source: 'AUCTION',
                changedBy: `демо-данные (аукцион ${d.state.number})`,
                changedAt: at,
                status: 'APPLIED',
              },
            ]
          : [],
      ),
    );
    await ctx.twenty.records('unitChange').createMany(unitChanges, { upsert: true });
    for (const d of demos) {
      const status = unitStatusOf(d);
      const lot = d.state.lots[0];
      if (!status || !lot) continue;
      const active = status === 'IN_AUCTION';
      await ctx.twenty.records('unit').update(lot.unitId, {
        status,
        currentAuction: active
          ? {
              primaryLinkUrl: auctionConsoleUrl(publicUrl, d.state.id),
              primaryLinkLabel: `Аукцион ${d.state.number}`,
              secondaryLinks: null,
            }
          : { primaryLinkUrl: '', primaryLinkLabel: '', secondaryLinks: null },
        currentAuctionApplicationEnd: active ? d.state.applicationEnd : null,
        currentAuctionBiddingStart: active ? d.state.biddingStart : null,
      });
    }
    step('units', 7);
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
    const contracts = states.flatMap(plannedContracts);
    await ctx.twenty.records('saleContract').createMany(contracts, { upsert: true });
    step('journal and contracts', 9);
    return {
      auction: states.length,
      auctionLot: states.reduce((n, s) => n + s.lots.length, 0),
      auctionApplication: states.reduce((n, s) => n + s.applications.length, 0),
      auctionBid: states.reduce((n, s) => n + s.bids.length, 0),
      auctionStageResult: stages.length,
      payment: payments.length,
      financialOperation: received.length + fates.length,
      saleContract: contracts.length,
    };
  },
};
