/**
 * The plan workbook: its template (the plan in force for the months asked, every complex and
 * metric, a reference sheet of complexes and metrics) and its parse — one row per month, complex
 * (empty: all complexes) and metric, the plan value; rows with an empty value are skipped. Every
 * problem names its row, its column (letter and header) and the reason; a file with any problem
 * is not imported at all.
 */
// exceljs is loaded when a workbook is made or read: ~0.3 s of start-up for every process otherwise.
import type ExcelJS from 'exceljs';
import { type Month, monthDots, monthsBetween, parseMonth } from '../rules/months';
import type { Cell } from '../rules/plan-fact';
import { METRIC_TERMS, type Metric, metricOf } from '../vocabulary';

export const SHEET = 'План продаж';
export const HEADERS = { month: 'Месяц', complex: 'ЖК', metric: 'Показатель', value: 'План' } as const;
type Column = keyof typeof HEADERS;

export interface WorkbookProblem {
  /** 1-based, as Excel shows it. */
  row: number;
  /** The column's letter (A, B…), or '' for the file as a whole. */
  column: string;
  /** The column's header. */
  field: string;
  message: string;
}

export interface ParsedPlan {
  cells: Cell[];
  problems: WorkbookProblem[];
  rows: number;
}

/** «все», «все ЖК», «итого»: the plan of all complexes together (as an empty cell). */
const ALL_COMPLEXES = /^(все|все жк|итого)$/i;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const XLSX_TYPE = XLSX;

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[«»"“”]/g, '')
    .replace(/^(жк|жилой комплекс)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();

function cellValue(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v !== 'object') return v;
  if ('result' in v) return (v as ExcelJS.CellFormulaValue).result ?? null;
  if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
  if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
  return null;
}

const text = (v: unknown) =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v).trim();

/** «1 250 000,50», 1250000.5 → 1250000.5; undefined when not a number. */
function parseNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const t = text(v)
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/(₽|руб\.?|м²|м2|шт\.?)$/i, '')
    .replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

/** Reads a plan workbook against the complexes (id → name). */
export async function parsePlanWorkbook(
  bytes: Buffer,
  complexes: ReadonlyMap<string, string>,
): Promise<ParsedPlan> {
  const book = new (await import('exceljs')).default.Workbook();
  const whole = (message: string): ParsedPlan => ({
    cells: [],
    rows: 0,
    problems: [{ row: 0, column: '', field: 'файл', message }],
  });
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return whole(
      'файл не читается как книга Excel (.xlsx): сохраните его в Excel как «Книга Excel» и загрузите снова',
    );
  }
  const sheet = book.getWorksheet(SHEET) ?? book.worksheets[0];
  if (!sheet) return whole('в книге нет листов');
  const columns = new Map<Column, number>();
  sheet.getRow(1).eachCell((cell, col) => {
    const h = norm(text(cellValue(cell.value)));
    for (const [key, header] of Object.entries(HEADERS) as [Column, string][])
      if (h === norm(header) || (key === 'value' && /^план/.test(h))) columns.set(key, col);
  });
  const missing = (Object.keys(HEADERS) as Column[]).filter((k) => !columns.has(k));
  if (missing.length > 0)
    return {
      cells: [],
      rows: 0,
      problems: missing.map((k) => ({
        row: 1,
        column: '',
        field: HEADERS[k],
        message: `нет столбца «${HEADERS[k]}» в первой строке (нужны: ${Object.values(HEADERS).join(', ')})`,
      })),
    };
  const byName = new Map<string, string>();
  for (const [id, name] of complexes) byName.set(norm(name), id);
  const letter = (k: Column) => sheet.getColumn(columns.get(k) as number).letter;
  const problems: WorkbookProblem[] = [];
  const cells: Cell[] = [];
  const seen = new Map<string, number>();
  let rows = 0;
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (k: Column) => cellValue(row.getCell(columns.get(k) as number).value);
    const raw = { month: get('month'), complex: get('complex'), metric: get('metric'), value: get('value') };
    if (Object.values(raw).every((v) => text(v) === '')) continue;
    rows++;
    const problem = (k: Column, message: string) =>
      problems.push({ row: r, column: letter(k), field: HEADERS[k], message });
    if (text(raw.value) === '') continue; // a template row left empty: no plan for it
    const month = parseMonth(raw.month);
    if (!month)
      problem(
        'month',
        text(raw.month) === ''
          ? 'месяц не указан'
          : `«${text(raw.month)}» — не месяц: нужен ММ.ГГГГ, ГГГГ-ММ или дата`,
      );
    let complexId: string | null = null;
    let complexBad = false;
    const complexText = text(raw.complex);
    if (complexText !== '' && !ALL_COMPLEXES.test(complexText)) {
      complexId = byName.get(norm(complexText)) ?? (complexes.has(complexText) ? complexText : null);
      complexBad = complexId === null;
      if (complexBad) problem('complex', `ЖК «${complexText}» нет в реестре`);
    }
    const metric: Metric | undefined = metricOf(text(raw.metric));
    if (!metric)
      problem(
        'metric',
        `«${text(raw.metric)}» — не показатель: ${METRIC_TERMS.map((t) => `«${t.ru}» (${t.value})`).join(', ')}`,
      );
    const value = parseNumber(raw.value);
    if (value === undefined) problem('value', `«${text(raw.value)}» — не число`);
    else if (value < 0) problem('value', `план не может быть отрицательным (${value})`);
    if (!month || !metric || value === undefined || value < 0 || complexBad) continue;
    const cell: Cell = { month, complexId, metric, value };
    const key = `${month}|${complexId ?? '*'}|${metric}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problem(
        'value',
        `повтор: план на ${monthDots(month)}, этот ЖК и показатель уже задан в строке ${first}`,
      );
      continue;
    }
    seen.set(key, r);
    cells.push(cell);
  }
  if (rows === 0 && problems.length === 0)
    problems.push({
      row: 2,
      column: '',
      field: 'файл',
      message: 'в книге нет строк плана (со второй строки)',
    });
  return { cells, problems, rows };
}

/** The template: every month of the period × complex × metric, the plan in force filled in. */
export async function planTemplate(
  complexes: ReadonlyMap<string, string>,
  months: { from: Month; to: Month },
  plan: ReadonlyMap<string, Cell>,
): Promise<Buffer> {
  const book = new (await import('exceljs')).default.Workbook();
  book.creator = 'twenty-realty';
  const sheet = book.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [
    { header: HEADERS.month, key: 'month', width: 12, style: { numFmt: 'mm.yyyy' } },
    { header: HEADERS.complex, key: 'complex', width: 30 },
    { header: HEADERS.metric, key: 'metric', width: 26 },
    { header: HEADERS.value, key: 'value', width: 18, style: { numFmt: '#,##0.00' } },
  ];
  sheet.getRow(1).font = { bold: true };
  const targets: [string | null, string][] = [[null, 'все ЖК'], ...complexes];
  for (const month of monthsBetween(months.from, months.to))
    for (const [complexId, name] of targets)
      for (const t of METRIC_TERMS) {
        const value = plan.get(`${month}|${complexId ?? '*'}|${t.value}`)?.value;
        if (complexId === null && value === undefined) continue;
        sheet.addRow({
          month: new Date(`${month}-01T00:00:00Z`),
          complex: complexId === null ? 'все' : name,
          metric: t.ru,
          value: value ?? null,
        });
      }
  sheet.autoFilter = { from: 'A1', to: 'D1' };
  const help = book.addWorksheet('Справочник');
  help.columns = [
    { header: 'ЖК', key: 'name', width: 32 },
    { header: 'Показатель', key: 'metric', width: 28 },
    { header: 'Код', key: 'code', width: 12 },
    { header: 'Единица', key: 'unit', width: 10 },
  ];
  help.getRow(1).font = { bold: true };
  const names = [...complexes.values()];
  for (let i = 0; i < Math.max(names.length, METRIC_TERMS.length); i++) {
    const t = METRIC_TERMS[i];
    help.addRow({ name: names[i] ?? '', metric: t?.ru ?? '', code: t?.value ?? '', unit: t?.unit ?? '' });
  }
  help.addRow({});
  help.addRow({
    name: 'Пустой «ЖК» или «все» — план по всем ЖК вместе; пустой «План» — строка пропускается.',
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
