/**
 * Where the engine reads and writes records: the admin client in jobs and handlers
 * (`ctx.twenty`), the principal's scoped writer in routes (`ctx.writer`) — both offer the sdk's
 * records API, so one engine serves both and a route can never do more than its caller may.
 */
import type { RecordsApi, TwentyRecord } from '../../../sdk/index';
import type { AuctionRules } from '../rules/auction-rules';

export type EngineRecords = Pick<
  RecordsApi<TwentyRecord>,
  'list' | 'iterate' | 'get' | 'create' | 'createMany' | 'update' | 'upsert'
>;

export interface RecordsPort {
  records(object: string): EngineRecords;
}

export interface EngineLog {
  info(o: object, msg?: string): void;
  warn(o: object, msg?: string): void;
}

export interface EngineIo {
  data: RecordsPort;
  now: Date;
  rules: AuctionRules;
  /** Who acts: a staff e-mail, or "twenty-realty (job)". */
  by: string;
  /** The app's public URL: console links written into Twenty. */
  publicUrl: string;
  log: EngineLog;
}

export async function all(
  records: EngineRecords,
  filter: Parameters<EngineRecords['iterate']>[0],
): Promise<TwentyRecord[]> {
  const out: TwentyRecord[] = [];
  for await (const r of records.iterate(filter)) out.push(r);
  return out;
}
