/**
 * A bid stands when the auction is bidding, it lands inside the bidding window, its bidder was
 * admitted on that lot, and it beats the current best by at least one step (the first bid: the
 * start price plus a step).
 */
import type { AuctionState, BidState } from './auction-types';
import { highestBid } from './lot-closing';
import { formatRub } from './money';

export interface BidProblem {
  code: string;
  message: string;
  field: string;
}

/** The least amount the next bid on a lot may be. */
export function minimumBid(state: AuctionState, lotId: string): number {
  const lot = state.lots.find((l) => l.id === lotId);
  if (!lot) return Number.POSITIVE_INFINITY;
  const best = highestBid(state.bids, lotId);
  return (best ? best.amountMicros : lot.startMicros) + lot.stepMicros;
}

export function validateBid(state: AuctionState, bid: BidState): BidProblem | undefined {
  const lot = state.lots.find((l) => l.id === bid.lotId);
  if (!lot)
    return {
      code: 'auction_lot_unknown',
      message: `lot ${bid.lotId} is not in auction ${state.number}`,
      field: 'lot',
    };
  if (state.status !== 'BIDDING')
    return {
      code: 'auction_not_bidding',
      message: `auction ${state.number} is ${state.status}, not BIDDING`,
      field: 'placedAt',
    };
  if (lot.status !== 'ACTIVE')
    return { code: 'auction_lot_closed', message: `lot ${lot.number} is ${lot.status}`, field: 'lot' };
  const t = Date.parse(bid.placedAt);
  if (!(t >= Date.parse(state.biddingStart) && t <= Date.parse(state.biddingEnd)))
    return {
      code: 'auction_bid_outside_window',
      message: `a bid at ${bid.placedAt} is outside the bidding window ${state.biddingStart} – ${state.biddingEnd}`,
      field: 'placedAt',
    };
  const app = state.applications.find((a) => a.id === bid.applicationId);
  if (!app || app.lotId !== lot.id)
    return {
      code: 'auction_bidder_unknown',
      message: `the bidder did not apply for lot ${lot.number}`,
      field: 'application',
    };
  if (app.admission !== 'ADMITTED')
    return {
      code: 'auction_bidder_not_admitted',
      message: `the bidder was not admitted to lot ${lot.number}`,
      field: 'application',
    };
  const min = minimumBid(state, lot.id);
  if (!Number.isInteger(bid.amountMicros) || bid.amountMicros < min)
    return {
      code: 'auction_bid_below_minimum',
      message: `a bid on lot ${lot.number} must be at least ${formatRub(min)} (the current price plus the step ${formatRub(lot.stepMicros)}); got ${formatRub(bid.amountMicros)}`,
      field: 'amount',
    };
  return undefined;
}
