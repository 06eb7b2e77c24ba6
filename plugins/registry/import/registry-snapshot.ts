/**
 * loadRegistrySnapshot — the registry as the planner needs it, read in bulk
 * from the read model and made current by a freshness pull: every record
 * Twenty changed since the replica's newest `updatedAt` (minus the sweep's
 * overlap) is laid over it in memory. Not runSweep itself: the sweep needs
 * the dispatcher (a PluginContext has none), and a sweep with a dummy
 * dispatcher would mark changes as seen without running their handlers.
 * An empty replica (a fresh store) means a full pull.
 */
import { asc, eq, gte, or, type TwentyRecord } from '../../../sdk/index';
import { DEFAULT_SWEEP_OVERLAP_MS } from '../../core/events/index';
import type { PluginContext } from '../../core/plugin/index';
import { microsToRoubles } from './cell-parsing';
import {
  type RegistrySnapshot,
  type SnapshotUnit,
  UNIT_KIND_VALUES,
  UNIT_STATUS_VALUES,
  type UnitKindValue,
  type UnitStatusValue,
} from './import-types';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const oneOf = <V extends string>(values: readonly V[], v: unknown): V | null =>
  typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as V) : null;

function priceOf(v: unknown): string | null {
  if (!v || typeof v !== 'object' || !('amountMicros' in v)) return null;
  const micros = v.amountMicros;
  if (typeof micros === 'number') return microsToRoubles(micros);
  if (typeof micros === 'string' && micros !== '') return microsToRoubles(Number(micros));
  return null;
}

export function snapshotUnit(r: TwentyRecord): SnapshotUnit {
  return {
    id: r.id,
    externalCode: str(r.externalCode),
    buildingId: str(r.buildingId),
    sectionId: str(r.sectionId),
    kind: oneOf<UnitKindValue>(UNIT_KIND_VALUES, r.kind),
    number: str(r.number),
    floor: num(r.floor),
    positionOnFloor: num(r.positionOnFloor),
    rooms: num(r.rooms),
    totalArea: num(r.totalArea),
    livingArea: num(r.livingArea),
    price: priceOf(r.price),
    status: oneOf<UnitStatusValue>(UNIT_STATUS_VALUES, r.status),
    cadastralNumber: str(r.cadastralNumber),
  };
}

/** The current records of one replicated object: the replica plus what Twenty changed since. */
export async function currentRecords(ctx: PluginContext, object: string): Promise<TwentyRecord[]> {
  const table = ctx.store.readModel.table(object);
  const replica = await ctx.store.sql.query<{ data: TwentyRecord; newest: Date | null }>(
    `select data, max(updated_at) over () as newest from ${table} where deleted_at is null`,
  );
  const byId = new Map<string, TwentyRecord>(replica.rows.map((r) => [r.data.id, r.data]));
  const newest = replica.rows[0]?.newest ?? null;
  const since = newest ? new Date(new Date(newest).getTime() - DEFAULT_SWEEP_OVERLAP_MS).toISOString() : null;
  const changed = ctx.twenty.records(object).iterate({
    // Naming deletedAt is what makes Twenty include soft-deleted records (C10).
    ...(since ? { filter: or(gte('updatedAt', since), gte('deletedAt', since)) } : {}),
    orderBy: [asc('updatedAt'), asc('id')],
  });
  let pulled = 0;
  for await (const record of changed) {
    pulled++;
    if (record.deletedAt) byId.delete(record.id);
    else byId.set(record.id, record);
  }
  ctx.log.debug(
    { object, replica: replica.rows.length, pulled },
    'registry snapshot: replica + freshness pull',
  );
  return [...byId.values()];
}

export async function loadRegistrySnapshot(ctx: PluginContext): Promise<RegistrySnapshot> {
  const [complexes, buildings, sections, units] = await Promise.all(
    ['residentialComplex', 'building', 'section', 'unit'].map((o) => currentRecords(ctx, o)),
  );
  const pending: TwentyRecord[] = [];
  for await (const c of ctx.twenty.records('unitChange').iterate({ filter: eq('status', 'PENDING') }))
    pending.push(c);
  const batches: TwentyRecord[] = [];
  for await (const b of ctx.twenty.records('importBatch').iterate({})) batches.push(b);
  return {
    complexes: (complexes ?? []).map((r) => ({ id: r.id, name: str(r.name) })),
    buildings: (buildings ?? []).map((r) => ({
      id: r.id,
      complexId: str(r.complexId),
      name: str(r.name),
      number: str(r.number),
      floors: num(r.floors),
    })),
    sections: (sections ?? []).map((r) => ({
      id: r.id,
      buildingId: str(r.buildingId),
      number: num(r.number),
      floors: num(r.floors),
    })),
    units: (units ?? []).map(snapshotUnit),
    pendingChanges: pending.map((r) => ({
      id: r.id,
      unitId: str(r.unitId),
      fieldName: str(r.fieldName),
      oldValue: str(r.oldValue),
      newValue: str(r.newValue),
      importBatchId: str(r.importBatchId),
    })),
    importBatches: batches.map((r) => ({
      id: r.id,
      checksum: str(r.checksum),
      status: str(r.status),
      fileName: str(r.fileName),
      ...(r.createdAt ? { createdAt: r.createdAt } : {}),
    })),
  };
}
