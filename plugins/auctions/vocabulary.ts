/** The auctions' words in Russian, one place for every page (STYLE.md: one vocabulary). */
export { STATUS_LABELS_RU as AUCTION_STATUS_RU } from './rules/auction-state';

export const LOT_STATUS_RU: Record<string, string> = {
  ACTIVE: 'в торгах',
  SOLD: 'продан',
  FAILED: 'не состоялся',
  TERMINATED: 'снят',
};

export const ADMISSION_RU: Record<string, string> = {
  PENDING: 'на рассмотрении',
  ADMITTED: 'допущен',
  REJECTED: 'отказано',
};

export const DEPOSIT_STATUS_RU: Record<string, string> = {
  AWAITED: 'ожидается',
  RECEIVED: 'получен',
  REFUND_DUE: 'к возврату',
  REFUNDED: 'возвращён',
  CREDITED: 'зачтён в цену',
  RETAINED: 'удержан',
};

export const STAGE_RU: Record<string, string> = {
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

export const OPERATION_KIND_RU: Record<string, string> = {
  DEPOSIT_RECEIVED: 'Задаток получен',
  DEPOSIT_REFUNDED: 'Задаток к возврату / возвращён',
  DEPOSIT_CREDITED_TO_PRICE: 'Задаток зачтён в цену',
  DEPOSIT_RETAINED: 'Задаток удержан',
  PRICE_RECEIVED: 'Оплата цены',
};

export const CONTRACT_STATUS_RU: Record<string, string> = {
  AWAITING_SIGNATURE: 'ждёт подписания',
  SIGNED: 'подписан',
  REFUSED: 'отказ покупателя',
  CANCELLED: 'отменён',
};
