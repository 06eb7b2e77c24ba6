/**
 * migration — `realty migrate salesforce` and `realty migrate dynamics`: exports of other CRMs into
 * Twenty, keeping every relation; resumable, idempotent (deterministic ids + a unique source-id
 * field), at the workspace's rate limit. Owns no objects: it writes to whatever the workspace has —
 * the standard objects and, when their plugins are enabled, teams, revenue, registry, auctions and
 * payments — and creates custom objects for the rest. This folder only declares the commands; the
 * engine (sources, dialects, mappings, the run) is the top-level migration/ folder.
 */
import { definePlugin } from '../core/index';
import { migrationCommands } from './commands';

export type { MigrateOptions } from './commands';

export const migrationPlugin = definePlugin({
  name: 'migration',
  description: 'Salesforce and Dynamics exports → Twenty, keeping every relation (resumable, idempotent)',
  commands: migrationCommands,
});

export default migrationPlugin;
