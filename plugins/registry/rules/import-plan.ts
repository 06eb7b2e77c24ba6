/**
 * planImport — pure: validates every row, resolves its references, finds the
 * unit it means, and diffs it against the registry. Decisions:
 * - duplicates in the file (same external code, or same building + section +
 *   number) reject every row involved: the file does not say which is right;
 * - a unit IN_AUCTION/BOOKED/SOLD whose row changes its price or status is
 *   rejected as a whole row (none of its other values are written either);
 * - a price change beyond the limit is held (a PENDING unitChange), the other
 *   changed values of the row are written; a change already pending is not
 *   held twice;
 * - an empty cell never clears a value: an import never deletes.
 */
import Decimal from 'decimal.js';
import { uuidV5 } from '../../core/plugin/index';
import {
  DEFAULT_IMPORT_SETTINGS,
  type FieldChange,
  type ImportCounts,
  type ImportPlan,
  type ImportSettings,
  type ParsedWorkbook,
  type PlannedRow,
  type RegistrySnapshot,
  type SnapshotImportBatch,
  type SnapshotUnit,
  UNIT_FIELDS,
  type UnitField,
  type UnitValues,
} from '../import/import-types';
import { UNIT_KIND_RU, UNIT_STATUS_RU } from '../vocabulary';
import { indexRegistry, type RegistryIndex } from './registry-index';
import { problemFactory, type ValidatedRow, validateRow } from './row-validation';

export interface PlanContext {
  registry: RegistrySnapshot;
  settings?: Partial<ImportSettings>;
  /** Who imports (staff e-mail or id): importBatch.uploadedBy and unitChange.changedBy. */
  actor: string;
  /** Overrides the deterministic batch id (uuidV5 of the checksum). */
  batchId?: string;
}

export const importBatchIdFor = (checksum: string): string => uuidV5(`importBatch:${checksum}`);
export const createdUnitIdFor = (batchId: string, unitKey: string): string =>
  uuidV5(`import:${batchId}:${unitKey}`);

// Every field an import may set is compared (import-types.ts, UNIT_FIELDS).
const DIFF_FIELDS: readonly UnitField[] = UNIT_FIELDS;

/** The protocol's text form of a value: select values as stored, numbers and roubles as plain decimals. */
export function protocolValue(value: UnitValues[UnitField] | undefined): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

function sameValue(field: UnitField, a: UnitValues[UnitField], b: UnitValues[UnitField]): boolean {
  if (a === null || b === null) return a === b;
  if (field === 'price') return new Decimal(String(a)).eq(new Decimal(String(b)));
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 0.005;
  return a === b;
}

function pickValues(values: UnitValues, fields: readonly UnitField[]): Partial<UnitValues> {
  const out: Partial<Record<UnitField, unknown>> = {};
  for (const f of fields) out[f] = values[f];
  return out as Partial<UnitValues>;
}

function perSqm(price: string | null | undefined, area: number | null | undefined): { pricePerSqm?: string } {
  if (!price || !area) return {};
  return { pricePerSqm: new Decimal(price).dividedBy(area).toDecimalPlaces(2).toString() };
}

interface Resolved {
  v: ValidatedRow;
  values: UnitValues;
  unitKey: string;
  placeKey: string;
}

/** The batch's own number when it exists already (a resumed run), else the next one. */
export function batchNumberFor(batchId: string, batches: readonly SnapshotImportBatch[]): number {
  const own = batches.find((b) => b.id === batchId)?.number;
  if (typeof own === 'number' && own > 0) return own;
  const numbers = batches.map((b) => (typeof b.number === 'number' ? b.number : 0));
  // Batches from before numbering count too: their units were imported, so the numbering goes on.
  return Math.max(batches.filter((b) => b.id !== batchId).length, ...numbers) + 1;
}

export function planImport(parsed: ParsedWorkbook, ctx: PlanContext): ImportPlan {
  const settings: ImportSettings = { ...DEFAULT_IMPORT_SETTINGS, ...ctx.settings };
  const batchId = ctx.batchId ?? importBatchIdFor(parsed.checksum);
  const batches = ctx.registry.importBatches.filter((b) => b.checksum === parsed.checksum);
  const index = indexRegistry(ctx.registry);
  const pending = new Set(ctx.registry.pendingChanges.map((c) => `${c.unitId}|${c.fieldName}|${c.newValue}`));

  const resolved: Array<Resolved | PlannedRow> = parsed.usable
    ? parsed.rows.map((row) => resolveRow(validateRow(row, parsed.columns), index, parsed))
    : [];
  // Every row sharing a key with another is rejected: the file contradicts itself.
  const seen = new Map<string, number[]>();
  for (const r of resolved) {
    if (!('v' in r)) continue;
    for (const k of new Set([r.unitKey, r.placeKey])) seen.set(k, [...(seen.get(k) ?? []), r.v.row]);
  }
  const rows = resolved.map((r): PlannedRow => {
    if (!('v' in r)) return r;
    const others = [...new Set([r.unitKey, r.placeKey].flatMap((k) => seen.get(k) ?? []))].filter(
      (n) => n !== r.v.row,
    );
    if (others.length > 0) {
      const problem = problemFactory(r.v.row, parsed.columns);
      const byCode = r.values.externalCode !== null && (seen.get(r.unitKey)?.length ?? 0) > 1;
      return {
        kind: 'rejected',
        row: r.v.row,
        unitKey: r.unitKey,
        changes: [],
        problems: [
          problem(
            byCode ? 'externalCode' : 'number',
            'duplicate_in_file',
            `то же помещение (${byCode ? `внешний код «${r.values.externalCode}»` : 'корпус + секция + номер'}) есть и в строке(ах) ${others.join(', ')}; оставьте одну строку на помещение`,
          ),
        ],
      };
    }
    return diffRow(r, index, settings, pending, batchId, parsed);
  });

  const counts: ImportCounts = {
    rows: rows.length,
    create: 0,
    update: 0,
    unchanged: 0,
    rejected: 0,
    pendingApproval: 0,
  };
  for (const r of rows) {
    if (r.kind === 'pending-approval') counts.pendingApproval++;
    else counts[r.kind]++;
  }
  return {
    checksum: parsed.checksum,
    fileName: parsed.fileName,
    batchId,
    batchNumber: batchNumberFor(batchId, ctx.registry.importBatches),
    actor: ctx.actor,
    rows,
    counts,
    fileProblems: parsed.fileProblems,
    usable: parsed.usable,
    ...(batches.some((b) => b.status === 'APPLIED') ? { alreadyImported: true } : {}),
    ...(batches.some((b) => b.id === batchId && b.status !== 'APPLIED') ? { resumes: true } : {}),
    settings,
  };
}

function resolveRow(v: ValidatedRow, index: RegistryIndex, parsed: ParsedWorkbook): Resolved | PlannedRow {
  const problem = problemFactory(v.row, parsed.columns);
  const problems = [...v.problems];
  let buildingId: string | null = null;
  let sectionId: string | null = null;
  let floors: number | null = null;
  const complex = v.refs.complex ? index.complex(v.refs.complex) : null;
  if (complex && !('found' in complex))
    problems.push(
      problem(
        'complex',
        'missing' in complex ? 'unknown_reference' : 'ambiguous_reference',
        'missing' in complex ? complex.missing : complex.ambiguous,
      ),
    );
  if (v.refs.building && (!complex || 'found' in complex)) {
    const building = index.building(v.refs.building, complex && 'found' in complex ? complex.found : null);
    if ('found' in building) {
      buildingId = building.found.id;
      floors = building.found.floors;
      if (v.refs.section) {
        const section = index.section(v.refs.section, building.found);
        if ('found' in section) {
          sectionId = section.found.id;
          floors = section.found.floors ?? floors;
        } else
          problems.push(
            problem(
              'section',
              'missing' in section ? 'unknown_reference' : 'ambiguous_reference',
              'missing' in section ? section.missing : section.ambiguous,
            ),
          );
      }
    } else
      problems.push(
        problem(
          'building',
          'missing' in building ? 'unknown_reference' : 'ambiguous_reference',
          'missing' in building ? building.missing : building.ambiguous,
        ),
      );
  }
  const { floor, kind } = v.values;
  if (floor !== null && floors !== null && floor > floors)
    problems.push(problem('floor', 'out_of_range', `этаж ${floor} выше этажности корпуса: ${floors} эт.`));
  if (floor !== null && floor < 1 && (kind === 'FLAT' || kind === 'OFFICE'))
    problems.push(
      problem(
        'floor',
        'out_of_range',
        `этаж ${floor}: ниже первого этажа только машиноместа и кладовые, не «${UNIT_KIND_RU[kind]}»`,
      ),
    );

  const placeKey = `unit:${buildingId ?? v.refs.building}:${sectionId ?? '-'}:${v.values.number}`;
  const unitKey = v.values.externalCode ? `code:${v.values.externalCode}` : placeKey;
  if (problems.length > 0) return { kind: 'rejected', row: v.row, unitKey, changes: [], problems };
  return { v, values: { ...v.values, buildingId, sectionId }, unitKey, placeKey };
}

function findExisting(r: Resolved, index: RegistryIndex): { unit?: SnapshotUnit; conflict?: string } {
  const { values } = r;
  if (values.externalCode) {
    const byCode = index.unitByCode(values.externalCode);
    if (byCode) return { unit: byCode };
  }
  if (!values.buildingId || !values.number) return {};
  let at = index.unitsAt(values.buildingId, values.number);
  if (values.sectionId) at = at.filter((u) => u.sectionId === values.sectionId || u.sectionId === null);
  if (at.length > 1)
    return {
      conflict: `в этом корпусе ${at.length} помещения с номером «${values.number}»; заполните секцию или внешний код`,
    };
  const unit = at[0];
  if (unit?.externalCode && values.externalCode && unit.externalCode !== values.externalCode)
    return {
      conflict: `у помещения «${values.number}» этого корпуса уже есть внешний код «${unit.externalCode}», а не «${values.externalCode}»`,
    };
  return unit ? { unit } : {};
}

function diffRow(
  r: Resolved,
  index: RegistryIndex,
  settings: ImportSettings,
  pending: Set<string>,
  batchId: string,
  parsed: ParsedWorkbook,
): PlannedRow {
  const problem = problemFactory(r.v.row, parsed.columns);
  const label = `${r.values.kind ?? ''} ${r.values.number ?? ''}`.trim();
  const { unit, conflict } = findExisting(r, index);
  if (conflict)
    return {
      kind: 'rejected',
      row: r.v.row,
      unitKey: r.unitKey,
      label,
      changes: [],
      problems: [problem('externalCode', 'identity_conflict', conflict)],
    };
  if (!unit) {
    const unitId = createdUnitIdFor(batchId, r.unitKey);
    const values = pickValues(
      r.values,
      DIFF_FIELDS.filter((f) => r.values[f] !== null),
    );
    return {
      kind: 'create',
      row: r.v.row,
      unitKey: r.unitKey,
      unitId,
      label,
      changes: DIFF_FIELDS.filter((f) => r.values[f] !== null).map((f) => ({
        field: f,
        old: null,
        new: protocolValue(r.values[f]),
      })),
      problems: [],
      write: { op: 'create', unitId, values, ...perSqm(r.values.price, r.values.totalArea) },
    };
  }
  const changes: FieldChange[] = [];
  for (const field of DIFF_FIELDS) {
    const next = r.values[field];
    if (next === null || sameValue(field, unit[field], next)) continue;
    changes.push({ field, old: protocolValue(unit[field]), new: protocolValue(next) });
  }
  const base = { row: r.v.row, unitKey: r.unitKey, unitId: unit.id, label };
  const current = unit.status;
  const touchesProtected = changes.filter((c) => c.field === 'price' || c.field === 'status');
  if (current && settings.protectedStatuses.includes(current) && touchesProtected.length > 0) {
    return {
      ...base,
      kind: 'rejected',
      changes,
      problems: touchesProtected.map((c) =>
        problem(
          c.field as 'price' | 'status',
          'protected_unit',
          `помещение в статусе «${UNIT_STATUS_RU[current] ?? current}»: импорт не меняет его цену и статус (${c.old ?? '—'} → ${c.new ?? '—'}); строка не импортирована целиком`,
        ),
      ),
    };
  }
  let heldNew = false;
  const priceChange = changes.find((c) => c.field === 'price');
  if (priceChange?.old && priceChange.new) {
    const old = new Decimal(priceChange.old);
    const percent = old.isZero()
      ? Infinity
      : new Decimal(priceChange.new).minus(old).abs().dividedBy(old).times(100).toNumber();
    if (percent > settings.maxPriceChangePercent) {
      priceChange.held = true;
      heldNew = !pending.has(`${unit.id}|price|${priceChange.new}`);
    }
  }
  const written = changes.filter((c) => !c.held);
  const kind = heldNew ? 'pending-approval' : written.length > 0 ? 'update' : 'unchanged';
  const values = pickValues(
    r.values,
    written.map((c) => c.field),
  );
  return {
    ...base,
    kind,
    changes: heldNew ? changes : written,
    problems: [],
    ...(kind === 'unchanged'
      ? {}
      : {
          write: {
            op: 'update' as const,
            unitId: unit.id,
            values,
            ...('price' in values || 'totalArea' in values
              ? perSqm(values.price ?? unit.price, values.totalArea ?? unit.totalArea)
              : {}),
          },
        }),
  };
}
