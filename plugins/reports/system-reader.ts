/**
 * The reader the daily job and the seed use: the project itself reading the published views (no
 * principal's rules: the system sees every row, as a job does), with the same `{object}` braces
 * and the same "is this plugin here" answer as a route's reader — an object is here when its view
 * exists in the store and its plugin is enabled (REALTY_PLUGINS, when set, names it).
 */
import type { ObjectRef } from '../../sdk/index';
import type { ScopedReader } from '../core/access/index';
import type { PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';

/** The plugin owning each object the sections read (for REALTY_PLUGINS). */
const OWNERS: Readonly<Record<string, string>> = {
  phoneCall: 'telephony',
  smsCampaign: 'sms',
  smsMessage: 'sms',
  salesPlan: 'planfact',
  agency: 'agencies',
  revenueScenario: 'revenue',
  revenuePlanLine: 'revenue',
  revenueAllocation: 'revenue',
  department: 'revenue',
  exchangeRate: 'revenue',
};

const nameOf = (object: string | ObjectRef<unknown>) =>
  typeof object === 'string' ? object : object.nameSingular;

export async function systemReader(
  ctx: Pick<PluginContext, 'store' | 'config'>,
  objects: readonly string[],
): Promise<ScopedReader> {
  const sql = ctx.store.sql;
  const enabled = ctx.config.plugins;
  const present = new Set<string>();
  for (const object of objects) {
    const owner = OWNERS[object];
    if (owner && enabled && !enabled.includes(owner)) continue;
    const found = await sql.query<{ ok: boolean }>('select to_regclass($1) is not null as ok', [
      readModelView(object),
    ]);
    if (found.rows[0]?.ok === true) present.add(object);
  }
  const query = async <R extends Record<string, unknown>>(text: string, params?: readonly unknown[]) => {
    const resolved = text.replace(/\{([a-zA-Z]+)\}/g, (_m, name: string) => {
      if (!present.has(name)) throw new Error(`reports: the object "${name}" is not replicated here`);
      return readModelView(name);
    });
    return (await sql.query(resolved, params ? [...params] : [])).rows as R[];
  };
  const reader: ScopedReader = {
    principal: { kind: 'system', reason: 'reports' },
    query,
    // No section reads single records; a REST-shaped record would need the route reader's mapping.
    get: () => Promise.reject(new Error('reports: the system reader reads views only')),
    has: (object) => present.has(nameOf(object)),
    fields: () => 'all',
    rows: () => 'all',
  };
  return reader;
}
