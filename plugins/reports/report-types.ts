/**
 * What a report section is: a declared value (number, key, Russian title, the plugins and objects
 * it reads, the parameters it takes, its columns) and a `run(reader, params)` that reads the
 * published views through the caller's scoped reader and answers rows keyed by column. The page,
 * the JSON route, the workbook and the daily job all render the same `ReportTable`.
 */
import type { ScopedReader } from '../core/access/index';
import type { RouteAccess } from '../core/plugin/index';

/** How a column's values are shown: ₽ with kopecks, m² with one decimal, dd.mm.yyyy, integers, %. */
export type ColumnType = 'text' | 'money' | 'area' | 'date' | 'int' | 'percent';

export interface ReportColumn {
  readonly key: string;
  /** The heading (Russian: pages and workbooks are for people). */
  readonly label: string;
  readonly type: ColumnType;
  /** Summed into the totals row (money, area, int columns only). */
  readonly total?: boolean;
}

/** A cell: text, a number (money in roubles, area in m², percent as 12.5 for 12.5 %), a date `YYYY-MM-DD`, or empty. */
export type Cell = string | number | null;
export type ReportRow = Readonly<Record<string, Cell>>;

/** A chart the page draws (ECharts) where a picture says it faster than the table. */
export interface ReportChart {
  readonly kind: 'bar' | 'line' | 'pie';
  /** Category axis labels (years, months, statuses). */
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** What the values are: roubles, counts, m². */
  readonly unit: 'money' | 'int' | 'area';
}

export interface ReportTable {
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly ReportRow[];
  /** The totals row (values, never formulas), when the section has summed columns and rows. */
  readonly totals?: ReportRow;
  readonly chart?: ReportChart;
}

/** The parameters a section may take (each section says which). */
export type ParamName = 'period' | 'date' | 'complex' | 'agency';

export interface ReportParams {
  /** Period start and end, inclusive, `YYYY-MM-DD` (Moscow dates). */
  readonly from: string;
  readonly to: string;
  /** The day of the daily summary and "as of" for deadlines, `YYYY-MM-DD`. */
  readonly date: string;
  readonly complexId?: string;
  readonly agencyId?: string;
}

/** What a section's run returns; columns come from the declaration, totals are added from them. */
export interface SectionResult {
  readonly rows: readonly ReportRow[];
  readonly chart?: ReportChart;
  /** Totals the columns cannot sum (an overall percent); merged over the summed ones. */
  readonly totals?: ReportRow;
}

export interface ReportSection {
  /** 1…19, the section's number in the issue and on the sheet tab. */
  readonly id: number;
  /** A stable key (`receipts-by-unit`): the URL and the command accept it or the number. */
  readonly key: string;
  readonly title: { readonly ru: string; readonly en: string };
  /** The plugins it reads besides registry, auctions and payments (it is left out when one is disabled). */
  readonly plugins: readonly string[];
  /** The objects it reads (the report routes declare the union). */
  readonly objects: readonly string[];
  /** Objects that must be replicated for it to run (a disabled plugin's): default none. */
  readonly requires?: readonly string[];
  /** When `requires` cannot say it (a plugin owning no objects), a probe through the reader. */
  available?(reader: ScopedReader): Promise<boolean>;
  readonly params: readonly ParamName[];
  /** Staff roles that may see it (admin sees all); `partner` where an agency sees its own rows. */
  readonly roles: readonly RouteAccess[];
  readonly columns: readonly ReportColumn[];
  run(reader: ScopedReader, params: ReportParams): Promise<SectionResult>;
}

export const defineSection = (section: ReportSection): ReportSection => Object.freeze(section);
