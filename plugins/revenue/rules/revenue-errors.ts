/**
 * The revenue plugin's errors: one base class with a stable `code`, the field
 * it concerns and the facts a person needs (STYLE.md "Types and errors").
 * Routes turn them into the one error body (400/409/422 by kind); commands
 * print the message and exit 2.
 */
export type RevenueErrorCode =
  | 'revenue_unknown_currency'
  | 'revenue_no_rate'
  | 'revenue_bad_amount'
  | 'revenue_bad_date'
  | 'revenue_bad_allocation'
  | 'revenue_primary_conflict'
  | 'revenue_no_primary'
  | 'revenue_bad_move'
  | 'revenue_bad_rates_file'
  | 'revenue_not_found';

/** The request fields as the revenue pages call them: a message names the label, never the key. */
const FIELD_RU: Readonly<Record<string, string>> = {
  amount: 'Сумма',
  amountPercent: 'Доля суммы, %',
  currencyCode: 'Валюта',
  date: 'Дата',
  dueDate: 'Срок',
  from: 'С даты',
  to: 'По дату',
  receivedAmount: 'Поступило',
  receivedCurrencyCode: 'Валюта поступления',
  receivedDate: 'Дата поступления',
  probability: 'Вероятность, %',
  sharePercent: 'Доля, %',
  fixedAmount: 'Фиксированная сумма',
  toLineId: 'Строка, куда перенести',
  shiftDays: 'Сдвиг, дней',
  name: 'Название',
};

/** «Сумма» for `lines.0.amount` (the row is the error's own `row`). */
export function fieldRu(field: string): string {
  const last = field.split('.').at(-1) ?? field;
  return FIELD_RU[last] ?? last;
}

export class RevenueError extends Error {
  readonly code: RevenueErrorCode;
  readonly field?: string;
  /** 1-based row of a list in the request (a line, an allocation), as people count. */
  readonly row?: number;
  constructor(code: RevenueErrorCode, message: string, options: { field?: string; row?: number } = {}) {
    super(message);
    this.name = 'RevenueError';
    this.code = code;
    if (options.field !== undefined) this.field = options.field;
    if (options.row !== undefined) this.row = options.row;
  }
}

/** A currency the bank never published a rate for (and not RUB). */
export class UnknownCurrencyError extends RevenueError {
  readonly currencyCode: string;
  constructor(currencyCode: string, known: readonly string[], field?: string) {
    const list =
      known.length > 0 ? known.join(', ') : 'других пока нет — загрузите их командой `realty rates`';
    super(
      'revenue_unknown_currency',
      `неизвестный код валюты «${currencyCode}»: Центральный банк России не публикует по нему курс (курсы загружены для RUB, ${list})`,
      field !== undefined ? { field } : {},
    );
    this.currencyCode = currencyCode;
  }
}

/** A date before the first rate ever published (loaded) for the currency. */
export class NoRateError extends RevenueError {
  readonly currencyCode: string;
  readonly date: string;
  constructor(currencyCode: string, date: string, firstDate: string | undefined, field?: string) {
    super(
      'revenue_no_rate',
      `курс ${currencyCode} на ${ruDate(date)} или раньше не опубликован` +
        (firstDate
          ? ` (первый загруженный курс — от ${ruDate(firstDate)}; более ранние загрузите командой \`realty rates --from\`)`
          : ''),
      field !== undefined ? { field } : {},
    );
    this.currencyCode = currencyCode;
    this.date = date;
  }
}

/** «2026-03-07» → «07.03.2026» for messages. */
export function ruDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
