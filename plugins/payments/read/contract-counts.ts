/**
 * How many sale contracts each value of one of the contract's relation fields has — e.g. the
 * agencies plugin's `agencyId` (it extends saleContract): `{ agencyId → count }`, nulls left out.
 */
import type { PluginContext } from '../../core/plugin/index';
import { readModelView as v } from '../../core/read-model/index';

const FIELD_NAME = /^[a-z][a-zA-Z0-9]*$/;

export async function countSaleContractsBy(ctx: PluginContext, field: string): Promise<Map<string, number>> {
  if (!FIELD_NAME.test(field)) throw new Error(`countSaleContractsBy: not a field name: ${field}`);
  const c = field.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);
  const rows = await ctx.store.sql.query<{ key: string; n: number }>(
    `select ${c}::text as key, count(*)::int as n from ${v('saleContract')} where ${c} is not null group by ${c}`,
  );
  return new Map(rows.rows.map((r) => [r.key, Number(r.n)]));
}
