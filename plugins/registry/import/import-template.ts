/**
 * The import template: a «Units» sheet whose header carries the Russian and
 * English caption of every column (required ones marked «*»), drop-down lists
 * of the Russian captions for kind and status, and an «Instructions» sheet
 * describing each column and the rules the import applies.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { UNIT_STATUS_RU } from '../vocabulary';
import { COLUMNS, columnLetter, KIND_CAPTIONS, STATUS_CAPTIONS } from './import-columns';
import { DEFAULT_IMPORT_SETTINGS } from './import-types';

export interface ImportTemplateOptions {
  /** Rows that carry the kind/status drop-downs (default 20,000). */
  validatedRows?: number;
  /** Two filled example rows (for demos; the default template is empty). */
  exampleRows?: boolean;
}

export const UNITS_SHEET = 'Units';
export const INSTRUCTIONS_SHEET = 'Instructions';

interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };

export function templateHeader(): string[] {
  return COLUMNS.map((c) => `${c.ru} / ${c.en}${c.requiredInRow ? ' *' : ''}`);
}

export function buildImportTemplate(opts: ImportTemplateOptions = {}): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'twenty-realty';
  const units = wb.addWorksheet(UNITS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  units.columns = COLUMNS.map((c) => ({ key: c.key, width: c.width }));
  const header = units.addRow(templateHeader());
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  const last = (opts.validatedRows ?? 20_000) + 1;
  // exceljs has range validations (worksheet.dataValidations.add) but its typings only declare per-cell ones.
  const validations = (units as unknown as RangeValidations).dataValidations;
  const listOf = (captions: Record<string, string>) => [`"${Object.values(captions).join(',')}"`];
  const letterOf = (key: string) => columnLetter(COLUMNS.findIndex((c) => c.key === key) + 1);
  for (const [key, captions, what] of [
    ['kind', KIND_CAPTIONS, 'kind'],
    ['status', STATUS_CAPTIONS, 'status'],
  ] as const) {
    const letter = letterOf(key);
    validations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: listOf(captions),
      showErrorMessage: true,
      errorTitle: `Unknown ${what}`,
      error: `Pick one of: ${Object.values(captions).join(', ')}`,
    });
  }
  if (opts.exampleRows) {
    units.addRow([
      'ЖК-1-101',
      'ЖК Example',
      '1',
      1,
      '101',
      'Квартира',
      5,
      1,
      2,
      '54,3',
      '33,1',
      '12 500 000',
      'Свободна',
      null,
    ]);
    units.addRow([
      'ЖК-1-М1',
      'ЖК Example',
      '1',
      null,
      'М1',
      'Машиноместо',
      -1,
      1,
      null,
      13.5,
      null,
      2_400_000,
      'Свободна',
      null,
    ]);
  }

  const help = wb.addWorksheet(INSTRUCTIONS_SHEET);
  help.columns = [{ width: 34 }, { width: 12 }, { width: 90 }];
  const title = help.addRow(['Импорт помещений / Unit import']);
  title.font = { bold: true, size: 14 };
  help.addRow([]);
  const colsHeader = help.addRow(['Column / Колонка', 'Required', 'What to write']);
  colsHeader.font = { bold: true };
  for (const c of COLUMNS) help.addRow([`${c.ru} / ${c.en}`, c.requiredInRow ? 'yes' : '', c.hint]);
  help.addRow([]);
  const rules = help.addRow(['Rules / Правила']);
  rules.font = { bold: true };
  for (const line of [
    'One row per unit. The first row of the «Units» sheet is the header; do not merge cells, do not repeat the header.',
    'A unit is found by its external code; without one, by building + section + number. Units not found are created.',
    'Only changed values are written, each as an entry of the unit’s change protocol. An empty cell leaves the value as it is; an import never deletes.',
    `Units ${DEFAULT_IMPORT_SETTINGS.protectedStatuses.map((v) => `«${UNIT_STATUS_RU[v]}»`).join(', ')} cannot get a new price or status from an import: such rows are rejected as a whole.`,
    `A price change above ${DEFAULT_IMPORT_SETTINGS.maxPriceChangePercent} % waits for an administrator’s approval; the other values of the row are written.`,
    'Numbers may use a comma (45,6) and spaces between thousands (12 500 000). «м²» after an area and «₽» after a price are ignored; other text after a number is an error.',
    'Floors: within the building’s floors; negative floors only for parking and storage levels. Rooms: flats 0 (studio) to 20; offices, parking, storage 0 or empty.',
    'Formulas are allowed: the value Excel last calculated is imported. Importing the same file twice changes nothing.',
  ])
    help.addRow(['', '', line]).alignment = { wrapText: true };
  return wb;
}

export async function writeImportTemplate(
  out: string | Writable,
  opts: ImportTemplateOptions = {},
): Promise<void> {
  const wb = buildImportTemplate(opts);
  if (typeof out === 'string') await wb.xlsx.writeFile(out);
  else await wb.xlsx.write(out);
}
