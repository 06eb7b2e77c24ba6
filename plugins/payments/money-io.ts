/**
 * Where the money is read and written: a route's scoped writer (it can do no more than its caller
 * may) or the admin client in jobs — and the auctions' procedure acting for the same caller, for
 * the commands money moves (a deposit counted, a refund paid, a contract signed).
 */
import type { RecordsApi, TwentyRecord } from '../../sdk/index';
import { type AuctionProcedure, procedureForRoute, procedureForSystem } from '../auctions/index';
import type { PluginContext, RouteContext } from '../core/plugin/index';

export type MoneyRecords = Pick<
  RecordsApi<TwentyRecord>,
  'list' | 'iterate' | 'get' | 'create' | 'update' | 'upsert'
>;

export interface MoneyIo {
  records(object: string): MoneyRecords;
  procedure: AuctionProcedure;
  now: Date;
  /** Who acts, as the journal records it. */
  by: string;
}

export function routeMoneyIo(ctx: RouteContext): MoneyIo {
  const procedure = procedureForRoute(ctx);
  return { records: (o) => ctx.writer.records(o), procedure, now: procedure.now, by: procedure.by };
}

export function systemMoneyIo(ctx: PluginContext, by: string): MoneyIo {
  const procedure = procedureForSystem(ctx, by);
  return { records: (o) => ctx.twenty.records(o), procedure, now: procedure.now, by };
}

/** Every record `filter` selects. */
export async function allRecords(
  records: MoneyRecords,
  options: Parameters<MoneyRecords['iterate']>[0],
): Promise<TwentyRecord[]> {
  const out: TwentyRecord[] = [];
  for await (const r of records.iterate(options)) out.push(r);
  return out;
}

/** A CURRENCY value's amountMicros (number or string on the wire), or null. */
export function micros(value: unknown): number | null {
  const raw = (value as { amountMicros?: unknown } | null | undefined)?.amountMicros;
  if (raw === null || raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

export const rubValue = (amountMicros: number | null) => ({ amountMicros, currencyCode: 'RUB' });
