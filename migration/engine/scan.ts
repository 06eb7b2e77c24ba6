/**
 * The first, read-only pass over an export: every table streamed once to learn
 * its columns, row count and ids (duplicates and malformed ids found here, so a
 * row's fate is known before anything is written), what each column holds (to
 * infer field types and lookups) and the distinct values of short columns (to
 * create SELECT options up front). Memory grows with the number of ids, not
 * with the size of the files.
 */
import type { ExportSource, SourceFile } from '../source/export-source';
import { type RowProblem, readTable } from '../source/rows';
import type { Dialect } from './dialect';
import { parseDate, parseDateTime, parseNumber } from './values';

export const MAX_DISTINCT = 500;

export interface ColumnStats {
  nonEmpty: number;
  booleans: number;
  dates: number;
  dateTimes: number;
  numbers: number;
  integers: number;
  ids: number;
  emails: number;
  /** Key prefix (or source type) → count of id values. */
  idTypes: Map<string, number>;
  distinct: Set<string> | undefined;
  maxLength: number;
  multiline: boolean;
  semicolons: number;
}

export interface TableScan {
  name: string;
  files: SourceFile[];
  columns: string[];
  idColumn: string | undefined;
  rows: number;
  stats: Map<string, ColumnStats>;
  /** Rows that cannot be migrated, with why (broken quoting, no id, duplicate id). */
  rejected: Map<number, RowProblem>;
  /** The source type of this table's ids (a key prefix). */
  idType: string | undefined;
}

/**
 * Source id → its table and row, in one map of numbers (table index × 10¹⁰ + row): a few hundred
 * thousand ids stay a few tens of MB.
 */
export class IdIndex {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  add(id: string, table: string, row: number): void {
    let index = this.names.indexOf(table);
    if (index < 0) index = this.names.push(table) - 1;
    this.ids.set(id, index * 1e10 + row);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get(id: string): string | undefined {
    const v = this.ids.get(id);
    return v === undefined ? undefined : this.names[Math.floor(v / 1e10)];
  }

  rowOf(id: string): number | undefined {
    const v = this.ids.get(id);
    return v === undefined ? undefined : v % 1e10;
  }

  *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [id, v] of this.ids) yield [id, this.names[Math.floor(v / 1e10)]];
  }
}

export interface ScanResult {
  tables: Map<string, TableScan>;
  /** Source id → table name. */
  tableOf: IdIndex;
  /** Extra per-id facts some mappings need (names of parents, a line item's opportunity). */
  facts: Map<string, Record<string, string>>;
}

export interface ScanOptions {
  encoding?: string;
  signal?: AbortSignal;
  /**
   * Columns to remember per id: table → columns (e.g. Opportunity → Name), only when a table that
   * needs them is in the export (`needs`: table → the tables that use them).
   */
  remember?: Readonly<Record<string, readonly string[]>>;
  needs?: Readonly<Record<string, readonly string[]>>;
  onProgress?(table: string, rows: number): void;
}

function newStats(): ColumnStats {
  return {
    nonEmpty: 0,
    booleans: 0,
    dates: 0,
    dateTimes: 0,
    numbers: 0,
    integers: 0,
    ids: 0,
    emails: 0,
    idTypes: new Map(),
    distinct: new Set(),
    maxLength: 0,
    multiline: false,
    semicolons: 0,
  };
}

function observe(stats: ColumnStats, value: string, dialect: Dialect): void {
  if (value === '') return;
  stats.nonEmpty++;
  if (value.length > stats.maxLength) stats.maxLength = value.length;
  if (!stats.multiline && /[\r\n]/.test(value)) stats.multiline = true;
  if (value.includes(';')) stats.semicolons++;
  if (/^(true|false)$/i.test(value)) stats.booleans++;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && parseDate(value).ok) stats.dates++;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d/.test(value) && parseDateTime(value, 'UTC').ok) stats.dateTimes++;
  if (parseNumber(value).ok && !/^0\d/.test(value)) {
    stats.numbers++;
    if (/^[-+]?\d+$/.test(value) && value.length < 16) stats.integers++;
  }
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) stats.emails++;
  const id = dialect.normaliseId(value);
  if (id) {
    stats.ids++;
    const type = dialect.typeOf(id) ?? '?';
    stats.idTypes.set(type, (stats.idTypes.get(type) ?? 0) + 1);
  }
  if (stats.distinct) {
    if (value.length > 120) stats.distinct = undefined;
    else {
      stats.distinct.add(value);
      if (stats.distinct.size > MAX_DISTINCT) stats.distinct = undefined;
    }
  }
}

export async function scanExport(
  source: ExportSource,
  dialect: Dialect,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const tables = new Map<string, TableScan>();
  const tableOf = new IdIndex();
  const facts = new Map<string, Record<string, string>>();
  for (const [name, files] of [...source.tables].sort(([a], [b]) => a.localeCompare(b))) {
    const scan: TableScan = {
      name,
      files,
      columns: [],
      idColumn: undefined,
      rows: 0,
      stats: new Map(),
      rejected: new Map(),
      idType: undefined,
    };
    const users = options.needs?.[name];
    const remember =
      users && !users.some((t) => source.tables.has(t)) ? [] : (options.remember?.[name] ?? []);
    const rows = readTable(files, {
      encoding: options.encoding,
      signal: options.signal,
      onBroken: (p) => {
        scan.rejected.set(p.row, p);
        scan.rows = Math.max(scan.rows, p.row);
      },
    });
    let statsList: [string, ColumnStats][] = [];
    for await (const row of rows) {
      if (scan.columns.length === 0) {
        scan.columns = Object.keys(row.values);
        scan.idColumn = dialect.idColumn(name, scan.columns);
        for (const c of scan.columns) scan.stats.set(c, newStats());
        statsList = [...scan.stats];
      }
      scan.rows = Math.max(scan.rows, row.row);
      for (const [column, stats] of statsList) observe(stats, row.values[column] ?? '', dialect);
      if (!scan.idColumn) continue;
      const raw = row.values[scan.idColumn] ?? '';
      const id = dialect.normaliseId(raw);
      if (!id) {
        scan.rejected.set(row.row, {
          row: row.row,
          where: row.where,
          reason: raw === '' ? `no ${scan.idColumn}` : `${scan.idColumn} "${raw}" is not a valid id`,
        });
        continue;
      }
      const earlier = tableOf.get(id);
      if (earlier !== undefined) {
        scan.rejected.set(row.row, {
          row: row.row,
          where: row.where,
          reason: `duplicate id ${id} (first in ${earlier} row ${tableOf.rowOf(id)})`,
        });
        continue;
      }
      tableOf.add(id, name, row.row);
      scan.idType ??= dialect.typeOf(id);
      if (remember.length > 0) {
        const kept: Record<string, string> = {};
        for (const c of remember) if (row.values[c]) kept[c] = row.values[c];
        facts.set(id, kept);
      }
      if (row.row % 5000 === 0) options.onProgress?.(name, row.row);
    }
    if (scan.columns.length === 0 && files[0]) {
      // A file with a header only: learn its columns anyway.
      scan.idColumn = undefined;
    }
    options.onProgress?.(name, scan.rows);
    tables.set(name, scan);
    if (options.signal?.aborted) break;
  }
  return { tables, tableOf, facts };
}
