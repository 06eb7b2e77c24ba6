/**
 * holdings — company groups: a company's parent (`parentCompany` on Twenty's company), cycles
 * refused (the API says no; an edit in Twenty that closes a cycle is undone), and the holding
 * view rolling up open deals, revenue, tasks and notes, and contacts over every subsidiary at
 * any depth (/api/holdings/:companyId, the /holdings/:companyId page linked from the company).
 * Owns no objects; reacts to company.created/updated.
 */
import { definePlugin } from '../core/plugin/index';
import { holdingsHandlers } from './handlers';
import { holdingsLabelsRu } from './labels-ru';
import { holdingsPageAssets } from './pages/holdings-page';
import { holdingsRoutes } from './routes';
import { companyHoldingFields } from './schema';
import { holdingsSeed } from './seed';

export { holdingUrl } from './handlers';
export { type HoldingView, loadHolding } from './holding-view';
export { cycleThrough, rollUp, subtree } from './rules/holding-tree';
export { companyHoldingFields } from './schema';

export const holdingsPlugin = definePlugin({
  name: 'holdings',
  description: 'Company holdings: parent companies without cycles, roll-ups over the whole tree',
  // Shows the deals' revenue (revenue's published read) when revenue is enabled; works without it.
  uses: ['revenue'],
  extends: [companyHoldingFields],
  labels: { ru: holdingsLabelsRu },
  readModel: [
    { object: 'company', indexes: [{ fields: ['parentCompanyId'] }] },
    { object: 'opportunity', indexes: [{ fields: ['companyId'] }] },
    { object: 'person', indexes: [{ fields: ['companyId'] }] },
    { object: 'task' },
    { object: 'note' },
    { object: 'taskTarget', indexes: [{ fields: ['companyId'] }] },
    { object: 'noteTarget', indexes: [{ fields: ['companyId'] }] },
  ],
  handlers: holdingsHandlers,
  routes: holdingsRoutes,
  assets: holdingsPageAssets,
  seed: holdingsSeed,
});

export default holdingsPlugin;
