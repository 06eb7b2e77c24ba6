/**
 * loadRegistrySnapshot — the registry as the planner needs it, read in bulk
 * from the read model's views (through the caller's reader) and made current
 * by a freshness pull: every record Twenty changed since the view's newest
 * `updatedAt` (minus the sweep's overlap) is laid over it in memory. Not
 * runSweep itself: the sweep needs the dispatcher, and a sweep with a dummy
 * dispatcher would mark changes as seen without running their handlers. An
 * empty read model (a fresh store), or a caller without a reader, means a
 * full pull.
 */
import { asc, eq, gte, or, type TwentyRecord } from '../../../sdk/index';
import type { DataAccess } from '../../core/access/index';
import { DEFAULT_SWEEP_OVERLAP_MS } from '../../core/events/index';
import { microsToRoubles } from '../rules/cell-parsing';
import { isUnitKind, isUnitStatus } from '../vocabulary';
import type { RegistrySnapshot, SnapshotUnit } from './import-types';

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

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
    kind: isUnitKind(r.kind) ? r.kind : null,
    number: str(r.number),
    floor: num(r.floor),
    positionOnFloor: num(r.positionOnFloor),
    rooms: num(r.rooms),
    totalArea: num(r.totalArea),
    livingArea: num(r.livingArea),
    price: priceOf(r.price),
    status: isUnitStatus(r.status) ? r.status : null,
    cadastralNumber: str(r.cadastralNumber),
  };
}

/** The columns of the views the snapshot reads, and how each becomes a REST-shaped field. */
const VIEW_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  residentialComplex: { name: 'name' },
  building: { complexId: 'complex_id', name: 'name', number: 'number', floors: 'floors' },
  section: { buildingId: 'building_id', number: 'number', floors: 'floors' },
  unit: {
    externalCode: 'external_code',
    buildingId: 'building_id',
    sectionId: 'section_id',
    kind: 'kind',
    number: 'number',
    floor: 'floor',
    positionOnFloor: 'position_on_floor',
    rooms: 'rooms',
    totalArea: 'total_area',
    livingArea: 'living_area',
    priceMicros: 'price_amount_micros',
    status: 'status',
    cadastralNumber: 'cadastral_number',
  },
};
const NUMERIC_FIELDS = new Set(['floors', 'floor', 'positionOnFloor', 'rooms', 'totalArea', 'livingArea']);

/** A view row (snake_case, numerics possibly as text) as the REST record the converters read. */
function recordOfRow(object: string, row: Record<string, unknown>): TwentyRecord {
  const record: Record<string, unknown> = { id: String(row.id) };
  for (const [field, column] of Object.entries(VIEW_COLUMNS[object] ?? {})) {
    const value = row[column];
    if (field === 'priceMicros') {
      record.price = value === null || value === undefined ? null : { amountMicros: Number(value) };
      continue;
    }
    const numeric = NUMERIC_FIELDS.has(field) || (field === 'number' && object === 'section');
    record[field] = numeric && value !== null && value !== undefined ? Number(value) : value;
  }
  return record as TwentyRecord;
}

/**
 * The current records of one object: the read model's view plus what Twenty changed since its
 * newest `updatedAt` (minus the sweep's overlap); without a reader, everything from Twenty.
 */
export async function currentRecords(ctx: DataAccess, object: string): Promise<TwentyRecord[]> {
  const byId = new Map<string, TwentyRecord>();
  let since: string | null = null;
  if (ctx.reader) {
    const columns = Object.values(VIEW_COLUMNS[object] ?? {});
    const rows = await ctx.reader.query<Record<string, unknown> & { updated_at: Date | string | null }>(
      `select id, updated_at${columns.map((c) => `, ${c}`).join('')} from {${object}}`,
    );
    let newest = 0;
    for (const row of rows) {
      byId.set(String(row.id), recordOfRow(object, row));
      const at = row.updated_at ? new Date(row.updated_at).getTime() : 0;
      if (at > newest) newest = at;
    }
    if (newest > 0) since = new Date(newest - DEFAULT_SWEEP_OVERLAP_MS).toISOString();
  }
  const replica = byId.size;
  const changed = ctx.records(object).iterate({
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
  ctx.log.debug({ object, replica, pulled }, 'registry snapshot: read model + freshness pull');
  return [...byId.values()];
}

export async function loadRegistrySnapshot(ctx: DataAccess): Promise<RegistrySnapshot> {
  const [complexes, buildings, sections, units] = await Promise.all(
    ['residentialComplex', 'building', 'section', 'unit'].map((o) => currentRecords(ctx, o)),
  );
  const pending: TwentyRecord[] = [];
  for await (const c of ctx.records('unitChange').iterate({ filter: eq('status', 'PENDING') }))
    pending.push(c);
  const batches: TwentyRecord[] = [];
  for await (const b of ctx.records('importBatch').iterate({})) batches.push(b);
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
      number: num(r.number),
      ...(r.createdAt ? { createdAt: r.createdAt } : {}),
    })),
  };
}
