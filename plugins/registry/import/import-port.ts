/**
 * What the import pipeline needs from its caller, and nothing more: records of
 * the registry's objects in Twenty, the plugin's own store tables (checkpoints,
 * intents), a log, a clock and the registry's settings — optionally a reader of
 * the read model for the snapshot's bulk read. A route provides it from its
 * `RouteContext` (the scoped writer, storage and reader: the staff member's
 * policy applies to every write); the CLI, jobs and tests from a system
 * `PluginContext` (the admin-key client, a storage over the store).
 */
import type { ObjectRef, TwentyRecord } from '../../../sdk/index';
import {
  createPluginStorage,
  type PluginStorage,
  type ScopedReader,
  type ScopedRecords,
} from '../../core/access/index';
import type { PluginContext, RouteContext } from '../../core/plugin/index';
import type { Clock, Logger } from '../../core/runtime/index';
import { type RegistrySettings, registrySettingsOf } from '../settings';

export interface ImportPort {
  records<T extends TwentyRecord = TwentyRecord>(object: string | ObjectRef<T>): ScopedRecords<T>;
  /** The registry's own tables (`registry_import_checkpoints`, `registry_import_intents`). */
  readonly storage: PluginStorage;
  readonly log: Logger;
  readonly clock: Clock;
  readonly settings: RegistrySettings;
  /** Requests made to Twenty through `records` so far (results report the import's share). */
  requests(): number;
  /**
   * The read model's views (`select … from {unit}`), for reading the registry in bulk; absent, the
   * snapshot pulls everything from Twenty.
   */
  readonly reader?: Pick<ScopedReader, 'query'>;
}

/** Anything the pipeline accepts: a port, or a system context it makes one of. */
export type ImportHost = ImportPort | PluginContext;

/** The registry's tables in the store, for system callers (the CLI, jobs, tests): checked as a route's are. */
export function storeStorage(ctx: Pick<PluginContext, 'store'>): PluginStorage {
  return createPluginStorage({ sql: ctx.store.sql, plugin: 'registry', plugins: ['registry'] });
}

export function systemImportPort(
  ctx: PluginContext,
  options: { reader?: Pick<ScopedReader, 'query'> } = {},
): ImportPort {
  return {
    records: (object) => ctx.twenty.records(object),
    storage: storeStorage(ctx),
    log: ctx.log,
    clock: ctx.clock,
    settings: registrySettingsOf(ctx),
    requests: () => ctx.twenty.stats().requests,
    ...(options.reader ? { reader: options.reader } : {}),
  };
}

/** A route's port: every write through the staff member's scoped writer. */
export function routeImportPort(ctx: RouteContext): ImportPort {
  return {
    records: (object) => ctx.writer.records(object),
    storage: ctx.storage,
    log: ctx.log,
    clock: ctx.clock,
    settings: registrySettingsOf(ctx),
    requests: () => ctx.writer.requests(),
    reader: ctx.reader,
  };
}

export function importPortOf(host: ImportHost): ImportPort {
  return 'twenty' in host && 'store' in host ? systemImportPort(host) : (host as ImportPort);
}
