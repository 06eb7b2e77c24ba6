/**
 * A bid stands when the auction is bidding, it lands inside the bidding window, its bidder was
 * admitted on that lot, and it beats the current best by at least one step (the first bid: the
 * start price plus a step).
 */

import { AUCTION_STATUS_RU, LOT_STATUS_RU } from '../vocabulary';
import type { AuctionState, BidState } from './auction-types';
import { ruDateTime } from './calendar';
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
      message: `в аукционе ${state.number} нет такого лота`,
      field: 'lot',
    };
  if (state.status !== 'BIDDING')
    return {
      code: 'auction_not_bidding',
      message: `аукцион ${state.number} сейчас в статусе «${AUCTION_STATUS_RU[state.status]}»: ставки принимаются только во время торгов`,
      field: 'placedAt',
    };
  if (lot.status !== 'ACTIVE')
    return {
      code: 'auction_lot_closed',
      message: `лот ${lot.number} уже закрыт (${LOT_STATUS_RU[lot.status]})`,
      field: 'lot',
    };
  const t = Date.parse(bid.placedAt);
  if (!(t >= Date.parse(state.biddingStart) && t <= Date.parse(state.biddingEnd)))
    return {
      code: 'auction_bid_outside_window',
      message: `ставка в ${ruDateTime(bid.placedAt)} вне времени торгов: ${ruDateTime(state.biddingStart)} – ${ruDateTime(state.biddingEnd)}`,
      field: 'placedAt',
    };
  const app = state.applications.find((a) => a.id === bid.applicationId);
  if (!app || app.lotId !== lot.id)
    return {
      code: 'auction_bidder_unknown',
      message: `участник не подавал заявку на лот ${lot.number}`,
      field: 'application',
    };
  if (app.admission !== 'ADMITTED')
    return {
      code: 'auction_bidder_not_admitted',
      message: `участник не допущен к торгам по лоту ${lot.number}`,
      field: 'application',
    };
  const min = minimumBid(state, lot.id);
  if (!Number.isInteger(bid.amountMicros) || bid.amountMicros < min)
    return {
      code: 'auction_bid_below_minimum',
      message: `ставка по лоту ${lot.number} должна быть не меньше ${formatRub(min)} (текущая цена плюс шаг ${formatRub(lot.stepMicros)}), а не ${formatRub(bid.amountMicros)}`,
      field: 'amount',
    };
  return undefined;
}
