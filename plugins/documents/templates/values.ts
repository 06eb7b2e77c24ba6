/**
 * CRM values as the templates substitute them: money in figures and words, long dates, areas
 * with two decimals, labels from the owners' vocabularies, cadastral numbers verbatim.
 */
import { ADMISSION_RU, AUCTION_STATUS_RU, LOT_STATUS_RU } from '../../auctions/index';
import { UNIT_KIND_RU, UNIT_STATUS_RU } from '../../registry/index';
import { type FieldPart, field } from '../doc-model';
import type { PlaceData, UnitData } from '../record-data';
import { rublesContractForm, rublesOfMicros } from '../rules/money-words';
import { areaRu, groupedDecimal, integerRu, longDateRu } from '../rules/russian-format';

const label = (table: Readonly<Record<string, string>>, value: string | null) =>
  value === null ? null : (table[value] ?? value);

export const money = (key: string, name: string, micros: string | null): FieldPart => {
  const rub = rublesOfMicros(micros);
  return field(key, name, rub === null ? null : rublesContractForm(rub));
};
/** For tables: «7 980 000,00 ₽». */
export const moneyShort = (key: string, name: string, micros: string | null): FieldPart => {
  const rub = rublesOfMicros(micros);
  return field(key, name, rub === null ? null : `${groupedDecimal(rub, 2)}\u00a0₽`);
};
export const date = (key: string, name: string, value: string | null): FieldPart =>
  field(key, name, longDateRu(value));
export const area = (key: string, name: string, value: string | null): FieldPart =>
  field(key, name, areaRu(value));
export const whole = (key: string, name: string, value: string | null): FieldPart =>
  field(key, name, integerRu(value));
export const plain = (key: string, name: string, value: string | null): FieldPart => field(key, name, value);

export const unitKind = (v: string | null) => label(UNIT_KIND_RU, v);
export const unitStatus = (v: string | null) => label(UNIT_STATUS_RU, v);
export const auctionStatus = (v: string | null) => label(AUCTION_STATUS_RU, v);
export const lotStatus = (v: string | null) => label(LOT_STATUS_RU, v);
export const admission = (v: string | null) => label(ADMISSION_RU, v);

/** The fields that name a unit in a contract, in reading order. */
export function unitFields(prefix: string, unit: UnitData | null) {
  const u = unit;
  const p: PlaceData | null = u?.place ?? null;
  return {
    // In a sentence: «квартира № 12».
    kind: plain(
      `${prefix}.kind`,
      'Вид помещения',
      unitKind(u?.kind ?? null)?.toLocaleLowerCase('ru') ?? null,
    ),
    number: plain(`${prefix}.number`, 'Номер помещения', u?.number ?? null),
    floor: whole(`${prefix}.floor`, 'Этаж', u?.floor ?? null),
    rooms: whole(`${prefix}.rooms`, 'Количество комнат', u?.rooms ?? null),
    totalArea: area(`${prefix}.totalArea`, 'Общая площадь', u?.totalArea ?? null),
    cadastral: plain(`${prefix}.cadastralNumber`, 'Кадастровый номер помещения', u?.cadastralNumber ?? null),
    complex: plain('complex.name', 'Жилой комплекс', p?.complexName ?? null),
    building: plain('building.number', 'Номер корпуса', p?.buildingNumber ?? p?.buildingName ?? null),
    address: plain('building.address', 'Адрес корпуса', p?.buildingAddress ?? null),
    buildingCadastral: plain(
      'building.cadastralNumber',
      'Кадастровый номер здания',
      p?.buildingCadastral ?? null,
    ),
  };
}
