/**
 * planfact — the sales plan against the fact: a monthly plan per residential complex (or all of
 * them) and metric — units, m², revenue, receipts — in versions, imported from Excel or entered in
 * Twenty; the fact from what the registry and payments publish (signed contracts, money received);
 * /planfact with the chart and the what-if calculator, saving a new plan version. Owns salesPlan;
 * reacts to no events (the read model replicates plans entered in Twenty); publishes planFactRows.
 */
import { definePlugin } from '../core/plugin/index';
import { planfactPolicies } from './access';
import { planfactLabelsRu } from './labels-ru';
import { planfactOperations } from './operations';
import { planfactAssets } from './pages/planfact-page';
import { planfactPage, planfactRoutes } from './routes';
import { planfactObjects, salesPlan } from './schema';
import { planfactSeed } from './seed';

// What other plugins (the reports' section 7) and tests may use, and nothing else.
export { PLANFACT_ROLES, PLANFACT_WRITERS, salesPlanPolicy } from './access';
export {
  checkQuery,
  PLANFACT_OBJECTS,
  type PlanFactQuery,
  type PlanFactRow,
  planFactRows,
  planfactEnabled,
} from './published-reads';
/** Totals per metric over planFactRows' rows, an all-complexes plan counted once (not beside its complexes'). */
export { type MetricTotal, totals as planFactTotals } from './rules/plan-fact';
export { salesPlan } from './schema';
export { METRIC_RU, METRIC_TERMS, METRICS, type Metric } from './vocabulary';

export const planfactPlugin = definePlugin({
  name: 'planfact',
  description: 'Monthly sales plans per complex and metric against the fact, with a what-if calculator',
  dependsOn: ['registry', 'auctions', 'payments'],
  // Reports (section 7) read the plan beside planFactRows.
  publishedViews: ['salesPlan'],
  objects: planfactObjects,
  labels: { ru: planfactLabelsRu },
  readModel: [{ object: salesPlan, indexes: [{ fields: ['periodMonth'] }] }],
  routes: planfactRoutes,
  pages: [planfactPage],
  assets: planfactAssets,
  operations: planfactOperations,
  seed: planfactSeed,
  access: planfactPolicies,
});

export default planfactPlugin;
