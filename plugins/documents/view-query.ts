/**
 * How the documents read CRM data: SQL over the published views, objects named in braces
 * (`select … from {unit} u`). A route passes its scoped reader (the caller's rules apply); a
 * handler or job — the project acting for itself, like other plugins' jobs that read the
 * read model's views — gets `systemViewQuery`, which puts each named object's view in place
 * and refuses any object the documents do not read.
 */
import type { ScopedReader } from '../core/access/index';
import type { PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';

export type ViewQuery = <R extends Record<string, unknown> = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<R[]>;

/** Every object a document reads: the registry's, auctions' and payments' published views and people. */
export const DOCUMENT_OBJECTS = [
  'residentialComplex',
  'building',
  'section',
  'unit',
  'auction',
  'auctionLot',
  'auctionApplication',
  'auctionBid',
  'payment',
  'financialOperation',
  'saleContract',
  'person',
] as const;
export type DocumentObject = (typeof DOCUMENT_OBJECTS)[number];

export const readerQuery =
  (reader: Pick<ScopedReader, 'query'>): ViewQuery =>
  (sql, params) =>
    reader.query(sql, params);

/** The project's own read (handlers, jobs): the views of the objects above, nothing else. */
export function systemViewQuery(ctx: Pick<PluginContext, 'store'>): ViewQuery {
  const allowed = new Set<string>(DOCUMENT_OBJECTS);
  return async <R extends Record<string, unknown>>(sql: string, params: readonly unknown[] = []) => {
    const text = sql.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
      if (!allowed.has(name)) throw new Error(`documents do not read "${name}"`);
      return readModelView(name);
    });
    const r = await ctx.store.sql.query<R>(text, [...params]);
    return r.rows;
  };
}
