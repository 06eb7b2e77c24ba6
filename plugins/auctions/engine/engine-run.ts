/**
 * What one engine call acts with: core's data access — records through the admin client in jobs
 * and handlers, through the caller's scoped writer in routes (a route can never do more than its
 * caller may), the log, who acts and the app's URL — and the engine's own pure values: the
 * auction rules (from settings) and the instant it acts at, read once so that a command and what
 * was decided before it agree.
 */
import type { TwentyRecord } from '../../../sdk/index';
import type { DataAccess, ScopedRecords } from '../../core/access/index';
import type { AuctionRules } from '../rules/auction-rules';
import { auctionRulesOf } from '../settings';

export interface EngineRun {
  readonly access: Pick<DataAccess, 'records' | 'log' | 'actor' | 'publicUrl'>;
  readonly rules: AuctionRules;
  readonly now: Date;
}

/** A run over `access`: the auction rules from its settings, the instant from its clock. */
export function engineRun(access: DataAccess): EngineRun {
  return { access, rules: auctionRulesOf(access), now: access.clock.now() };
}

/** Every record `filter` selects. */
export async function allRecords(
  records: Pick<ScopedRecords, 'iterate'>,
  filter: Parameters<ScopedRecords['iterate']>[0],
): Promise<TwentyRecord[]> {
  const out: TwentyRecord[] = [];
  for await (const r of records.iterate(filter)) out.push(r);
  return out;
}
