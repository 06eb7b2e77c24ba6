/**
 * The payments' one vocabulary: what a payment is for, the journal's kinds of operation and the
 * sale contract's statuses — Russian and English labels and Twenty's tag colour in one table, read
 * by the schema's select options and the pages (like the registry's and the auctions' vocabularies).
 */
import type { Term } from '../auctions/index';

export const PAYMENT_PURPOSE_TERMS = [
  { value: 'DEPOSIT', ru: 'Задаток', en: 'Deposit', tag: 'sky' },
  { value: 'PRICE', ru: 'Оплата цены', en: 'Price', tag: 'green' },
  { value: 'OTHER', ru: 'Прочий платёж', en: 'Other', tag: 'gray' },
] as const satisfies readonly Term[];
export type PaymentPurpose = (typeof PAYMENT_PURPOSE_TERMS)[number]['value'];

export const OPERATION_KIND_TERMS = [
  { value: 'DEPOSIT_RECEIVED', ru: 'Задаток получен', en: 'Deposit received', tag: 'sky' },
  { value: 'DEPOSIT_REFUNDED', ru: 'Задаток к возврату / возвращён', en: 'Deposit refunded', tag: 'green' },
  {
    value: 'DEPOSIT_CREDITED_TO_PRICE',
    ru: 'Задаток зачтён в цену',
    en: 'Deposit credited to the price',
    tag: 'blue',
  },
  { value: 'DEPOSIT_RETAINED', ru: 'Задаток удержан', en: 'Deposit retained', tag: 'red' },
  { value: 'PRICE_RECEIVED', ru: 'Оплата цены', en: 'Price received', tag: 'turquoise' },
] as const satisfies readonly Term[];
export type OperationKind = (typeof OPERATION_KIND_TERMS)[number]['value'];

export const CONTRACT_STATUS_TERMS = [
  { value: 'AWAITING_SIGNATURE', ru: 'ждёт подписания', en: 'Awaiting signature', tag: 'yellow' },
  { value: 'SIGNED', ru: 'подписан', en: 'Signed', tag: 'green' },
  { value: 'REFUSED', ru: 'отказ покупателя', en: 'Refused by the buyer', tag: 'red' },
  { value: 'CANCELLED', ru: 'отменён', en: 'Cancelled', tag: 'gray' },
] as const satisfies readonly Term[];
export type ContractStatus = (typeof CONTRACT_STATUS_TERMS)[number]['value'];

const options = <V extends string>(terms: readonly Term<V>[]) =>
  terms.map((t) => ({ value: t.value, label: t.en, color: t.tag }));
const ru = <V extends string>(terms: readonly Term<V>[]): Readonly<Record<string, string>> =>
  Object.fromEntries(terms.map((t) => [t.value, t.ru]));

export const PAYMENT_PURPOSE_OPTIONS = options<PaymentPurpose>(PAYMENT_PURPOSE_TERMS);
export const OPERATION_KIND_OPTIONS = options<OperationKind>(OPERATION_KIND_TERMS);
export const CONTRACT_STATUS_OPTIONS = options<ContractStatus>(CONTRACT_STATUS_TERMS);

export const PAYMENT_PURPOSE_RU = ru<PaymentPurpose>(PAYMENT_PURPOSE_TERMS);
export const OPERATION_KIND_RU = ru<OperationKind>(OPERATION_KIND_TERMS);
export const CONTRACT_STATUS_RU = ru<ContractStatus>(CONTRACT_STATUS_TERMS);
