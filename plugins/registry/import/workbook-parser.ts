/**
 * Reads a unit file with exceljs's streaming reader (a 19,000-row file stays
 * well under the memory budget) and turns everything wrong with the file as a
 * whole into FileProblems: not an xlsx, no units sheet, missing columns, a
 * second header row, merged cells (fatal: a merged range leaves its other rows
 * empty), blank rows (skipped), formulas (their cached values are used).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
// exceljs is loaded when a workbook is made or read: ~0.3 s of start-up for every process otherwise.
import type ExcelJS from 'exceljs';
import { COLUMNS, type ColumnKey, columnCaption, columnForHeader, columnLetter } from './import-columns';
import type { CellValue, ColumnBinding, FileProblem, ParsedRow, ParsedWorkbook } from './import-types';

export interface ParseOptions {
  /** Shown in problems and recorded on the importBatch (default: the path's base name, or "upload.xlsx"). */
  fileName?: string;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
/** Row numbers listed in one problem; the count is always exact. */
const LISTED_ROWS = 20;

export async function parseUnitWorkbook(
  input: string | Buffer,
  opts: ParseOptions = {},
): Promise<ParsedWorkbook> {
  const bytes = typeof input === 'string' ? await readFile(input) : input;
  const fileName = opts.fileName ?? (typeof input === 'string' ? path.basename(input) : 'upload.xlsx');
  const base = {
    fileName,
    checksum: createHash('sha256').update(bytes).digest('hex'),
    sheetName: null,
    headerRow: null,
    columns: [],
    rows: [],
  };
  const notXlsx = notXlsxReason(bytes);
  if (notXlsx) return { ...base, fileProblems: [fatal('not_xlsx', notXlsx)], usable: false };
  try {
    return await readUnitsRetrying(bytes, base);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      fileProblems: [
        fatal(
          'not_xlsx',
          `${fileName} — zip-архив, но не читаемая книга Excel (${detail}); сохраните файл из Excel как .xlsx`,
        ),
      ],
      usable: false,
    };
  }
}

/**
 * exceljs 4.4's streaming reader sometimes loses the body of a small zip entry (xl/workbook.xml) between
 * unzipper and its async iteration, then fails with "Cannot read properties of undefined (reading
 * 'sheets')" — about once in 200 parses of the same bytes (seen here). The bytes are in memory, so
 * the same read is tried again; a file that is really broken fails every time and is reported.
 */
const STREAM_READ_ATTEMPTS = 4;

async function readUnitsRetrying(bytes: Buffer, base: Parameters<typeof readUnits>[1]) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readUnits(bytes, base);
    } catch (error) {
      const lostEntry = error instanceof TypeError && /reading 'sheets'/.test(error.message);
      if (!lostEntry || attempt >= STREAM_READ_ATTEMPTS) throw error;
    }
  }
}

function notXlsxReason(bytes: Buffer): string | null {
  if (bytes.length === 0) return 'файл пуст';
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return null;
  if (bytes.subarray(0, 4).equals(OLE_MAGIC))
    return 'это старый файл Excel 97–2003 (.xls); откройте его в Excel и сохраните как .xlsx';
  const head = bytes.subarray(0, 512).toString('utf8');
  if (/^\s*</.test(head)) return 'это файл HTML/XML, а не книга .xlsx';
  if (/[;,\t]/.test(head.split('\n')[0] ?? ''))
    return 'это похоже на CSV или текст, а не на книгу .xlsx; откройте файл в Excel и сохраните как .xlsx';
  return 'это не книга .xlsx (файл .xlsx — zip-архив); сохраните файл из Excel как .xlsx';
}

function fatal(code: FileProblem['code'], message: string, extra: Partial<FileProblem> = {}): FileProblem {
  return { code, severity: 'error', message, ...extra };
}

/**
 * exceljs 4.4's streaming reader turns each zip chunk into a string on its own,
 * so a Cyrillic letter split between two chunks becomes «��» (seen on a
 * 19,000-row file). Sheet XML and shared strings are therefore fed to it as
 * text decoded across chunk boundaries.
 */
function utf8Strings(): Transform {
  const decoder = new StringDecoder('utf8');
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.write(chunk));
    },
    flush(done) {
      const rest = decoder.end();
      done(null, rest === '' ? undefined : rest);
    },
  });
}

interface SharedStringsHook {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}

function decodeSharedStrings(reader: object): void {
  const hook = reader as SharedStringsHook;
  if (typeof hook._parseSharedStrings !== 'function') return;
  const original = hook._parseSharedStrings;
  hook._parseSharedStrings = function (this: unknown, entry: Readable) {
    return original.call(this, entry.pipe(utf8Strings()));
  };
}

/**
 * The sheet's XML on its way to the parser: decoded across chunk boundaries,
 * and scanned for <mergeCells>, which the streaming reader skips.
 */
function tapSheetXml(sheet: object, merges: string[]): void {
  if (!('iterator' in sheet)) return;
  const source = sheet.iterator as AsyncIterable<Buffer | string>;
  const decoder = new StringDecoder('utf8');
  let tail = '';
  const tapped = async function* () {
    for await (const chunk of source) {
      const decoded = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      const text = tail + decoded;
      for (const m of text.matchAll(/<mergeCell\s+ref="([A-Z]+\d+:[A-Z]+\d+)"/g)) merges.push(m[1] ?? '');
      // Keep an unfinished <mergeCell …> for the next chunk; a finished one must not be counted twice.
      const lastOpen = text.lastIndexOf('<mergeCell');
      tail = lastOpen >= 0 && !text.slice(lastOpen).includes('/>') ? text.slice(lastOpen) : text.slice(-12);
      yield decoded;
    }
    const rest = decoder.end();
    if (rest !== '') yield rest;
  };
  Object.assign(sheet, { iterator: tapped() });
}

export function cellValueOf(raw: unknown): { value: CellValue; formulaWithoutValue?: true } {
  if (raw === null || raw === undefined) return { value: null };
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return { value: raw };
  if (raw instanceof Date) return { value: raw.toISOString() };
  if (typeof raw === 'object') {
    if ('formula' in raw || 'sharedFormula' in raw) {
      const result = 'result' in raw ? raw.result : undefined;
      if (result === undefined || result === null) return { value: null, formulaWithoutValue: true };
      return cellValueOf(result);
    }
    if ('richText' in raw && Array.isArray(raw.richText)) {
      return {
        value: raw.richText
          .map((r: unknown) => (r && typeof r === 'object' && 'text' in r ? String(r.text) : ''))
          .join(''),
      };
    }
    if ('error' in raw) return { value: String(raw.error) };
    if ('text' in raw) return { value: String(raw.text) };
  }
  return { value: String(raw) };
}

function isBlank(v: CellValue): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

interface SheetRead {
  name: string;
  headerRow: number | null;
  columns: ColumnBinding[];
  rows: ParsedRow[];
  problems: FileProblem[];
  matched: boolean;
}

async function readUnits(
  bytes: Buffer,
  base: Omit<ParsedWorkbook, 'fileProblems' | 'usable'>,
): Promise<ParsedWorkbook> {
  const reader = new (await import('exceljs')).default.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  decodeSharedStrings(reader);
  let first: SheetRead | undefined;
  for await (const sheet of reader) {
    const read = await readSheet(sheet);
    first ??= read;
    if (read.matched) {
      const usable = !read.problems.some((p) => p.severity === 'error');
      return {
        ...base,
        sheetName: read.name,
        headerRow: read.headerRow,
        columns: read.columns,
        rows: usable ? read.rows : [],
        fileProblems: read.problems,
        usable,
      };
    }
  }
  if (!first) return { ...base, fileProblems: [fatal('empty_file', 'в книге нет листов')], usable: false };
  return {
    ...base,
    sheetName: first.name,
    headerRow: first.headerRow,
    columns: first.columns,
    fileProblems: first.problems,
    usable: false,
  };
}

async function readSheet(sheet: ExcelJS.stream.xlsx.WorksheetReader): Promise<SheetRead> {
  const name = 'name' in sheet && typeof sheet.name === 'string' ? sheet.name : 'Sheet';
  const merges: string[] = [];
  tapSheetXml(sheet, merges);
  let header: { row: number; byColumn: Map<number, ColumnKey>; columns: ColumnBinding[] } | undefined;
  const rows: ParsedRow[] = [];
  const blank: number[] = [];
  const secondHeaders: number[] = [];
  const formulaRows: number[] = [];
  const unknown: string[] = [];
  const problems: FileProblem[] = [];

  for await (const row of sheet) {
    const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
    if (!header) {
      const texts = values.map((v) => (v === undefined ? null : cellValueOf(v).value));
      if (texts.every((t) => t === null || isBlank(t))) continue;
      header = bindHeader(row.number, texts, unknown, problems);
      continue;
    }
    const cells: ParsedRow['cells'] = {};
    const noValue: ColumnKey[] = [];
    let filled = false;
    let headerLike = 0;
    for (const [col, key] of header.byColumn) {
      const { value, formulaWithoutValue } = cellValueOf(values[col]);
      if (formulaWithoutValue) noValue.push(key);
      if (values[col] && typeof values[col] === 'object' && 'formula' in (values[col] as object))
        formulaRows.push(row.number);
      if (!isBlank(value)) {
        filled = true;
        cells[key] = value;
        if (typeof value === 'string' && columnForHeader(value) === key) headerLike++;
      }
    }
    if (!filled && noValue.length === 0) {
      blank.push(row.number);
      continue;
    }
    if (headerLike >= Math.min(3, header.byColumn.size)) {
      secondHeaders.push(row.number);
      continue;
    }
    rows.push({ row: row.number, cells, ...(noValue.length > 0 ? { formulaWithoutValue: noValue } : {}) });
  }

  if (!header)
    return {
      name,
      headerRow: null,
      columns: [],
      rows: [],
      problems: [fatal('empty_file', `лист «${name}» пуст`)],
      matched: false,
    };
  const missing = COLUMNS.filter((c) => c.requiredInHeader && !header.columns.some((b) => b.key === c.key));
  const matched = header.columns.length > 0;
  if (missing.length > 0) {
    problems.unshift(
      fatal(
        'missing_columns',
        `в строке ${header.row} листа «${name}» нет столбцов ${missing.map((c) => `«${columnCaption(c.key)}»`).join(', ')}; возьмите шаблон (realty import-units --template)`,
        { columns: missing.map((c) => c.key) },
      ),
    );
  }
  const lastData = rows.at(-1)?.row ?? header.row;
  const innerBlank = blank.filter((r) => r < lastData);
  if (innerBlank.length > 0)
    problems.push({
      code: 'blank_rows',
      severity: 'info',
      message: `пропущено пустых строк: ${innerBlank.length}`,
      rows: innerBlank.slice(0, LISTED_ROWS),
    });
  if (secondHeaders.length > 0)
    problems.push({
      code: 'second_header',
      severity: 'warning',
      message: `строки ${secondHeaders.slice(0, LISTED_ROWS).join(', ')} повторяют заголовок (вставлены две таблицы?) и пропущены — проверьте, что строки после них из того же файла`,
      rows: secondHeaders.slice(0, LISTED_ROWS),
    });
  const formulaRowsUnique = [...new Set(formulaRows)];
  if (formulaRowsUnique.length > 0)
    problems.push({
      code: 'formulas',
      severity: 'info',
      message: `строк с формулами: ${formulaRowsUnique.length}; импортируются значения, которые Excel вычислил последними`,
      rows: formulaRowsUnique.slice(0, LISTED_ROWS),
    });
  if (unknown.length > 0)
    problems.push({
      code: 'unknown_columns',
      severity: 'info',
      message: `не импортируются столбцы: ${unknown.join(', ')}`,
      columns: unknown,
    });
  if (merges.length > 0)
    problems.push(
      fatal(
        'merged_cells',
        `на листе есть объединённые ячейки (${merges.slice(0, 10).join(', ')}${merges.length > 10 ? ', …' : ''}); объединение хранит значение только в первой ячейке — разъедините их и заполните каждую строку`,
        { ranges: merges },
      ),
    );
  return { name, headerRow: header.row, columns: header.columns, rows, problems, matched };
}

function bindHeader(
  rowNumber: number,
  texts: CellValue[],
  unknown: string[],
  problems: FileProblem[],
): { row: number; byColumn: Map<number, ColumnKey>; columns: ColumnBinding[] } {
  const byColumn = new Map<number, ColumnKey>();
  const columns: ColumnBinding[] = [];
  texts.forEach((text, col) => {
    if (text === null || isBlank(text)) return;
    const key = columnForHeader(String(text));
    const letter = columnLetter(col);
    if (!key) {
      unknown.push(`${letter} «${String(text)}»`);
      return;
    }
    const earlier = columns.find((c) => c.key === key);
    if (earlier) {
      problems.push(
        fatal(
          'duplicate_column',
          `столбцы ${earlier.letter} и ${letter} оба «${columnCaption(key)}»; оставьте один`,
          {
            columns: [earlier.letter, letter],
          },
        ),
      );
      return;
    }
    byColumn.set(col, key);
    columns.push({ key, letter, header: String(text) });
  });
  return { row: rowNumber, byColumn, columns };
}
