/**
 * Workbooks made for people: a contents sheet (the parameters, the sections, those left out and
 * why), then one sheet per section — the header frozen and filtered, columns as wide as their
 * values, money as ₽ with kopecks, areas in m², dates dd.mm.yyyy, percents, and the totals row as
 * values below the filtered range (sorting never breaks it; there are no formulas).
 */
import { PassThrough } from 'node:stream';
// exceljs is loaded when a workbook is made or read: ~0.3 s of start-up for every process otherwise.
import type ExcelJS from 'exceljs';
import { periodRu, ruDay } from './report-params';
import type { Cell, ColumnType, ReportColumn } from './report-types';
import type { AllReport, SectionReport } from './run-report';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const NUMBER_FORMATS: Readonly<Record<ColumnType, string | undefined>> = {
  text: undefined,
  money: '#,##0.00 "₽"',
  area: '#,##0.0 "м²"',
  date: 'dd.mm.yyyy',
  int: '#,##0',
  percent: '0.0%',
};

const FORBIDDEN = /[\\/?*[\]:]/g;

/** A sheet name Excel accepts: ≤ 31 characters, none of \ / ? * [ ] :. */
export function sheetName(id: number, title: string): string {
  const name = `${id}. ${title}`.replace(FORBIDDEN, ' ');
  return name.length <= 31 ? name : `${name.slice(0, 30).trimEnd()}…`;
}

function cellValue(type: ColumnType, value: Cell): ExcelJS.CellValue {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : String(value);
    }
    case 'percent':
      return Number(value) / 100;
    case 'money':
    case 'area':
    case 'int':
      return Number(value);
    case 'text':
      return String(value);
    default: {
      const never: never = type;
      throw new Error(`unknown column type ${String(never)}`);
    }
  }
}

/** A column's width in characters: its heading or its longest shown value, within 8…60. */
function widthOf(column: ReportColumn, report: SectionReport): number {
  const shown = (v: Cell) => {
    if (v === null) return 1;
    if (column.type === 'money') return Number(v).toFixed(2).length + 5;
    if (column.type === 'area') return Number(v).toFixed(1).length + 4;
    if (column.type === 'date') return 10;
    return String(v).length;
  };
  let width = column.label.length;
  for (const row of report.rows.slice(0, 2000)) width = Math.max(width, shown(row[column.key] ?? null));
  if (report.totals) width = Math.max(width, shown(report.totals[column.key] ?? null));
  return Math.min(60, Math.max(8, width + 2));
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

/** What a sheet needs of exceljs's in-memory and streaming worksheets alike. */
type Sheet = ExcelJS.Worksheet;

/** One section's sheet; rows are committed as they are written (the streaming writer keeps none). */
export function addSectionSheet(
  workbook: Pick<ExcelJS.Workbook, 'addWorksheet'>,
  report: SectionReport,
): Sheet {
  const sheet = workbook.addWorksheet(sheetName(report.section.id, report.section.title), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
  });
  sheet.columns = report.columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: widthOf(c, report),
    ...(NUMBER_FORMATS[c.type] ? { style: { numFmt: NUMBER_FORMATS[c.type] as string } } : {}),
  }));
  const lastData = 1 + report.rows.length;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastData, column: report.columns.length } };
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.border = { bottom: { style: 'thin' } };
  });
  header.commit();
  for (const row of report.rows)
    sheet.addRow(report.columns.map((c) => cellValue(c.type, row[c.key] ?? null))).commit();
  if (report.totals) {
    const totals = sheet.addRow(report.columns.map((c) => cellValue(c.type, report.totals?.[c.key] ?? null)));
    totals.font = { bold: true };
    totals.eachCell((cell) => {
      cell.border = { top: { style: 'thin' } };
    });
    totals.commit();
  }
  if (report.note) {
    const note = sheet.addRow([report.note]);
    note.font = { italic: true, color: { argb: 'FF8A5A00' } };
    note.commit();
  } else if (report.rows.length === 0) {
    const empty = sheet.addRow(['Нет данных за выбранный период']);
    empty.font = { italic: true, color: { argb: 'FF666666' } };
    empty.commit();
  }
  return sheet;
}

function contentsSheet(
  workbook: Pick<ExcelJS.Workbook, 'addWorksheet'>,
  title: string,
  all: AllReport,
  built: Date,
): Sheet {
  const sheet = workbook.addWorksheet('Содержание');
  sheet.columns = [{ width: 8 }, { width: 60 }, { width: 14 }];
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow([`Период: ${periodRu(all.params)}; дата отчёта: ${ruDay(all.params.date)}`]);
  sheet.addRow([
    `Сформирован: ${built.toLocaleString('ru-RU', { timeZone: 'Europe/Moscow' })} (московское время)`,
  ]);
  sheet.addRow([]);
  const head = sheet.addRow(['№', 'Раздел', 'Строк']);
  head.font = { bold: true };
  for (const s of all.sections) sheet.addRow([s.section.id, s.section.title, s.rows.length]);
  if (all.skipped.length > 0) {
    sheet.addRow([]);
    sheet.addRow(['', 'Не включены:']).font = { bold: true };
    for (const s of all.skipped) sheet.addRow([s.id, s.reason]);
  }
  return sheet;
}

/** One section as a workbook. */
export async function sectionWorkbook(report: SectionReport): Promise<Buffer> {
  const workbook = new (await import('exceljs')).default.Workbook();
  workbook.creator = 'twenty-realty';
  addSectionSheet(workbook, report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * «All sections»: the contents, then a sheet per section — written with exceljs's streaming writer
 * (rows go out as they are added; tens of thousands of rows stay quick and small in memory).
 */
export async function allWorkbook(all: AllReport, options: { title: string; built: Date }): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', () => resolve());
    out.on('error', reject);
  });
  const workbook = new (await import('exceljs')).default.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'twenty-realty';
  workbook.created = options.built;
  const book = workbook as unknown as Pick<ExcelJS.Workbook, 'addWorksheet'>;
  contentsSheet(book, options.title, all, options.built).commit();
  for (const s of all.sections) addSectionSheet(book, s).commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

/** A file name people recognise: «отчёт-03-auction-registry-2026-12-07.xlsx». */
export const reportFileName = (key: string, date: string, ext: 'xlsx' | 'json') =>
  `report-${key}-${date}.${ext}`;
