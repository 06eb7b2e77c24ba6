/**
 * Status colours of the chessboard (domain.md: FREE green, RESERVED yellow,
 * IN_AUCTION blue, BOOKED orange, SOLD grey, NOT_FOR_SALE dark), shared by the
 * page, the JSON legend and the xlsx export so the three never disagree.
 */
export const UNIT_STATUS_VALUES = [
  'FREE',
  'RESERVED',
  'IN_AUCTION',
  'BOOKED',
  'SOLD',
  'NOT_FOR_SALE',
] as const;
export type UnitStatus = (typeof UNIT_STATUS_VALUES)[number];

export const UNIT_KIND_VALUES = ['FLAT', 'OFFICE', 'PARKING', 'STORAGE'] as const;
export type UnitKind = (typeof UNIT_KIND_VALUES)[number];

export interface LegendEntry {
  status: UnitStatus;
  label: string;
  /** Cell background, `#rrggbb`. */
  color: string;
  /** Text colour readable on `color`. */
  textColor: string;
}

export const STATUS_LEGEND: readonly LegendEntry[] = [
  { status: 'FREE', label: 'Свободна', color: '#66bb6a', textColor: '#0b2e0d' },
  { status: 'RESERVED', label: 'Резерв', color: '#ffeb3b', textColor: '#3a3000' },
  { status: 'IN_AUCTION', label: 'На торгах', color: '#42a5f5', textColor: '#04213a' },
  { status: 'BOOKED', label: 'Бронь', color: '#ffa726', textColor: '#3a2000' },
  { status: 'SOLD', label: 'Продана', color: '#bdbdbd', textColor: '#212121' },
  { status: 'NOT_FOR_SALE', label: 'Не в продаже', color: '#37474f', textColor: '#ffffff' },
];

/** A unit whose status Twenty holds but this list does not know is drawn in this neutral colour. */
export const UNKNOWN_STATUS_COLOR = '#e0e0e0';

export function legendOf(status: string | null): LegendEntry | undefined {
  return STATUS_LEGEND.find((entry) => entry.status === status);
}

export const KIND_LABELS: Record<UnitKind, string> = {
  FLAT: 'Квартира',
  OFFICE: 'Офис',
  PARKING: 'Машиноместо',
  STORAGE: 'Кладовая',
};
