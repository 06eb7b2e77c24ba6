// What the app writes on records' timelines in Twenty: the Russian one-line summary of a stage
// protocol, a payment, a deposit refund and a unit's status or price change, built from the record
// a database event carries (`properties.after`). Pure functions (no twenty-sdk, no `src/` import):
// twenty-realty's test suite runs them as they are. Money as «1 250 000 ₽», dates as dd.mm.yyyy
// (Moscow time); a missing field is left out or said so, never printed as «undefined».

/** A CURRENCY field as Twenty's events carry it (micros may come as a string from Postgres). */
export interface MoneyValue {
  amountMicros?: number | string | null;
  currencyCode?: string | null;
}

// The labels of the project's vocabularies (plugins/*/vocabulary.ts), copied: the app is a package of its own.
const STAGE_RU: Readonly<Record<string, string>> = {
  ANNOUNCEMENT: 'Извещение',
  APPLICATIONS_OPENED: 'Начат приём заявок',
  APPLICATIONS_CLOSED: 'Приём заявок окончен',
  ADMISSION: 'Протокол допуска',
  RESULTS: 'Протокол итогов',
  FAILURE: 'Признан несостоявшимся',
  TERMINATION: 'Досрочное прекращение',
  CANCELLATION: 'Отмена',
  WINNER_REFUSED: 'Отказ победителя',
};
const PURPOSE_RU: Readonly<Record<string, string>> = {
  DEPOSIT: 'Задаток',
  PRICE: 'Оплата цены',
  OTHER: 'Прочий платёж',
};
const UNIT_STATUS_RU: Readonly<Record<string, string>> = {
  FREE: 'Свободна',
  RESERVED: 'Резерв',
  IN_AUCTION: 'На торгах',
  BOOKED: 'Забронирована',
  SOLD: 'Продана',
  NOT_FOR_SALE: 'Не в продаже',
};
const CHANGE_SOURCE_RU: Readonly<Record<string, string>> = {
  IMPORT: 'импорт',
  MANUAL: 'вручную',
  AUCTION: 'аукцион',
  MIGRATION: 'миграция',
};
const CHANGE_STATUS_RU: Readonly<Record<string, string>> = {
  PENDING: 'ждёт одобрения',
  REJECTED: 'отклонено',
  REVERTED: 'отменено',
};
const CURRENCY_SIGN: Readonly<Record<string, string>> = { RUB: '₽', USD: '$', EUR: '€' };

const present = (value: unknown): value is string | number =>
  (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));

/** Groups of three digits separated by spaces, kopecks after a comma when there are any. */
function groupDigits(value: number): string {
  const negative = value < 0;
  const cents = Math.round(Math.abs(value) * 100);
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const fraction = cents % 100 === 0 ? '' : `,${String(cents % 100).padStart(2, '0')}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** «1 250 000 ₽», «99,50 ₽»; undefined when there is no amount. */
export function formatMoney(money: MoneyValue | null | undefined): string | undefined {
  if (!money || !present(money.amountMicros)) return undefined;
  const micros = Number(money.amountMicros);
  if (!Number.isFinite(micros)) return undefined;
  const code = money.currencyCode || 'RUB';
  return `${groupDigits(micros / 1_000_000)} ${CURRENCY_SIGN[code] ?? code}`;
}

/** A unit's price as the change protocol keeps it (rubles, «12500000.5»), as money. */
export function formatRubles(value: string | null | undefined): string | undefined {
  if (!present(value)) return undefined;
  const rubles = Number(String(value).replace(/\s/g, '').replace(',', '.'));
  return Number.isFinite(rubles) ? `${groupDigits(rubles)} ₽` : String(value);
}

/** dd.mm.yyyy in Moscow time (UTC+3 all year); a bare date (yyyy-mm-dd) as it is; undefined when absent or invalid. */
export function formatDate(value: string | null | undefined): string | undefined {
  if (!present(value)) return undefined;
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  if (bare) return `${bare[3]}.${bare[2]}.${bare[1]}`;
  const at = new Date(String(value));
  if (Number.isNaN(at.getTime())) return undefined;
  const moscow = new Date(at.getTime() + 3 * 3600_000);
  const dd = String(moscow.getUTCDate()).padStart(2, '0');
  const mm = String(moscow.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${moscow.getUTCFullYear()}`;
}

const join = (...parts: (string | undefined | false | null)[]) => parts.filter(Boolean).join(', ');

export interface StageResultRecord {
  stage?: string | null;
  summary?: string | null;
  at?: string | null;
  by?: string | null;
}

/** «Протокол допуска от 05.12.2026: допущены 3 заявки из 4 (Иванова)». */
export function stageResultSummary(record: StageResultRecord): string {
  const stage = (record.stage && STAGE_RU[record.stage]) || record.stage || 'Этап торгов';
  const date = formatDate(record.at);
  const head = date ? `${stage} от ${date}` : stage;
  const text = record.summary?.trim();
  const by = record.by?.trim();
  return `${head}${text ? `: ${text}` : ''}${by ? ` (${by})` : ''}`;
}

export interface PaymentRecord {
  amount?: MoneyValue | null;
  purpose?: string | null;
  paidAt?: string | null;
  bankReference?: string | null;
}

/** «Задаток 250 000 ₽ от 05.12.2026, платёжное поручение 4411». */
export function paymentSummary(record: PaymentRecord): string {
  const purpose = (record.purpose && PURPOSE_RU[record.purpose]) || 'Платёж';
  const amount = formatMoney(record.amount) ?? '(сумма не указана)';
  const date = formatDate(record.paidAt);
  const reference = record.bankReference?.trim();
  return join(
    `${purpose} ${amount}${date ? ` от ${date}` : ''}`,
    reference && `платёжное поручение ${reference}`,
  );
}

export interface FinancialOperationRecord {
  kind?: string | null;
  amount?: MoneyValue | null;
  at?: string | null;
  dueBy?: string | null;
  settledAt?: string | null;
  by?: string | null;
}

/** Only a deposit refund makes an entry: «Возврат задатка 250 000 ₽: возвращён 06.12.2026» or «… к возврату до 10.12.2026». */
export function refundSummary(record: FinancialOperationRecord): string | null {
  if (record.kind !== 'DEPOSIT_REFUNDED') return null;
  const amount = formatMoney(record.amount) ?? '(сумма не указана)';
  const settled = formatDate(record.settledAt);
  const due = formatDate(record.dueBy);
  const state = settled ? `возвращён ${settled}` : due ? `к возврату до ${due}` : 'к возврату';
  const by = record.by?.trim();
  return `Возврат задатка ${amount}: ${state}${by ? ` (${by})` : ''}`;
}

export interface UnitChangeRecord {
  fieldName?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  source?: string | null;
  changedBy?: string | null;
  changedAt?: string | null;
  status?: string | null;
}

export type UnitChangeKind = 'status' | 'price';

/** A status or price change of a unit, with which of the two it is; null for any other field. */
export function unitChangeSummary(
  record: UnitChangeRecord,
): { kind: UnitChangeKind; summary: string } | null {
  const kind = record.fieldName === 'status' ? 'status' : record.fieldName === 'price' ? 'price' : null;
  if (!kind) return null;
  const shown = (value: string | null | undefined) =>
    kind === 'status' ? (value && (UNIT_STATUS_RU[value] ?? value)) || '—' : (formatRubles(value) ?? '—');
  const head = `${kind === 'status' ? 'Статус' : 'Цена'}: ${shown(record.oldValue)} → ${shown(record.newValue)}`;
  const details = join(
    record.status ? CHANGE_STATUS_RU[record.status] : undefined,
    record.source ? (CHANGE_SOURCE_RU[record.source] ?? record.source) : undefined,
    record.changedBy?.trim(),
    formatDate(record.changedAt),
  );
  return { kind, summary: details ? `${head} (${details})` : head };
}
