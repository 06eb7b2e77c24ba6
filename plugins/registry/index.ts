/**
 * registry — the developer's property registry: residential complexes,
 * buildings, sections and units, with the unit change protocol and import
 * batches. Owns residentialComplex, building, section, unit, unitChange,
 * importBatch; reacts to unit.updated (reverting protected edits made in
 * Twenty's UI by non-admins); serves /import (the Excel import wizard). The
 * chessboard and reports read its objects from the read model it declares.
 */
import { definePlugin } from '../core/index';
import { importRoutes } from './import-routes';
import { protectionHandlers, protectionMigration } from './protection';
import { building, registryObjects, residentialComplex, section, unit } from './schema';

export * from './schema';

export const registryPlugin = definePlugin({
  name: 'registry',
  description: 'Residential complexes → buildings → sections → units, the change protocol and import batches',
  objects: registryObjects,
  readModel: [unit, building, section, residentialComplex],
  handlers: protectionHandlers(),
  migrations: [protectionMigration],
  routes: importRoutes,
});

export default registryPlugin;
