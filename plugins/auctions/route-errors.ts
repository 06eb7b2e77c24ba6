/** The rules' refusals as the one error body: 404 unknown, 409 the procedure's state forbids it, else 400. */
import { RouteError } from '../core/plugin/index';
import { AuctionRuleError } from './rules/auction-types';

const CONFLICTS = new Set([
  'auction_illegal_transition',
  'auction_not_bidding',
  'auction_not_in_admission',
  'auction_admission_pending',
  'auction_deposit_closed',
  'auction_lot_closed',
  'auction_too_early',
  'auction_no_pending_winner',
  'auction_number_taken',
]);

export function asRouteError(error: unknown): unknown {
  if (!(error instanceof AuctionRuleError)) return error;
  const status = error.code.endsWith('_not_found') ? 404 : CONFLICTS.has(error.code) ? 409 : 400;
  const index = (error as { index?: number }).index;
  return new RouteError(status, error.code, error.message, {
    ...(error.field !== undefined ? { field: error.field } : {}),
    ...(index !== undefined ? { row: index + 1 } : {}),
  });
}

/** Runs `fn`, turning a rules refusal into the route's error body. */
export async function refusalsAsErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw asRouteError(error);
  }
}
