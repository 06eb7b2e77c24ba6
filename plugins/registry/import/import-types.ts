/**
 * The data the import pipeline passes between its stages: a parsed workbook,
 * the registry it is compared with, the plan (validation + diff) and the
 * result of applying it. The `/import` page and `realty import-units` both
 * speak these types.
 */
import { PROTECTED_UNIT_STATUSES } from '../rules/protection';
import { DEFAULT_PRICE_CHANGE_LIMIT_PERCENT } from '../settings';
import type { UnitKind, UnitStatus } from '../vocabulary';
import type { ColumnKey } from './import-columns';

export type { UnitKind, UnitStatus } from '../vocabulary';

/** What a cell held after formulas were replaced by their cached result. */
export type CellValue = string | number | boolean | null;

export interface ParsedRow {
  /** The Excel row number (1-based, as Excel shows it). */
  row: number;
  cells: Partial<Record<ColumnKey, CellValue>>;
  /** Cells whose formula had no cached value: the row is rejected for them. */
  formulaWithoutValue?: ColumnKey[];
}

export type FileProblemCode =
  | 'not_xlsx'
  | 'empty_file'
  | 'no_units_sheet'
  | 'missing_columns'
  | 'duplicate_column'
  | 'second_header'
  | 'merged_cells'
  | 'blank_rows'
  | 'formulas'
  | 'unknown_columns';

export interface FileProblem {
  code: FileProblemCode;
  /** `error`: the file cannot be imported at all; `warning`/`info`: reported, the import goes on. */
  severity: 'error' | 'warning' | 'info';
  message: string;
  rows?: number[];
  columns?: string[];
  ranges?: string[];
}

export interface ColumnBinding {
  key: ColumnKey;
  /** Excel letter of the column in this file. */
  letter: string;
  /** The header text as written in the file. */
  header: string;
}

export interface ParsedWorkbook {
  fileName: string;
  /** SHA-256 (hex) of the file's bytes. */
  checksum: string;
  sheetName: string | null;
  headerRow: number | null;
  columns: ColumnBinding[];
  rows: ParsedRow[];
  fileProblems: FileProblem[];
  /** False when a file problem of severity `error` makes the file unusable. */
  usable: boolean;
}

export interface RowProblem {
  row: number;
  /** Excel letter, e.g. `J`; absent when the problem is about the row as a whole. */
  column?: string;
  /** The column's caption, e.g. `Общая площадь, м² / Total area, m²`. */
  caption?: string;
  field?: ColumnKey;
  code: RowProblemCode;
  reason: string;
}

export type RowProblemCode =
  | 'required'
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range'
  | 'unknown_value'
  | 'unit_suffix'
  | 'rooms_for_kind'
  | 'duplicate_in_file'
  | 'unknown_reference'
  | 'ambiguous_reference'
  | 'identity_conflict'
  | 'protected_unit'
  | 'formula_without_value'
  | 'too_long';

export interface FieldChange {
  field: UnitField;
  /** Values as the protocol stores them: select values, plain decimals (price in roubles). */
  old: string | null;
  new: string | null;
  /** True for a price change held for an admin's approval (not written to the unit). */
  held?: boolean;
}

export type PlannedRowKind = 'create' | 'update' | 'unchanged' | 'rejected' | 'pending-approval';

export interface PlannedRow {
  kind: PlannedRowKind;
  row: number;
  /** `code:<externalCode>` or `unit:<buildingId>:<section>:<number>`; empty when the row is too broken to key. */
  unitKey: string;
  /** The unit in Twenty: the existing one, or the deterministic id a create will use. */
  unitId?: string;
  label?: string;
  changes: FieldChange[];
  problems: RowProblem[];
  /** The values to write (only for create/update/pending-approval rows). */
  write?: UnitWrite;
}

export interface ImportCounts {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  rejected: number;
  pendingApproval: number;
}

export interface ImportPlan {
  checksum: string;
  fileName: string;
  /** The importBatch this plan writes as (deterministic from the checksum unless given). */
  batchId: string;
  /**
   * The batch's number as people say it («импорт №12»): the number the batch already has when it
   * resumes, else one more than the highest so far.
   */
  batchNumber: number;
  actor: string;
  rows: PlannedRow[];
  counts: ImportCounts;
  fileProblems: FileProblem[];
  usable: boolean;
  /** A batch with this checksum was applied already: applying writes nothing. */
  alreadyImported?: boolean;
  /** A batch with this checksum was started and not finished: applying resumes it. */
  resumes?: boolean;
  settings: ImportSettings;
}

export interface ImportSettings {
  /** A price change beyond this (in % of the current price) is held for an admin's approval. */
  maxPriceChangePercent: number;
  /** Units in these statuses cannot get a new price or status from an import. */
  protectedStatuses: readonly UnitStatus[];
}

export const DEFAULT_IMPORT_SETTINGS: ImportSettings = Object.freeze({
  maxPriceChangePercent: DEFAULT_PRICE_CHANGE_LIMIT_PERCENT,
  protectedStatuses: PROTECTED_UNIT_STATUSES,
});

/** Fields an import may set on a unit (relations as ids). */
export const UNIT_FIELDS = [
  'externalCode',
  'buildingId',
  'sectionId',
  'kind',
  'number',
  'floor',
  'positionOnFloor',
  'rooms',
  'totalArea',
  'livingArea',
  'price',
  'status',
  'cadastralNumber',
] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];

/** A unit's values in the import's terms; price in roubles as a decimal string. */
export interface UnitValues {
  externalCode: string | null;
  buildingId: string | null;
  sectionId: string | null;
  kind: UnitKind | null;
  number: string | null;
  floor: number | null;
  positionOnFloor: number | null;
  rooms: number | null;
  totalArea: number | null;
  livingArea: number | null;
  price: string | null;
  status: UnitStatus | null;
  cadastralNumber: string | null;
}

/** What applyImport sends for one row: the full values for a create, only changed fields for an update. */
export interface UnitWrite {
  op: 'create' | 'update';
  unitId: string;
  values: Partial<UnitValues>;
  /** Derived from price ÷ total area whenever either is written (roubles, 2 decimals). */
  pricePerSqm?: string;
}

export interface SnapshotComplex {
  id: string;
  name: string | null;
}
export interface SnapshotBuilding {
  id: string;
  complexId: string | null;
  name: string | null;
  number: string | null;
  floors: number | null;
}
export interface SnapshotSection {
  id: string;
  buildingId: string | null;
  number: number | null;
  floors: number | null;
}
export interface SnapshotUnit extends UnitValues {
  id: string;
}
export interface SnapshotPendingChange {
  id: string;
  unitId: string | null;
  fieldName: string | null;
  oldValue: string | null;
  newValue: string | null;
  importBatchId: string | null;
}
export interface SnapshotImportBatch {
  id: string;
  checksum: string | null;
  status: string | null;
  fileName: string | null;
  /** The import's number (1, 2, 3…); null for a batch written before numbers existed. */
  number?: number | null;
  createdAt?: string;
}

/** The registry as the import sees it (current as of loadRegistrySnapshot). */
export interface RegistrySnapshot {
  complexes: SnapshotComplex[];
  buildings: SnapshotBuilding[];
  sections: SnapshotSection[];
  units: SnapshotUnit[];
  pendingChanges: SnapshotPendingChange[];
  importBatches: SnapshotImportBatch[];
}

export interface ImportResult {
  batchId: string;
  /** The import's number («импорт №12»), as its importBatch record and the units it created say. */
  batchNumber: number;
  status: 'applied' | 'already-imported' | 'nothing-to-do' | 'unusable-file';
  /** Rows written in this run (a resumed run does not count rows written before). */
  created: number;
  updated: number;
  pendingApproval: number;
  rejected: number;
  unchanged: number;
  /** unitChange records written in this run. */
  unitChanges: number;
  /** Rows skipped because the checkpoint says an earlier run wrote them. */
  resumedRows: number;
  requests: number;
  durationMs: number;
}

export interface ApplyImportOptions {
  /** Overrides the plan's batch id. */
  batchId?: string;
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops after the chunk being written; the batch stays APPLYING and a new run resumes it. */
  signal?: AbortSignal;
  /** Units per request (default 60, Twenty's documented batch size). */
  chunkSize?: number;
}

export interface ApprovalOutcome {
  approved: string[];
  rejected: string[];
  /** Changes not applied because the unit moved since the import (left PENDING), with the reason. */
  conflicts: { id: string; reason: string }[];
}
