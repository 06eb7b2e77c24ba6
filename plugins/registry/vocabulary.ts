/**
 * The one vocabulary of units: kinds and statuses with their Russian and
 * English labels and colours. The schema's select options, the import's
 * captions and template, the chessboard's cells, legend and card, and the
 * xlsx export all read it from here — a label changed here changes everywhere.
 * Colours are domain.md's (FREE green, RESERVED yellow, IN_AUCTION blue,
 * BOOKED orange, SOLD grey, NOT_FOR_SALE dark); Twenty has no "dark" tag
 * colour, so its tag for NOT_FOR_SALE is purple.
 */

export const UNIT_KIND_VALUES = ['FLAT', 'OFFICE', 'PARKING', 'STORAGE'] as const;
export type UnitKind = (typeof UNIT_KIND_VALUES)[number];

export const UNIT_STATUS_VALUES = [
  'FREE',
  'RESERVED',
  'IN_AUCTION',
  'BOOKED',
  'SOLD',
  'NOT_FOR_SALE',
] as const;
export type UnitStatus = (typeof UNIT_STATUS_VALUES)[number];

/** Twenty's select-option colours (the tag colour in Twenty's UI). */
type TwentyTagColor = 'green' | 'yellow' | 'blue' | 'orange' | 'gray' | 'purple' | 'turquoise';

export interface KindTerm {
  readonly value: UnitKind;
  readonly ru: string;
  /** Plural, for counts and headings. */
  readonly ruPlural: string;
  readonly en: string;
  readonly tag: TwentyTagColor;
}

export interface StatusTerm {
  readonly value: UnitStatus;
  readonly ru: string;
  readonly en: string;
  readonly tag: TwentyTagColor;
  /** Cell background on the chessboard and in the export, `#rrggbb`. */
  readonly color: string;
  /** Text colour readable on `color`. */
  readonly textColor: string;
}

export const UNIT_KIND_TERMS: readonly KindTerm[] = [
  { value: 'FLAT', ru: 'Квартира', ruPlural: 'Квартиры', en: 'Flat', tag: 'blue' },
  { value: 'OFFICE', ru: 'Офис', ruPlural: 'Офисы', en: 'Office', tag: 'purple' },
  { value: 'PARKING', ru: 'Машиноместо', ruPlural: 'Машиноместа', en: 'Parking space', tag: 'gray' },
  { value: 'STORAGE', ru: 'Кладовая', ruPlural: 'Кладовые', en: 'Storage room', tag: 'turquoise' },
];

export const UNIT_STATUS_TERMS: readonly StatusTerm[] = [
  { value: 'FREE', ru: 'Свободна', en: 'Free', tag: 'green', color: '#66bb6a', textColor: '#0b2e0d' },
  { value: 'RESERVED', ru: 'Резерв', en: 'Reserved', tag: 'yellow', color: '#ffeb3b', textColor: '#3a3000' },
  {
    value: 'IN_AUCTION',
    ru: 'На торгах',
    en: 'In auction',
    tag: 'blue',
    color: '#42a5f5',
    textColor: '#04213a',
  },
  {
    value: 'BOOKED',
    ru: 'Забронирована',
    en: 'Booked',
    tag: 'orange',
    color: '#ffa726',
    textColor: '#3a2000',
  },
  { value: 'SOLD', ru: 'Продана', en: 'Sold', tag: 'gray', color: '#bdbdbd', textColor: '#212121' },
  {
    value: 'NOT_FOR_SALE',
    ru: 'Не в продаже',
    en: 'Not for sale',
    tag: 'purple',
    color: '#37474f',
    textColor: '#ffffff',
  },
];

/** A status Twenty holds that this list does not know is drawn in this neutral colour. */
export const UNKNOWN_STATUS_COLOR = '#e0e0e0';

export function kindTerm(kind: string | null | undefined): KindTerm | undefined {
  return UNIT_KIND_TERMS.find((t) => t.value === kind);
}

export function statusTerm(status: string | null | undefined): StatusTerm | undefined {
  return UNIT_STATUS_TERMS.find((t) => t.value === status);
}

/** Select options for the schema, from the terms (English labels: Twenty's UI language is the workspace's). */
export const UNIT_KIND_OPTIONS = UNIT_KIND_TERMS.map((t) => ({ value: t.value, label: t.en, color: t.tag }));
export const UNIT_STATUS_OPTIONS = UNIT_STATUS_TERMS.map((t) => ({
  value: t.value,
  label: t.en,
  color: t.tag,
}));

/**
 * Other ways people write kinds and statuses in files (English labels, older captions such as
 * «На аукционе» and «Бронь», spoken variants). The import reads them; nothing writes them.
 */
export const UNIT_KIND_ALIASES: Readonly<Record<string, UnitKind>> = {
  Apartment: 'FLAT',
  Parking: 'PARKING',
  Storage: 'STORAGE',
  'Машино-место': 'PARKING',
  'Машино место': 'PARKING',
  Кладовка: 'STORAGE',
  'Нежилое помещение': 'OFFICE',
};

export const UNIT_STATUS_ALIASES: Readonly<Record<string, UnitStatus>> = {
  Свободно: 'FREE',
  Свободен: 'FREE',
  Зарезервирована: 'RESERVED',
  Зарезервировано: 'RESERVED',
  'На аукционе': 'IN_AUCTION',
  Аукцион: 'IN_AUCTION',
  Торги: 'IN_AUCTION',
  Забронировано: 'BOOKED',
  Забронирован: 'BOOKED',
  Бронь: 'BOOKED',
  Продано: 'SOLD',
  Продан: 'SOLD',
  'Снята с продажи': 'NOT_FOR_SALE',
};

/** `{ FLAT: 'Квартира', … }` — the Russian label of every kind. */
export const UNIT_KIND_RU: Readonly<Record<UnitKind, string>> = Object.fromEntries(
  UNIT_KIND_TERMS.map((t) => [t.value, t.ru]),
) as Record<UnitKind, string>;

/** `{ FREE: 'Свободна', … }` — the Russian label of every status. */
export const UNIT_STATUS_RU: Readonly<Record<UnitStatus, string>> = Object.fromEntries(
  UNIT_STATUS_TERMS.map((t) => [t.value, t.ru]),
) as Record<UnitStatus, string>;

export function isUnitKind(value: unknown): value is UnitKind {
  return typeof value === 'string' && (UNIT_KIND_VALUES as readonly string[]).includes(value);
}

export function isUnitStatus(value: unknown): value is UnitStatus {
  return typeof value === 'string' && (UNIT_STATUS_VALUES as readonly string[]).includes(value);
}
