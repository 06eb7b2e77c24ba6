/**
 * A parent set in Twenty's UI that closes a cycle is undone (the parent cleared) and logged: the
 * API refuses such a change outright, but Twenty's own UI cannot be stopped, only corrected.
 * Every company created or edited in Twenty without a holding link gets one to its page.
 */
import { on, type PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { cycleThrough } from './rules/holding-tree';

export const HOLDING_LINK_LABEL = 'Холдинг';

export const holdingUrl = (publicUrl: string, companyId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/holdings/${companyId}`;

function hasLink(record: Record<string, unknown>): boolean {
  const link = record.holdingPage as { primaryLinkUrl?: unknown } | null | undefined;
  return typeof link?.primaryLinkUrl === 'string' && link.primaryLinkUrl.trim() !== '';
}

/** The parent of each company as the read model holds it, with the event's record applied. */
async function parentsWith(ctx: PluginContext, record: { id: string; parentCompanyId: string | null }) {
  const r = await ctx.store.sql.query<{ id: string; parent_id: string | null; name: string | null }>(
    `select id::text, parent_company_id::text as parent_id, name from ${readModelView('company')}`,
  );
  const parents = new Map(r.rows.map((row) => [row.id, row.parent_id]));
  parents.set(record.id, record.parentCompanyId);
  return { parents, names: new Map(r.rows.map((row) => [row.id, row.name])) };
}

const onCompany = async (event: { record: Record<string, unknown> & { id: string } }, ctx: PluginContext) => {
  const record = event.record;
  if (record.deletedAt) return;
  const parent = typeof record.parentCompanyId === 'string' ? record.parentCompanyId : null;
  const patch: Record<string, unknown> = {};
  if (parent) {
    const { parents, names } = await parentsWith(ctx, { id: record.id, parentCompanyId: parent });
    const cycle = cycleThrough(record.id, parent, (id) => (id === record.id ? parent : parents.get(id)));
    if (cycle) {
      patch.parentCompanyId = null;
      ctx.log.warn(
        { company: record.id, cycle: cycle.map((id) => names.get(id) ?? id) },
        'holdings: a parent company that closed a cycle was cleared',
      );
    }
  }
  if (!hasLink(record))
    patch.holdingPage = {
      primaryLinkUrl: holdingUrl(ctx.config.publicUrl, record.id),
      primaryLinkLabel: HOLDING_LINK_LABEL,
      secondaryLinks: null,
    };
  if (Object.keys(patch).length > 0) await ctx.twenty.records('company').update(record.id, patch);
};

export const holdingsHandlers = [
  on('company.created', onCompany, { name: 'holdings-company-created' }),
  on('company.updated', onCompany, { name: 'holdings-company-updated' }),
];
