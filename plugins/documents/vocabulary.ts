/**
 * The documents' one vocabulary: the templates (name, Russian title, the object a record of it
 * must be, the template's version) and the Russian names of the objects a record id may be.
 * The operation, the route, the handlers and the page all read them from here.
 */

export const TEMPLATE_NAMES = [
  'passport',
  'booking-agreement',
  'sale-contract',
  'mortgage-sale-contract',
  'auction-protocol',
  'deposit-refund',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface TemplateTerm {
  readonly name: TemplateName;
  readonly ru: string;
  /** The objects a record given for this template may be. */
  readonly objects: readonly string[];
  /** The version of the code-defined template (the passport's comes from its stored layout). */
  readonly version: number;
  /** The file name's stem. */
  readonly file: string;
}

export const TEMPLATES: Readonly<Record<TemplateName, TemplateTerm>> = {
  passport: {
    name: 'passport',
    ru: 'Паспорт объекта',
    objects: ['unit', 'building'],
    version: 1,
    file: 'паспорт',
  },
  'booking-agreement': {
    name: 'booking-agreement',
    ru: 'Договор бронирования',
    objects: ['unit'],
    version: 1,
    file: 'договор-бронирования',
  },
  'sale-contract': {
    name: 'sale-contract',
    ru: 'Договор купли-продажи',
    objects: ['saleContract'],
    version: 1,
    file: 'договор-купли-продажи',
  },
  'mortgage-sale-contract': {
    name: 'mortgage-sale-contract',
    ru: 'Договор купли-продажи с использованием кредитных средств',
    objects: ['saleContract'],
    version: 1,
    file: 'договор-купли-продажи-ипотека',
  },
  'auction-protocol': {
    name: 'auction-protocol',
    ru: 'Протокол о результатах торгов',
    objects: ['auction'],
    version: 1,
    file: 'протокол-торгов',
  },
  'deposit-refund': {
    name: 'deposit-refund',
    ru: 'Заявление о возврате задатка',
    objects: ['financialOperation'],
    version: 1,
    file: 'возврат-задатка',
  },
};

export const isTemplateName = (name: string): name is TemplateName =>
  (TEMPLATE_NAMES as readonly string[]).includes(name);

/** An object's name in a Russian sentence («… — это помещение»). */
export const OBJECT_RU: Readonly<Record<string, string>> = {
  unit: 'помещение',
  building: 'корпус',
  residentialComplex: 'жилой комплекс',
  saleContract: 'договор купли-продажи',
  auction: 'торги',
  auctionLot: 'лот торгов',
  auctionApplication: 'заявка на участие в торгах',
  financialOperation: 'финансовая операция',
  payment: 'платёж',
};

/** The financial operation whose statement is the deposit refund. */
export const REFUND_KIND = 'DEPOSIT_REFUNDED';
/** Auction statuses at which its results are fixed (the results protocol is due). */
export const RESULTS_FIXED_STATUSES: readonly string[] = ['COMPLETED', 'FAILED'];
