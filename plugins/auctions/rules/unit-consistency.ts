/**
 * With auctions enabled, a unit is IN_AUCTION exactly when an active auction (announced, taking
 * applications, in admission or bidding) holds it by an ACTIVE lot. Anything else is drift — a
 * status edited by hand, an import, a lost write — which the consistency job flags on the unit.
 */

export interface UnitStatusFact {
  id: string;
  status: string | null;
  /** What people call it («№ 101»). */
  label: string;
}

export type UnitDriftKind = 'IN_AUCTION_WITHOUT_LOT' | 'HELD_NOT_IN_AUCTION';

export interface UnitDrift {
  unitId: string;
  kind: UnitDriftKind;
  /** The problem as the unit's field and the task say it. */
  problem: string;
}

/**
 * The drifts among `units`, given which units active auctions hold (unit id → the auction's number).
 * A unit neither IN_AUCTION nor held is fine whatever its status.
 */
export function unitAuctionDrift(
  units: readonly UnitStatusFact[],
  held: ReadonlyMap<string, string>,
): UnitDrift[] {
  const out: UnitDrift[] = [];
  for (const u of units) {
    const auction = held.get(u.id);
    if (u.status === 'IN_AUCTION' && auction === undefined)
      out.push({
        unitId: u.id,
        kind: 'IN_AUCTION_WITHOUT_LOT',
        problem: `помещение ${u.label} в статусе «На торгах», но ни один идущий аукцион его не выставляет: верните статус или выставьте помещение на аукцион`,
      });
    else if (u.status !== 'IN_AUCTION' && auction !== undefined)
      out.push({
        unitId: u.id,
        kind: 'HELD_NOT_IN_AUCTION',
        problem: `помещение ${u.label} выставлено на аукцион ${auction}, но его статус не «На торгах»`,
      });
  }
  return out;
}
