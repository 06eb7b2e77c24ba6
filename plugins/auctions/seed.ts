/**
 * The auctions' demo data (`realty seed-demo`, the first `npm start`): the demo auctions of
 * demo/demo-auctions.ts on eleven FREE flats of the registry's demo — every state and outcome, with
 * applicants, deposits counted, bids, stage protocols, the units' statuses and change protocol —
 * written in batches. The units of the running auctions become IN_AUCTION here and nowhere else
 * (the registry's demo puts no unit in an auction). Runs after the registry's seed; a second run
 * finds the demo in place (its last write, the units' change protocol) and changes nothing, and a
 * run after an interrupted one finishes it with the dates it began with. The money (payments,
 * journal, contracts) is the payments plugin's seed.
 */
import type { PluginContext, SeedDeclaration } from '../core/plugin/index';
import { seedFinished } from '../core/plugin/index';
import {
  buildDemoAuctions,
  type DemoAuction,
  demoAuctionUnits,
  demoClockFrom,
  demoPersonId,
} from './demo/demo-auctions';
import { auctionConsoleUrl } from './engine/auction-engine';
import {
  applicationRecord,
  auctionRecord,
  bidRecord,
  lotRecord,
  stageResultRecord,
  unitChangeRecord,
} from './engine/auction-records';
import { auctionRulesOf } from './settings';

const DEMO_PEOPLE = [
  { firstName: 'Алексей', lastName: 'Смирнов', email: 'smirnov.demo@example.ru' },
  { firstName: 'Екатерина', lastName: 'Волкова', email: 'volkova.demo@example.ru' },
  { firstName: 'Дмитрий', lastName: 'Орлов', email: 'orlov.demo@example.ru' },
];

/** The number of the first demo auction: the demo's dates are rebuilt from its bidding start. */
export const FIRST_DEMO_AUCTION = 'А-ДЕМО-01';

function unitStatusOf(demo: DemoAuction): string | undefined {
  const moves = demo.effects.filter((e) => e.effect.kind === 'unitStatus');
  const last = moves[moves.length - 1]?.effect;
  return last?.kind === 'unitStatus' ? last.to : undefined;
}

/** The units' change protocol of the demo auctions: every status a lot's unit went through. */
function unitChangesOf(demos: readonly DemoAuction[]) {
  return demos.flatMap((d) =>
    d.effects.flatMap(({ at, effect }) =>
      effect.kind === 'unitStatus' ? [unitChangeRecord(effect, d.state.number, 'демо-данные', at)] : [],
    ),
  );
}

/** The first demo auction as stored, once the demo was begun. */
export async function storedFirstDemoAuction(
  ctx: PluginContext,
): Promise<{ id: string; biddingStart: string } | undefined> {
  const existing = await ctx.twenty
    .records('auction')
    .list({ filter: `number[eq]:"${FIRST_DEMO_AUCTION}"`, limit: 1 });
  const first = existing.records[0];
  return first && typeof first.biddingStart === 'string'
    ? { id: first.id, biddingStart: first.biddingStart }
    : undefined;
}

export const auctionsSeed: SeedDeclaration = {
  description: 'auctions in every state with applicants, deposits, bids, protocols and the units they hold',
  async run(ctx, options): Promise<Record<string, number>> {
    const first = await storedFirstDemoAuction(ctx);
    // A demo cut short is finished with the dates it began with (the payments' seed rebuilds them alike).
    const now = first ? demoClockFrom(first.biddingStart) : ctx.clock.now();
    const demos = buildDemoAuctions(now, demoAuctionUnits(), auctionRulesOf(ctx));
    const unitChanges = unitChangesOf(demos);
    if (first && (await seedFinished(ctx.twenty, 'unitChange', unitChanges.at(-1)?.id))) return {};
    const states = demos.map((d) => d.state);
    const publicUrl = ctx.config.publicUrl;
    const step = (done: number) => options?.onProgress?.(done, 6);
    await ctx.twenty.records('person').createMany(
      DEMO_PEOPLE.map((p, i) => ({
        id: demoPersonId(i),
        name: { firstName: p.firstName, lastName: p.lastName },
        emails: { primaryEmail: p.email },
      })),
      { upsert: true },
    );
    step(1);
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
    step(2);
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
    step(4);
    const stages = demos.flatMap((d) =>
      d.effects.flatMap(({ at, effect }) =>
        effect.kind === 'stage' ? [stageResultRecord(effect, d.state.id, 'демо-данные', at)] : [],
      ),
    );
    await ctx.twenty.records('auctionStageResult').createMany(stages, { upsert: true });
    // The lots' units take the auctions' state: one batch of partial upserts (each a PATCH of the
    // fields given), not a request per unit: the demo spends Twenty's 100 requests a minute.
    const unitUpdates = demos.flatMap((d) => {
      const status = unitStatusOf(d);
      const lot = d.state.lots[0];
      if (!status || !lot) return [];
      const active = status === 'IN_AUCTION';
      return [
        {
          id: lot.unitId,
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
        },
      ];
    });
    if (unitUpdates.length > 0) await ctx.twenty.records('unit').createMany(unitUpdates, { upsert: true });
    // Last: its presence says the demo is complete (above).
    await ctx.twenty.records('unitChange').createMany(unitChanges, { upsert: true });
    step(6);
    return {
      person: DEMO_PEOPLE.length,
      auction: states.length,
      auctionLot: states.reduce((n, s) => n + s.lots.length, 0),
      auctionApplication: states.reduce((n, s) => n + s.applications.length, 0),
      auctionBid: states.reduce((n, s) => n + s.bids.length, 0),
      auctionStageResult: stages.length,
      unitChange: unitChanges.length,
    };
  },
};
