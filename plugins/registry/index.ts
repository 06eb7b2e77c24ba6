/**
 * registry — the developer's property registry: what is for sale and what happened to it.
 * Owns residentialComplex → building → section → unit, the change protocol (unitChange) and
 * import batches; reacts to unit.updated (reverting protected edits made in Twenty's UI by
 * non-admins); serves /import (the Excel import) and `realty import-units`. Other plugins read
 * its objects through the read model and use its vocabulary of unit kinds and statuses.
 */
import { definePlugin } from '../core/index';
import { registryPolicies } from './access';
import { registryCommands } from './commands';
import { dropUnitPreviousTrigger, PROTECTED_FIELDS, protectionHandlers } from './handlers';
import { importBatchNumbersMigration } from './import/batch-numbers';
import { importFileOperation } from './import-operation';
import { importPlansPruneJob } from './jobs';
import { registryLabelsRu } from './labels-ru';
import { importPage, importPageAssets } from './pages/import-page';
import { importPlansMigration } from './pages/plan-sessions';
import { importRoutes } from './routes';
import {
  building,
  importBatch,
  registryObjects,
  residentialComplex,
  section,
  unit,
  unitChange,
} from './schema';
import { registrySeed } from './seed';
import { registrySettings } from './settings';

export {
  BASIC_UNIT_FIELDS,
  EXTENDED_UNIT_FIELDS,
  historyFieldNames,
  PARTNER_UNIT_CHANGE_FIELDS,
  PUBLIC_SALE_FIELD,
} from './access';
export { buildDemoRegistry, type DemoRegistry } from './demo-data';
export { type PlaceNames, placeNames } from './published-reads';
export * from './schema';
export { type RegistrySettings, registrySettings, registrySettingsOf } from './settings';
export * from './vocabulary';

export const registryPlugin = definePlugin({
  name: 'registry',
  description: 'Residential complexes → buildings → sections → units, the change protocol and import batches',
  objects: registryObjects,
  labels: { ru: registryLabelsRu },
  // The chessboard, auctions and agencies read places and units in their own SQL, through their
  // readers (each principal's rules apply): these views are what the registry publishes for that.
  publishedViews: ['residentialComplex', 'building', 'section', 'unit', 'unitChange', 'importBatch'],
  readModel: [
    {
      object: unit,
      indexes: [{ fields: ['buildingId'] }, { fields: ['sectionId'] }, { fields: ['externalCode'] }],
      keepPrevious: PROTECTED_FIELDS,
    },
    { object: building, indexes: [{ fields: ['complexId'] }] },
    { object: section, indexes: [{ fields: ['buildingId'] }] },
    residentialComplex,
    { object: unitChange, indexes: [{ fields: ['unitId'] }] },
    // A unit's «created by import №…» line on the chessboard card reads its batch here.
    importBatch,
  ],
  handlers: protectionHandlers(),
  jobs: [importPlansPruneJob],
  migrations: [
    // 001 installed a trigger on the unit replica; the read model keeps previous values itself now.
    dropUnitPreviousTrigger,
    importPlansMigration,
    importBatchNumbersMigration,
  ],
  routes: importRoutes,
  pages: [importPage],
  assets: importPageAssets,
  commands: registryCommands,
  operations: [importFileOperation],
  settings: registrySettings,
  seed: registrySeed,
  access: registryPolicies,
});

export default registryPlugin;
