/**
 * The columns of the unit import file, in template order. A header cell is
 * recognised by its Russian caption, its English caption, both joined by
 * " / " (the template's form) or the field's API name, ignoring case, extra
 * spaces and a trailing "*". Captions of kinds and statuses are what staff
 * type in Excel; the values are what Twenty stores.
 */
import {
  UNIT_KIND_RU,
  UNIT_KIND_TERMS,
  UNIT_KIND_VALUES,
  UNIT_STATUS_RU,
  UNIT_STATUS_TERMS,
  type UnitKind,
  type UnitStatus,
} from '../vocabulary';

export const COLUMN_KEYS = [
  'externalCode',
  'complex',
  'building',
  'section',
  'number',
  'kind',
  'floor',
  'positionOnFloor',
  'rooms',
  'totalArea',
  'livingArea',
  'price',
  'status',
  'cadastralNumber',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

export interface ColumnSpec {
  key: ColumnKey;
  ru: string;
  en: string;
  /** The header must have this column. */
  requiredInHeader: boolean;
  /** Each row must fill it. */
  requiredInRow: boolean;
  hint: string;
  width: number;
}

export const COLUMNS: readonly ColumnSpec[] = [
  {
    key: 'externalCode',
    ru: 'Внешний код',
    en: 'External code',
    requiredInHeader: false,
    requiredInRow: false,
    hint: 'Постоянный код помещения; без него помещение ищется по корпусу, секции и номеру',
    width: 18,
  },
  {
    key: 'complex',
    ru: 'ЖК',
    en: 'Residential complex',
    requiredInHeader: false,
    requiredInRow: false,
    hint: 'Название существующего ЖК; нужно, когда в двух ЖК есть корпус с одинаковым названием',
    width: 24,
  },
  {
    key: 'building',
    ru: 'Корпус',
    en: 'Building',
    requiredInHeader: true,
    requiredInRow: true,
    hint: 'Номер или название существующего корпуса (или его id)',
    width: 12,
  },
  {
    key: 'section',
    ru: 'Секция',
    en: 'Section',
    requiredInHeader: false,
    requiredInRow: false,
    hint: 'Номер существующей секции корпуса',
    width: 10,
  },
  {
    key: 'number',
    ru: 'Номер',
    en: 'Number',
    requiredInHeader: true,
    requiredInRow: true,
    hint: 'Номер по плану, например 105 или М1-12',
    width: 10,
  },
  {
    key: 'kind',
    ru: 'Тип',
    en: 'Kind',
    requiredInHeader: true,
    requiredInRow: true,
    hint: `${UNIT_KIND_TERMS.map((t) => t.ru).join(', ')} (или ${UNIT_KIND_VALUES.join(', ')})`,
    width: 16,
  },
  {
    key: 'floor',
    ru: 'Этаж',
    en: 'Floor',
    requiredInHeader: true,
    requiredInRow: true,
    hint: 'Целое число в пределах этажности корпуса; отрицательное — только для паркинга и кладовых',
    width: 8,
  },
  {
    key: 'positionOnFloor',
    ru: 'Позиция на этаже',
    en: 'Position on floor',
    requiredInHeader: false,
    requiredInRow: false,
    hint: 'Целое число ≥ 1: столбец на шахматке',
    width: 12,
  },
  {
    key: 'rooms',
    ru: 'Комнат',
    en: 'Rooms',
    requiredInHeader: false,
    requiredInRow: false,
    hint: 'Квартиры: от 0 (студия) до 20; офисы, машиноместа и кладовые: 0 или пусто',
    width: 8,
  },
  {
    key: 'totalArea',
    ru: 'Общая площадь, м²',
    en: 'Total area, m²',
    requiredInHeader: true,
    requiredInRow: true,
    hint: 'Больше 0; дробная часть через запятую или точку; «м²» после числа не мешает',
    width: 14,
  },
  {
    key: 'livingArea',
    ru: 'Жилая площадь, м²',
    en: 'Living area, m²',
    requiredInHeader: false,
    requiredInRow: false,
    hint: 'Больше 0 и не больше общей площади',
    width: 14,
  },
  {
    key: 'price',
    ru: 'Цена, ₽',
    en: 'Price, RUB',
    requiredInHeader: true,
    requiredInRow: true,
    hint: 'Рубли, больше 0; пробелы между тысячами допустимы (12 500 000)',
    width: 16,
  },
  {
    key: 'status',
    ru: 'Статус',
    en: 'Status',
    requiredInHeader: true,
    requiredInRow: true,
    hint: `${UNIT_STATUS_TERMS.map((t) => t.ru).join(', ')} (или английские значения)`,
    width: 16,
  },
  {
    key: 'cadastralNumber',
    ru: 'Кадастровый номер',
    en: 'Cadastral number',
    requiredInHeader: false,
    requiredInRow: false,
    hint: 'Как в госреестре, например 77:09:0001013:5012',
    width: 22,
  },
];

export const COLUMN_BY_KEY: ReadonlyMap<ColumnKey, ColumnSpec> = new Map(COLUMNS.map((c) => [c.key, c]));

/** Every unit field the import writes, by its Russian caption (the building and section ids by their columns'). */
export function importFieldLabels(): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const spec of COLUMNS) labels[spec.key] = spec.ru;
  labels.buildingId = columnRu('building');
  labels.sectionId = columnRu('section');
  return labels;
}

/** The column's Russian caption alone («Этаж»), for messages people read. */
export function columnRu(key: ColumnKey): string {
  return COLUMN_BY_KEY.get(key)?.ru ?? key;
}

export function columnCaption(key: ColumnKey): string {
  const spec = COLUMN_BY_KEY.get(key);
  return spec ? `${spec.ru} / ${spec.en}` : key;
}

export function normalizeHeader(text: string): string {
  return text
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/\*+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/м2\b/g, 'м²')
    .replace(/m2\b/g, 'm²');
}

const HEADER_LOOKUP: ReadonlyMap<string, ColumnKey> = (() => {
  const map = new Map<string, ColumnKey>();
  for (const c of COLUMNS) {
    for (const text of [c.ru, c.en, `${c.ru} / ${c.en}`, `${c.ru}/${c.en}`, c.key]) {
      map.set(normalizeHeader(text), c.key);
    }
  }
  return map;
})();

export function columnForHeader(text: string): ColumnKey | undefined {
  return HEADER_LOOKUP.get(normalizeHeader(text));
}

/** 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let n = index;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The captions files use for kinds and statuses: the vocabulary's Russian labels. */
export const KIND_CAPTIONS: Readonly<Record<UnitKind, string>> = UNIT_KIND_RU;
export const STATUS_CAPTIONS: Readonly<Record<UnitStatus, string>> = UNIT_STATUS_RU;
