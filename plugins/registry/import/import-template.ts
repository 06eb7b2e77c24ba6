/**
 * The import template: a «Units» sheet whose header carries the Russian and
 * English caption of every column (required ones marked «*»), drop-down lists
 * of the Russian captions for kind and status, and an «Instructions» sheet
 * describing each column and the rules the import applies.
 */
import type { Writable } from 'node:stream';
// exceljs is loaded when a workbook is made or read: ~0.3 s of start-up for every process otherwise.
import type ExcelJS from 'exceljs';
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

export async function buildImportTemplate(opts: ImportTemplateOptions = {}): Promise<ExcelJS.Workbook> {
  const wb = new (await import('exceljs')).default.Workbook();
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
    ['kind', KIND_CAPTIONS, 'тип'],
    ['status', STATUS_CAPTIONS, 'статус'],
  ] as const) {
    const letter = letterOf(key);
    validations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: listOf(captions),
      showErrorMessage: true,
      errorTitle: `Неизвестный ${what}`,
      error: `Выберите из списка: ${Object.values(captions).join(', ')}`,
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
  const colsHeader = help.addRow(['Колонка / Column', 'Обязательна', 'Что писать']);
  colsHeader.font = { bold: true };
  for (const c of COLUMNS) help.addRow([`${c.ru} / ${c.en}`, c.requiredInRow ? 'да' : '', c.hint]);
  help.addRow([]);
  const rules = help.addRow(['Правила / Rules']);
  rules.font = { bold: true };
  for (const line of [
    `Одна строка — одно помещение. Первая строка листа «${UNITS_SHEET}» — заголовок; не объединяйте ячейки и не повторяйте заголовок.`,
    'Помещение ищется по внешнему коду, а без него — по корпусу, секции и номеру. Не найденные помещения создаются.',
    'Записываются только изменившиеся значения, каждое — записью в журнале изменений помещения. Пустая ячейка оставляет значение как есть; импорт ничего не удаляет.',
    `Помещениям в статусах ${DEFAULT_IMPORT_SETTINGS.protectedStatuses.map((v) => `«${UNIT_STATUS_RU[v]}»`).join(', ')} импорт не меняет цену и статус: такие строки отклоняются целиком.`,
    `Изменение цены больше чем на ${DEFAULT_IMPORT_SETTINGS.maxPriceChangePercent} % ждёт одобрения администратора; остальные значения строки записываются.`,
    'В числах допустимы запятая (45,6) и пробелы между тысячами (12 500 000). «м²» после площади и «₽» после цены не мешают; другой текст после числа — ошибка.',
    'Этажи — в пределах этажности корпуса; отрицательные только для паркинга и кладовых. Комнаты: квартиры от 0 (студия) до 20; офисы, машиноместа, кладовые — 0 или пусто.',
    'Формулы допустимы: импортируется значение, которое Excel вычислил последним. Повторный импорт того же файла ничего не меняет.',
  ])
    help.addRow(['', '', line]).alignment = { wrapText: true };
  return wb;
}

export async function writeImportTemplate(
  out: string | Writable,
  opts: ImportTemplateOptions = {},
): Promise<void> {
  const wb = await buildImportTemplate(opts);
  if (typeof out === 'string') await wb.xlsx.writeFile(out);
  else await wb.xlsx.write(out);
}
