/**
 * The unit card as a salesperson reads it: a title («Квартира № 105»), where
 * it is (complex · building · section), the status with its colour, labelled
 * and formatted values (price «55 686 440 ₽», area «173,0 м²»), the floor plan
 * and the change history in words («01.10.2026 · Статус: Забронирована →
 * Продана · вручную, admin@…»). Pure: it gets what the principal's reader
 * returned and which fields it may see — a hidden field has no row, here or
 * in the history. Never an id, a field name or JSON.
 */
import Decimal from 'decimal.js';
import {
  formatArea,
  formatDate,
  formatNumber,
  formatRub,
  formatRubMicros,
  NBSP,
} from '../../core/pages/index';
import { kindTerm, statusTerm, UNIT_STATUS_TERMS } from '../../registry/index';
import { legendOf } from './board-text';

/** One unit as the card needs it; null = empty or hidden (`visible` tells which). */
export interface CardUnit {
  id: string;
  number: string | null;
  kind: string | null;
  status: string | null;
  floor: number | null;
  positionOnFloor: number | null;
  floorsSpanned: number | null;
  rooms: number | null;
  totalArea: number | null;
  livingArea: number | null;
  priceMicros: string | null;
  pricePerSqmMicros: string | null;
  cadastralNumber: string | null;
  floorPlanUrl: string | null;
  floorPlanLabel: string | null;
}

export interface CardPlace {
  complex: string | null;
  building: string | null;
  section: string | null;
}

export interface CardChange {
  fieldName: string | null;
  oldValue: string | null;
  newValue: string | null;
  source: string | null;
  changedBy: string | null;
  changedAt: string | null;
  status: string | null;
}

/** The import that created the unit (its `importBatch` relation), when one did and it is visible. */
export interface CardCreation {
  importNumber: number | null;
  /** When the import ran (the batch's creation). */
  importedAt: string | null;
  /** Who uploaded the file. */
  importedBy: string | null;
}

export interface CardInput {
  unit: CardUnit;
  place: CardPlace;
  history: readonly CardChange[];
  /** The unit's «created by import» entry, from its importBatch relation; the oldest history line. */
  createdBy?: CardCreation | null;
  /** Whether the principal may see a declared unit field (masked fields have no row). */
  visible(field: string): boolean;
  /** The record in Twenty, for staff; partners get none. */
  twentyUrl?: string;
  /** The unit's active auction lot, when a plugin keeps one on the unit. */
  currentAuction?: CardAuction | null;
}

/** The unit's current auction as the unit carries it (`currentAuction*` fields). */
export interface CardAuction {
  name: string;
  url: string;
  applicationEnd: string | null;
  biddingStart: string | null;
}

/** «Аукцион А-12 · заявки до 21.03.2027 · торги 05.04.2027», with a link to its console. */
export function auctionOf(auction: CardAuction | null | undefined): UnitCardView['currentAuction'] {
  if (!auction || !HTTP_URL.test(auction.url)) return null;
  const dates = [
    auction.applicationEnd ? `заявки до ${formatDate(auction.applicationEnd)}` : '',
    auction.biddingStart ? `торги ${formatDate(auction.biddingStart)}` : '',
  ]
    .filter((p) => p !== '')
    .join(' · ');
  return { name: auction.name, url: auction.url, dates };
}

export interface CardRow {
  label: string;
  value: string;
}

export interface CardHistoryEntry {
  /** «01.10.2026» */
  date: string;
  /** «Статус: Забронирована → Продана» */
  change: string;
  /** «вручную, admin@realty.local» */
  by: string;
  /** «ждёт одобрения», «отменено» — or empty for an applied change. */
  note: string;
  /** The whole line: «01.10.2026 · Статус: Забронирована → Продана · вручную, admin@realty.local». */
  text: string;
}

export interface UnitCardView {
  id: string;
  title: string;
  place: string;
  /** `value` names the colour class (`.st-FREE`, /assets/chessboard/statuses.css). */
  status: { value: string; label: string; color: string; textColor: string } | null;
  rows: CardRow[];
  floorPlan: { url: string; label: string } | null;
  history: CardHistoryEntry[];
  twentyUrl?: string;
  /** The unit's active auction lot: its console link and dates, formatted; null when none. */
  currentAuction: { name: string; url: string; dates: string } | null;
}

/** Russian labels of the unit's fields, for rows and history lines. */
export const UNIT_FIELD_RU: Readonly<Record<string, string>> = {
  name: 'Название',
  number: 'Номер',
  kind: 'Тип',
  status: 'Статус',
  floor: 'Этаж',
  positionOnFloor: 'Место на этаже',
  floorsSpanned: 'Уровней',
  rooms: 'Комнат',
  totalArea: 'Площадь',
  livingArea: 'Жилая площадь',
  price: 'Цена',
  pricePerSqm: 'Цена за м²',
  cadastralNumber: 'Кадастровый номер',
  floorPlan: 'Планировка',
  building: 'Корпус',
  section: 'Секция',
  externalCode: 'Код в учётной системе',
  created: 'Создана',
};

const SOURCE_RU: Readonly<Record<string, string>> = {
  IMPORT: 'импорт',
  MANUAL: 'вручную',
  AUCTION: 'аукцион',
  MIGRATION: 'миграция',
};

const CHANGE_STATUS_RU: Readonly<Record<string, string>> = {
  APPLIED: '',
  PENDING: 'ждёт одобрения',
  REJECTED: 'отклонено',
  REVERTED: 'отменено',
};

const HTTP_URL = /^https?:\/\/\S+$/i;

export function roomsText(rooms: number | null, kind: string | null): string | null {
  if (rooms === null) return null;
  if (rooms === 0 && kind === 'FLAT') return 'студия';
  return formatNumber(rooms, 0);
}

/** «Квартира № 105», «Машиноместо № М1-12», «Помещение № 7». */
export function cardTitle(unit: Pick<CardUnit, 'kind' | 'number'>): string {
  const kind = kindTerm(unit.kind)?.ru ?? 'Помещение';
  return unit.number ? `${kind} №${NBSP}${unit.number}` : kind;
}

function pricePerSqm(unit: CardUnit): string | null {
  if (unit.pricePerSqmMicros !== null) return formatRubMicros(unit.pricePerSqmMicros);
  if (unit.priceMicros === null || unit.totalArea === null || unit.totalArea <= 0) return null;
  return formatRub(new Decimal(unit.priceMicros).div(1_000_000).div(unit.totalArea).toDecimalPlaces(0));
}

/** The labelled rows, in the order a salesperson asks for them; hidden and empty fields have none. */
export function cardRows(input: CardInput): CardRow[] {
  const { unit, place, visible } = input;
  const rows: CardRow[] = [];
  const add = (field: string | null, label: string, value: string | null) => {
    if (field !== null && !visible(field)) return;
    if (value === null || value === '') return;
    rows.push({ label, value });
  };
  add('price', 'Цена', unit.priceMicros !== null ? formatRubMicros(unit.priceMicros) : 'не указана');
  add('pricePerSqm', 'Цена за м²', pricePerSqm(unit));
  add('totalArea', 'Площадь', unit.totalArea !== null ? formatArea(unit.totalArea) : null);
  add('livingArea', 'Жилая площадь', unit.livingArea !== null ? formatArea(unit.livingArea) : null);
  add('status', 'Статус', statusTerm(unit.status)?.ru ?? unit.status);
  add('kind', 'Тип', kindTerm(unit.kind)?.ru ?? unit.kind);
  add('rooms', 'Комнат', roomsText(unit.rooms, unit.kind));
  const floor = unit.floor !== null ? formatNumber(unit.floor, 0) : null;
  const levels = unit.floorsSpanned !== null && unit.floorsSpanned > 1 && unit.floor !== null;
  add(
    'floor',
    'Этаж',
    levels
      ? `${floor}–${formatNumber((unit.floor ?? 0) + (unit.floorsSpanned ?? 1) - 1, 0)} (двухуровневая)`
      : floor,
  );
  add(
    'positionOnFloor',
    'Место на этаже',
    unit.positionOnFloor !== null ? formatNumber(unit.positionOnFloor, 0) : null,
  );
  add('section', 'Секция', place.section);
  add('building', 'Корпус', place.building);
  add(null, 'Комплекс', place.complex);
  add('cadastralNumber', 'Кадастровый номер', unit.cadastralNumber);
  return rows;
}

/** A protocol value in words: roubles, m², Russian labels; `—` when empty. */
export function changeValueText(fieldName: string | null, value: string | null): string {
  if (value === null || value.trim() === '') return '—';
  const v = value.trim();
  const number = /^-?\d+(\.\d+)?$/.test(v);
  switch (fieldName) {
    case 'price':
    case 'pricePerSqm':
      return number ? formatRub(v) : v;
    case 'totalArea':
    case 'livingArea':
      return number ? formatArea(v) : v;
    case 'status':
      return statusTerm(v)?.ru ?? v;
    case 'kind':
      return kindTerm(v)?.ru ?? v;
    case 'created':
      // The import's summary: «Квартира, № 105, этаж 3, 54.3 м², 5000000 ₽, FREE».
      return v
        .split(', ')
        .map((part) => {
          const rub = /^(\d+(?:\.\d+)?) ₽$/.exec(part);
          if (rub?.[1]) return formatRub(rub[1]);
          const area = /^(\d+(?:\.\d+)?) м²$/.exec(part);
          if (area?.[1]) return formatArea(area[1]);
          return UNIT_STATUS_TERMS.find((t) => t.value === part)?.ru ?? part;
        })
        .join(', ');
    default:
      return v;
  }
}

export function historyEntry(change: CardChange): CardHistoryEntry {
  const date = change.changedAt ? formatDate(change.changedAt) : '—';
  const label = UNIT_FIELD_RU[change.fieldName ?? ''] ?? 'Изменение';
  const change_ =
    change.fieldName === 'created'
      ? `${label}: ${changeValueText('created', change.newValue)}`
      : `${label}: ${changeValueText(change.fieldName, change.oldValue)} → ${changeValueText(change.fieldName, change.newValue)}`;
  const by = [SOURCE_RU[change.source ?? ''] ?? null, change.changedBy].filter((p) => p).join(', ');
  const note = CHANGE_STATUS_RU[change.status ?? ''] ?? '';
  const text = [date, change_, by, note ? `(${note})` : ''].filter((p) => p !== '').join(' · ');
  return { date, change: change_, by, note, text };
}

/** «03.12.2026 · Создан импортом №12 от 03.12.2026 · импорт, admin@realty.local». */
export function creationEntry(creation: CardCreation): CardHistoryEntry {
  const date = creation.importedAt ? formatDate(creation.importedAt) : '—';
  const number = creation.importNumber !== null ? `№${NBSP}${formatNumber(creation.importNumber, 0)}` : '';
  const change_ = ['Создан импортом', number, creation.importedAt ? `от ${date}` : '']
    .filter((p) => p !== '')
    .join(' ');
  const by = [SOURCE_RU.IMPORT, creation.importedBy].filter((p) => p).join(', ');
  return { date, change: change_, by, note: '', text: [date, change_, by].join(' · ') };
}

export function buildUnitCard(input: CardInput): UnitCardView {
  const { unit, place, visible } = input;
  const term = visible('status') ? legendOf(unit.status) : undefined;
  const plan =
    visible('floorPlan') && unit.floorPlanUrl !== null && HTTP_URL.test(unit.floorPlanUrl)
      ? { url: unit.floorPlanUrl, label: unit.floorPlanLabel?.trim() || 'Планировка' }
      : null;
  return {
    id: unit.id,
    title: cardTitle(unit),
    place: [place.complex, place.building, place.section].filter((p) => p).join(' · '),
    status: term
      ? { value: term.status, label: term.label, color: term.color, textColor: term.textColor }
      : null,
    rows: cardRows(input),
    floorPlan: plan,
    history: input.history
      // A hidden field's changes are hidden too; the creation summary names the price.
      .filter((c) =>
        c.fieldName === 'created' ? visible('price') : c.fieldName === null || visible(c.fieldName),
      )
      .map(historyEntry)
      .concat(input.createdBy && visible('importBatch') ? [creationEntry(input.createdBy)] : []),
    ...(input.twentyUrl ? { twentyUrl: input.twentyUrl } : {}),
    currentAuction: auctionOf(input.currentAuction),
  };
}
