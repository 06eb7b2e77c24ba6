/**
 * The one vocabulary of auctions: the procedure's statuses, lot statuses, admission decisions,
 * deposit fates, stage protocols, bid sources and the staff's actions on the procedure — each with
 * its Russian and English label and its colours. The schema's select options (Twenty's tags), the
 * state machine's messages, the console, the registry page and its status badges all read them
 * from here (like the registry's unit vocabulary): a label changed here changes everywhere.
 */

/** Twenty's select-option colours (the tag colour in Twenty's UI). */
export type TwentyTagColor =
  | 'gray'
  | 'sky'
  | 'blue'
  | 'purple'
  | 'orange'
  | 'green'
  | 'red'
  | 'ruby'
  | 'yellow'
  | 'turquoise';

export interface Term<V extends string = string> {
  readonly value: V;
  readonly ru: string;
  readonly en: string;
  readonly tag: TwentyTagColor;
}

/** A status shown as a badge on the pages: its background and text colour (`#rrggbb`). */
export interface BadgeTerm<V extends string = string> extends Term<V> {
  readonly color: string;
  readonly textColor: string;
}

export const AUCTION_STATUS_TERMS = [
  { value: 'DRAFT', ru: 'черновик', en: 'Draft', tag: 'gray', color: '#e6e6e6', textColor: '#222233' },
  { value: 'ANNOUNCED', ru: 'объявлен', en: 'Announced', tag: 'sky', color: '#dbe9ff', textColor: '#222233' },
  {
    value: 'APPLICATIONS',
    ru: 'приём заявок',
    en: 'Applications',
    tag: 'blue',
    color: '#dbe9ff',
    textColor: '#222233',
  },
  {
    value: 'ADMISSION',
    ru: 'допуск',
    en: 'Admission',
    tag: 'purple',
    color: '#eadbff',
    textColor: '#222233',
  },
  { value: 'BIDDING', ru: 'торги', en: 'Bidding', tag: 'orange', color: '#ffe6c7', textColor: '#222233' },
  {
    value: 'COMPLETED',
    ru: 'завершён',
    en: 'Completed',
    tag: 'green',
    color: '#d6f5dc',
    textColor: '#222233',
  },
  { value: 'FAILED', ru: 'не состоялся', en: 'Failed', tag: 'red', color: '#ffd9d9', textColor: '#222233' },
  {
    value: 'TERMINATED',
    ru: 'прекращён',
    en: 'Terminated',
    tag: 'ruby',
    color: '#ffd9d9',
    textColor: '#222233',
  },
  { value: 'CANCELLED', ru: 'отменён', en: 'Cancelled', tag: 'gray', color: '#eeeeee', textColor: '#777777' },
] as const satisfies readonly BadgeTerm[];
export type AuctionStatus = (typeof AUCTION_STATUS_TERMS)[number]['value'];

export const LOT_STATUS_TERMS = [
  { value: 'ACTIVE', ru: 'в торгах', en: 'Active', tag: 'blue' },
  { value: 'SOLD', ru: 'продан', en: 'Sold', tag: 'green' },
  { value: 'FAILED', ru: 'не состоялся', en: 'Failed', tag: 'red' },
  { value: 'TERMINATED', ru: 'снят', en: 'Terminated', tag: 'ruby' },
] as const satisfies readonly Term[];
export type LotStatus = (typeof LOT_STATUS_TERMS)[number]['value'];

export const ADMISSION_TERMS = [
  { value: 'PENDING', ru: 'на рассмотрении', en: 'Pending', tag: 'yellow' },
  { value: 'ADMITTED', ru: 'допущен', en: 'Admitted', tag: 'green' },
  { value: 'REJECTED', ru: 'отказано', en: 'Rejected', tag: 'red' },
] as const satisfies readonly Term[];
export type Admission = (typeof ADMISSION_TERMS)[number]['value'];

/** What became of an applicant's deposit (decided here; the payments journal records the money). */
export const DEPOSIT_STATUS_TERMS = [
  { value: 'AWAITED', ru: 'ожидается', en: 'Awaited', tag: 'gray' },
  { value: 'RECEIVED', ru: 'получен', en: 'Received', tag: 'sky' },
  { value: 'REFUND_DUE', ru: 'к возврату', en: 'Refund due', tag: 'orange' },
  { value: 'REFUNDED', ru: 'возвращён', en: 'Refunded', tag: 'green' },
  { value: 'CREDITED', ru: 'зачтён в цену', en: 'Credited to the price', tag: 'blue' },
  { value: 'RETAINED', ru: 'удержан', en: 'Retained', tag: 'red' },
] as const satisfies readonly Term[];
export type DepositStatus = (typeof DEPOSIT_STATUS_TERMS)[number]['value'];

export const STAGE_TERMS = [
  { value: 'ANNOUNCEMENT', ru: 'Извещение', en: 'Announcement', tag: 'sky' },
  { value: 'APPLICATIONS_OPENED', ru: 'Начат приём заявок', en: 'Applications opened', tag: 'blue' },
  { value: 'APPLICATIONS_CLOSED', ru: 'Приём заявок окончен', en: 'Applications closed', tag: 'purple' },
  { value: 'ADMISSION', ru: 'Протокол допуска', en: 'Admission', tag: 'purple' },
  { value: 'RESULTS', ru: 'Протокол итогов', en: 'Results', tag: 'green' },
  { value: 'FAILURE', ru: 'Признан несостоявшимся', en: 'Failure', tag: 'red' },
  { value: 'TERMINATION', ru: 'Досрочное прекращение', en: 'Termination', tag: 'ruby' },
  { value: 'CANCELLATION', ru: 'Отмена', en: 'Cancellation', tag: 'gray' },
  { value: 'WINNER_REFUSED', ru: 'Отказ победителя', en: 'Winner refused', tag: 'red' },
] as const satisfies readonly Term[];
export type Stage = (typeof STAGE_TERMS)[number]['value'];

export const BID_SOURCE_TERMS = [
  { value: 'MANUAL', ru: 'вручную', en: 'Entered by staff', tag: 'gray' },
  { value: 'IMPORT', ru: 'протокол площадки', en: 'Platform protocol', tag: 'blue' },
] as const satisfies readonly Term[];
export type BidSource = (typeof BID_SOURCE_TERMS)[number]['value'];

/**
 * The staff's actions on the procedure: the button on the console (`ru`), the verb in a refusal
 * (`verbRu`: «нельзя объявить аукцион…»). Which of them a status allows is the state machine's
 * answer (`availableActions` in rules/auction-state.ts), not a table of its own.
 */
export const PROCEDURE_ACTION_TERMS = [
  { value: 'announce', ru: 'Объявить', verbRu: 'объявить', en: 'Announce', danger: false },
  {
    value: 'openApplications',
    ru: 'Открыть приём заявок',
    verbRu: 'открыть приём заявок',
    en: 'Open applications',
    danger: false,
  },
  {
    value: 'closeApplications',
    ru: 'Завершить приём заявок',
    verbRu: 'завершить приём заявок',
    en: 'Close applications',
    danger: false,
  },
  {
    value: 'completeAdmission',
    ru: 'Подписать протокол допуска',
    verbRu: 'подписать протокол допуска',
    en: 'Sign the admission protocol',
    danger: false,
  },
  { value: 'startBidding', ru: 'Начать торги', verbRu: 'начать торги', en: 'Start bidding', danger: false },
  {
    value: 'completeBidding',
    ru: 'Подвести итоги',
    verbRu: 'подвести итоги',
    en: 'Complete bidding',
    danger: false,
  },
  { value: 'terminate', ru: 'Прекратить досрочно', verbRu: 'прекратить', en: 'Terminate', danger: true },
  { value: 'cancel', ru: 'Отменить', verbRu: 'отменить', en: 'Cancel', danger: true },
] as const;
export type ProcedureAction = (typeof PROCEDURE_ACTION_TERMS)[number]['value'];
export type ProcedureActionTerm = (typeof PROCEDURE_ACTION_TERMS)[number];

export const AUCTION_STATUSES: readonly AuctionStatus[] = AUCTION_STATUS_TERMS.map((t) => t.value);

function ruOf<V extends string>(terms: readonly Term<V>[]): Readonly<Record<V, string>> {
  return Object.fromEntries(terms.map((t) => [t.value, t.ru])) as Record<V, string>;
}

/** Select options for the schema (English labels: Twenty's UI speaks the workspace's language). */
export function selectOptions<V extends string>(
  terms: readonly Term<V>[],
): { value: V; label: string; color: TwentyTagColor }[] {
  return terms.map((t) => ({ value: t.value, label: t.en, color: t.tag }));
}

/** `{ DRAFT: 'черновик', … }`: the Russian label of every auction status. */
export const AUCTION_STATUS_RU = ruOf<AuctionStatus>(AUCTION_STATUS_TERMS);
export const LOT_STATUS_RU = ruOf<LotStatus>(LOT_STATUS_TERMS);
export const ADMISSION_RU = ruOf<Admission>(ADMISSION_TERMS);
export const DEPOSIT_STATUS_RU = ruOf<DepositStatus>(DEPOSIT_STATUS_TERMS);
export const STAGE_RU = ruOf<Stage>(STAGE_TERMS);
export const BID_SOURCE_RU = ruOf<BidSource>(BID_SOURCE_TERMS);

export function auctionStatusTerm(status: string | null | undefined): BadgeTerm | undefined {
  return AUCTION_STATUS_TERMS.find((t) => t.value === status);
}

export function procedureActionTerm(action: ProcedureAction): ProcedureActionTerm {
  return PROCEDURE_ACTION_TERMS.find((t) => t.value === action) as ProcedureActionTerm;
}

export function isAuctionStatus(value: unknown): value is AuctionStatus {
  return typeof value === 'string' && (AUCTION_STATUSES as readonly string[]).includes(value);
}

/** The badges' stylesheet (`.status-draft { … }`), served by the auctions plugin from this table. */
export function statusBadgeCss(): string {
  return AUCTION_STATUS_TERMS.map(
    (t) => `.status-${t.value.toLowerCase()} { background: ${t.color}; color: ${t.textColor}; }`,
  ).join('\n');
}
