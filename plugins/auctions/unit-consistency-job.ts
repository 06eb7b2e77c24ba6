/**
 * The consistency check of units and auctions (hourly, and on demand): every unit IN_AUCTION
 * without an active auction's lot, and every unit an active auction holds that is not IN_AUCTION,
 * gets the problem written on it (`auctionProblem`) and a Twenty task linked to it, once per drift;
 * a unit that agrees again has its problem cleared. Nothing else is changed: staff decide whether
 * the status or the auction is wrong.
 */
import { and, eq, in_, isNotNull } from '../../sdk/index';
import { every, type PluginContext, uuidV5 } from '../core/plugin/index';
import { auctionConsoleUrl } from './engine/auction-engine';
import { allRecords } from './engine/engine-run';
import { ACTIVE_AUCTION_STATUSES } from './rules/auction-state';
import { type UnitStatusFact, unitAuctionDrift } from './rules/unit-consistency';

const label = (u: { id: string; number?: unknown }) =>
  typeof u.number === 'string' && u.number ? `№ ${u.number}` : u.id;

export interface ConsistencyResult {
  /** Units with a problem now. */
  flagged: number;
  /** Units whose earlier problem was cleared. */
  cleared: number;
}

/** Checks every unit against the active auctions; flags drift, clears what agrees again. */
export async function checkUnitsInAuction(ctx: PluginContext): Promise<ConsistencyResult> {
  const units = ctx.twenty.records('unit');
  const activeAuctions = await allRecords(ctx.twenty.records('auction'), {
    filter: in_('status', [...ACTIVE_AUCTION_STATUSES]),
  });
  const auctionNumber = new Map(activeAuctions.map((a) => [a.id, String(a.number ?? a.id)]));
  const activeLots =
    activeAuctions.length === 0
      ? []
      : await allRecords(ctx.twenty.records('auctionLot'), {
          filter: and(eq('status', 'ACTIVE'), in_('auctionId', [...auctionNumber.keys()])),
        });
  const held = new Map<string, string>();
  const heldBy = new Map<string, string>();
  for (const lot of activeLots)
    if (typeof lot.unitId === 'string') {
      held.set(lot.unitId, auctionNumber.get(String(lot.auctionId)) ?? '');
      heldBy.set(lot.unitId, String(lot.auctionId));
    }
  const inAuction = await allRecords(units, { filter: eq('status', 'IN_AUCTION') });
  const flaggedBefore = await allRecords(units, { filter: isNotNull('auctionProblem') });
  const heldIds = [...held.keys()].filter((id) => !inAuction.some((u) => u.id === id));
  const heldUnits = heldIds.length === 0 ? [] : await allRecords(units, { filter: in_('id', heldIds) });
  const byId = new Map([...inAuction, ...heldUnits, ...flaggedBefore].map((u) => [u.id, u]));
  const facts: UnitStatusFact[] = [...byId.values()].map((u) => ({
    id: u.id,
    status: typeof u.status === 'string' ? u.status : null,
    label: label(u),
  }));
  const drifts = unitAuctionDrift(facts, held);
  const drifting = new Set(drifts.map((d) => d.unitId));
  for (const d of drifts) {
    const unit = byId.get(d.unitId);
    if (unit?.auctionProblem !== d.problem) await units.update(d.unitId, { auctionProblem: d.problem });
    const taskId = uuidV5(`auctions:unit-drift:${d.unitId}:${d.kind}:${String(unit?.status ?? '')}`);
    const auctionId = heldBy.get(d.unitId);
    const link = auctionId
      ? `\n\nКонсоль аукциона: ${auctionConsoleUrl(ctx.config.publicUrl, auctionId)}`
      : '';
    await ctx.twenty.records('task').upsert({
      id: taskId,
      title: `Помещение ${label(unit ?? { id: d.unitId })}: статус и аукционы расходятся`,
      bodyV2: { markdown: `${d.problem}.${link}`, blocknote: null },
      status: 'TODO',
    });
    await ctx.twenty
      .records('taskTarget')
      .upsert({ id: uuidV5(`auctions:unit-drift-target:${taskId}`), taskId, unitId: d.unitId });
  }
  let cleared = 0;
  for (const u of flaggedBefore)
    if (!drifting.has(u.id) && u.auctionProblem) {
      await units.update(u.id, { auctionProblem: null });
      cleared++;
    }
  if (drifts.length > 0 || cleared > 0)
    ctx.log.info({ flagged: drifts.length, cleared }, 'units and auctions checked for consistency');
  return { flagged: drifts.length, cleared };
}

export const unitConsistencyJob = every('23 * * * *', 'auctions:check-units', async (_event, ctx) => {
  await checkUnitsInAuction(ctx);
});
