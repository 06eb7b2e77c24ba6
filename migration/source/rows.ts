/**
 * Streams the rows of a table: CSV through csv-parse (UTF-8 or a legacy
 * encoding through iconv-lite, BOM stripped, CRLF or LF, quoted fields with
 * embedded newlines and doubled quotes), xlsx through exceljs's streaming
 * reader. A file is never loaded whole: a 200 MB CSV is read in chunks.
 * Broken quoting does not stop the file: the broken record is reported with
 * its file and line (it ends "failed") and reading goes on after it.
 */
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
// exceljs is loaded when a workbook is made or read: ~0.3 s of start-up for every process otherwise.
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { SourceFile } from './export-source';

export interface SourceRow {
  /** Column → raw text ('' when empty). */
  values: Record<string, string>;
  /** 1-based number of the data row in its table (files of one table are numbered on). */
  row: number;
  /** Where it is: `Account.csv line 17`. */
  where: string;
}

export interface RowProblem {
  row: number;
  where: string;
  reason: string;
}

export interface ReadOptions {
  encoding?: string;
  /** A record that cannot be parsed (it still takes a row number). */
  onBroken?(problem: RowProblem): void;
  signal?: AbortSignal;
}

function decoded(stream: Readable, encoding: string | undefined): Readable {
  if (!encoding || /^utf-?8$/i.test(encoding)) return stream;
  if (!iconv.encodingExists(encoding)) throw new Error(`unknown encoding "${encoding}"`);
  return stream.pipe(iconv.decodeStream(encoding)) as unknown as Readable;
}

async function* csvRows(
  file: SourceFile,
  first: number,
  options: ReadOptions,
): AsyncGenerator<SourceRow, number> {
  const parser = decoded(await file.open(), options.encoding).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_records_with_error: true,
      info: true,
      max_record_size: 64 * 1024 * 1024,
    }),
  );
  let header: string[] | undefined;
  let row = first;
  let lastBrokenLine = -1;
  /** csv-parse counts lines up to where a record ended: the next record starts there. */
  let startLine = 1;
  // A broken record is reported where it is, in order with the records around it: the parser
  // announces it synchronously while parsing, so it is queued like a record.
  parser.on('skip', (error: Error & { lines?: number; code?: string }) => {
    if (error.lines === lastBrokenLine) return; // one broken record can trip the parser twice
    lastBrokenLine = error.lines ?? -1;
    const reason =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'broken quoting: a quoted field is never closed (the rest of the file was read into it)'
        : `broken quoting: ${error.message.replace(/ at line \d+.*/, '')}`;
    parser.push({ broken: { where: `${file.label} line ${error.lines ?? '?'}`, reason } });
  });
  type Item = { record: string[]; info: { lines: number } } | { broken: { where: string; reason: string } };
  for await (const item of parser as AsyncIterable<Item>) {
    if (options.signal?.aborted) break;
    if ('broken' in item) {
      startLine = Number(/line (\d+)/.exec(item.broken.where)?.[1] ?? startLine) + 1;
      if (!header) continue;
      options.onBroken?.({ row: row++, ...item.broken });
      continue;
    }
    const record = item.record;
    const line = startLine;
    startLine = item.info.lines;
    if (!header) {
      header = record.map((h) => h.trim());
      continue;
    }
    if (record.length === 1 && record[0] === '') continue;
    const values: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) values[header[i]] = record[i] ?? '';
    yield { values, row: row++, where: `${file.label} line ${line}` };
  }
  return row;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

async function* xlsxRows(
  file: SourceFile,
  first: number,
  options: ReadOptions,
): AsyncGenerator<SourceRow, number> {
  const reader = new (await import('exceljs')).default.stream.xlsx.WorkbookReader(await file.open(), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  // exceljs's streaming reader reads a worksheet's name from the workbook part; when the zip holds
  // the worksheet after the shared strings and relations but before xl/workbook.xml, it reads it
  // before there is one and throws "reading 'sheets'" (exceljs#962, open). Excel and exceljs's own
  // writer may order the entries so. One sheet per entity: an unnamed sheet reads as well.
  const internals = reader as unknown as { model?: { sheets?: unknown[] } };
  internals.model ??= { sheets: [] };
  let row = first;
  for await (const sheet of reader) {
    let header: string[] | undefined;
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      if (options.signal?.aborted) return row;
      const cells = (r.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!header) {
        header = cells.map((h) => h.trim());
        continue;
      }
      if (cells.every((c) => c === '')) continue;
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) if (header[i]) values[header[i]] = cells[i] ?? '';
      yield { values, row: row++, where: `${file.label} row ${r.number}` };
    }
    break; // one sheet per entity
  }
  return row;
}

/** Every row of a table, across its files, numbered 1… */
export async function* readTable(
  files: readonly SourceFile[],
  options: ReadOptions = {},
): AsyncGenerator<SourceRow> {
  let next = 1;
  for (const file of files) {
    const rows = file.kind === 'xlsx' ? xlsxRows(file, next, options) : csvRows(file, next, options);
    for (;;) {
      const step = await rows.next();
      if (step.done) {
        next = step.value;
        break;
      }
      yield step.value;
    }
    if (options.signal?.aborted) return;
  }
}
