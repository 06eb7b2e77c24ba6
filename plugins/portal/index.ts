/**
 * portal — the developer's website and the listing portals read availability from the CRM: the
 * public site API (/portal/v1: complexes, buildings, available units with filters, a unit's card,
 * a building's availability grid, floor plans as SVG/PNG), the YRL listing feeds for Yandex Realty
 * and DomClick (/feeds/yrl.xml, /feeds/domclick.xml) and `realty feed validate`. Owns no objects:
 * adds publication and feed fields to units, buildings and complexes; reacts to their changes by
 * bumping the feeds' version (ETag).
 */
import { definePlugin } from '../core/plugin/index';
import { portalRestrictions } from './access';
import { feedVersionHandlers } from './handlers';
import { portalLabelsRu } from './labels-ru';
import { feedValidateOperation } from './operations';
import { publishOperation } from './publish-operation';
import { portalRoutes } from './routes';
import { portalExtensions } from './schema';
import { portalSeed } from './seed';
import { portalSettings } from './settings';
import { portalTablesMigration } from './storage';

export { STAFF_FLOOR_PLAN_PATH } from './routes';
export { FEED_CODES, type FeedCode } from './schema';

/** The staff floor plan of a floor of a section, for a link (the chessboard's cell or card). */
export function staffFloorPlanUrl(sectionId: string, floor: number, format: 'svg' | 'png' = 'svg'): string {
  return `/portal/floor-plan/${sectionId}/${floor}.${format}`;
}

export const portalPlugin = definePlugin({
  name: 'portal',
  description: 'Public site API, YRL listing feeds (Yandex Realty, DomClick) and floor-plan export',
  dependsOn: ['registry'],
  extends: portalExtensions,
  labels: { ru: portalLabelsRu },
  restrictions: portalRestrictions,
  // The site's search walks the free units in price order along these indexes and stops at a page;
  // the single-field ones give the planner the statistics of the filtered fields (rooms, area, floor),
  // without which it takes a common filter for a rare one and scans every unit.
  readModel: [
    {
      object: 'unit',
      indexes: [
        { fields: ['status', 'price.amountMicros', 'id'] },
        { fields: ['status', 'kind', 'price.amountMicros', 'id'] },
        { fields: ['rooms'] },
        { fields: ['totalArea'] },
        { fields: ['floor'] },
      ],
    },
  ],
  handlers: feedVersionHandlers,
  migrations: [portalTablesMigration],
  routes: portalRoutes,
  operations: [feedValidateOperation, publishOperation],
  settings: portalSettings,
  seed: portalSeed,
});

export default portalPlugin;
