/**
 * The platform's results protocol as a file of bids (xlsx or csv): one row per bid with the lot
 * number, the participant (application number, e-mail or full name as the platform prints it),
 * the amount in roubles and the time. Headers are matched in Russian or English; every problem is
 * reported with its row and column, and nothing is imported while any remains.
 */
import { parse as parseCsvStream } from 'csv-parse';
import Decimal from 'decimal.js';

export interface BidFileRow {
  row: number;
  lot: number;
  participant: string;
  amountMicros: number;
  placedAt: string;
}

export interface BidFileProblem {
  row: number;
  column: string;
  message: string;
}

const COLUMNS = {
  lot: ['лот', '№ лота', 'номер лота', 'lot'],
  participant: ['участник', 'participant', 'заявка', 'application', 'bidder'],
  amount: ['сумма', 'ставка', 'цена', 'amount', 'bid'],
  placedAt: ['время', 'дата и время', 'время ставки', 'placed at', 'placedat', 'time'],
} as const;
type Column = keyof typeof COLUMNS;
const CAPTION: Record<Column, string> = {
  lot: 'Лот',
  participant: 'Участник',
  amount: 'Сумма',
  placedAt: 'Время',
};

/** Roubles as people type them: «5 250 000,50», «5250000.5», «5 250 000 ₽» → micros. */
export function parseRubText(text: string): number | undefined {
  const clean = text.replace(/[\s\u00a0₽]|руб\.?/gi, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return undefined;
  return new Decimal(clean).times(1_000_000).toNumber();
}

/** «15.03.2027 11:05[:30]» (Moscow) or ISO → ISO. */
export function parseMoscowDateTime(text: string): string | undefined {
  const m = text.trim().match(/^(\d{2})\.(\d{2})\.(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/);
  if (m) {
    const [, d, mo, y, h, mi, s] = m;
    const t = Date.parse(`${y}-${mo}-${d}T${String(h).padStart(2, '0')}:${mi}:${s ?? '00'}+03:00`);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(text.trim())) {
    const t = Date.parse(text.trim());
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  return undefined;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs gives a date cell as the wall-clock time in UTC; the platform's clock is Moscow.
    const iso = value.toISOString();
    return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 19)}`;
  }
  if (typeof value === 'object') {
    const v = value as { text?: unknown; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellText(v.result);
    if (v.text !== undefined) return String(v.text);
  }
  return String(value);
}

async function tableOf(buffer: Buffer, fileName: string): Promise<string[][]> {
  const isXlsx = buffer.subarray(0, 2).toString('latin1') === 'PK' || /\.xlsx$/i.test(fileName);
  if (!isXlsx) {
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    const delimiter = (text.split('\n')[0] ?? '').includes(';') ? ';' : ',';
    return new Promise<string[][]>((resolve, reject) =>
      parseCsvStream(
        text,
        { delimiter, relax_column_count: true, skip_empty_lines: false },
        (error, records: string[][]) => (error ? reject(error) : resolve(records)),
      ),
    );
  }
  const workbook = new (await import('exceljs')).default.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const values = (row.values as unknown[]).slice(1).map(cellText);
    rows[n - 1] = values;
  });
  return Array.from(rows, (r) => r ?? []);
}

export async function parseBidFile(
  buffer: Buffer,
  fileName = 'bids',
): Promise<{ rows: BidFileRow[]; problems: BidFileProblem[] }> {
  const problems: BidFileProblem[] = [];
  let table: string[][];
  try {
    table = await tableOf(buffer, fileName);
  } catch (error) {
    return {
      rows: [],
      problems: [
        {
          row: 0,
          column: '',
          message: `файл не читается как xlsx или csv: ${(error as Error).message}`,
        },
      ],
    };
  }
  const header = (table[0] ?? []).map((h) => h.trim().toLowerCase());
  const index = {} as Record<Column, number>;
  for (const key of Object.keys(COLUMNS) as Column[]) {
    const i = header.findIndex((h) => (COLUMNS[key] as readonly string[]).includes(h));
    if (i < 0)
      problems.push({
        row: 1,
        column: CAPTION[key],
        message: `нет столбца «${CAPTION[key]}» (ожидается один из: ${COLUMNS[key].join(', ')})`,
      });
    index[key] = i;
  }
  if (problems.length > 0) return { rows: [], problems };
  const rows: BidFileRow[] = [];
  table.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const get = (k: Column) => (cells[index[k]] ?? '').trim();
    if (cells.every((c) => !String(c ?? '').trim())) return;
    const lot = Number(get('lot'));
    const amount = parseRubText(get('amount'));
    const placedAt = parseMoscowDateTime(get('placedAt'));
    const before = problems.length;
    if (!Number.isInteger(lot) || lot <= 0)
      problems.push({ row, column: CAPTION.lot, message: `не номер лота: «${get('lot')}»` });
    if (!get('participant')) problems.push({ row, column: CAPTION.participant, message: 'не заполнено' });
    if (amount === undefined)
      problems.push({ row, column: CAPTION.amount, message: `не сумма в рублях: «${get('amount')}»` });
    if (!placedAt)
      problems.push({
        row,
        column: CAPTION.placedAt,
        message: `не дата и время (дд.мм.гггг чч:мм): «${get('placedAt')}»`,
      });
    if (problems.length === before)
      rows.push({
        row,
        lot,
        participant: get('participant'),
        amountMicros: amount as number,
        placedAt: placedAt as string,
      });
  });
  if (rows.length === 0 && problems.length === 0)
    problems.push({ row: 2, column: '', message: 'в файле нет ставок' });
  return { rows, problems };
}
