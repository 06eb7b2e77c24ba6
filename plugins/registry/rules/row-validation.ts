/**
 * One row of the file on its own, before the registry is consulted: required
 * cells, types, ranges that do not depend on the building, rooms consistent
 * with the kind. Every problem names the row, the Excel column, its caption
 * and the reason.
 */

import { COLUMNS, type ColumnKey, columnCaption, columnRu } from '../import/import-columns';
import type {
  ColumnBinding,
  ParsedRow,
  RowProblem,
  RowProblemCode,
  UnitValues,
} from '../import/import-types';
import { UNIT_KIND_RU } from '../vocabulary';
import { cellText, type Parsed, parseDecimal, parseInteger, parseKind, parseStatus } from './cell-parsing';

export const LIMITS = {
  minFloor: -10,
  maxFloor: 200,
  maxPosition: 200,
  maxRooms: 20,
  maxArea: 100_000,
  maxText: 100,
} as const;

const CADASTRAL = /^\d{2}:\d{2}:\d{6,7}:\d{1,10}$/;

export interface RowReferences {
  complex: string | null;
  building: string | null;
  section: string | null;
}

export interface ValidatedRow {
  row: number;
  refs: RowReferences;
  values: Omit<UnitValues, 'buildingId' | 'sectionId'>;
  problems: RowProblem[];
}

export type ProblemFactory = (
  field: ColumnKey | undefined,
  code: RowProblemCode,
  reason: string,
) => RowProblem;

export function problemFactory(row: number, columns: readonly ColumnBinding[]): ProblemFactory {
  return (field, code, reason) => {
    const letter = field ? columns.find((c) => c.key === field)?.letter : undefined;
    return {
      row,
      ...(letter ? { column: letter } : {}),
      ...(field ? { caption: columnCaption(field), field } : {}),
      code,
      reason,
    };
  };
}

export function validateRow(parsed: ParsedRow, columns: readonly ColumnBinding[]): ValidatedRow {
  const problem = problemFactory(parsed.row, columns);
  const problems: RowProblem[] = [];
  const cells = parsed.cells;
  for (const key of parsed.formulaWithoutValue ?? []) {
    problems.push(
      problem(
        key,
        'formula_without_value',
        'у формулы нет вычисленного значения; откройте файл в Excel и сохраните его',
      ),
    );
  }
  const failed = new Set(parsed.formulaWithoutValue ?? []);
  for (const spec of COLUMNS) {
    if (spec.requiredInRow && cellText(cells[spec.key]) === null && !failed.has(spec.key)) {
      problems.push(problem(spec.key, 'required', 'не заполнено, а столбец обязательный'));
      failed.add(spec.key);
    }
  }

  const take = <T>(key: ColumnKey, parse: (v: ParsedRow['cells'][ColumnKey]) => Parsed<T>): T | null => {
    if (failed.has(key) || cellText(cells[key]) === null) return null;
    const result = parse(cells[key]);
    if (result.ok) return result.value;
    problems.push(problem(key, result.code, result.reason));
    failed.add(key);
    return null;
  };
  const text = (key: ColumnKey): string | null => {
    const value = take(key, (v) => ({ ok: true, value: numberAsText(v) }));
    if (value !== null && value.length > LIMITS.maxText) {
      problems.push(problem(key, 'too_long', `длиннее ${LIMITS.maxText} символов`));
      return null;
    }
    return value;
  };
  // «Этаж» 999 — вне допустимого: от −10 до 200 (the column's caption, so a tooltip or a report note reads alone).
  const range = (key: ColumnKey, value: number | null, min: number, max: number, note = '') => {
    if (value === null || (value >= min && value <= max)) return value;
    problems.push(
      problem(
        key,
        'out_of_range',
        `«${columnRu(key)}» ${value} — вне допустимого: от ${min} до ${max}${note}`,
      ),
    );
    return null;
  };

  const kind = take('kind', parseKind);
  const floor = range('floor', take('floor', parseInteger), LIMITS.minFloor, LIMITS.maxFloor);
  const positionOnFloor = range(
    'positionOnFloor',
    take('positionOnFloor', parseInteger),
    1,
    LIMITS.maxPosition,
  );
  let rooms = range('rooms', take('rooms', parseInteger), 0, LIMITS.maxRooms, ' (0 — студия)');
  if (rooms !== null && rooms > 0 && kind !== null && kind !== 'FLAT') {
    problems.push(
      problem(
        'rooms',
        'rooms_for_kind',
        `у помещения типа «${UNIT_KIND_RU[kind]}» нет комнат: оставьте пустым или 0, указано ${rooms}`,
      ),
    );
    rooms = null;
  }
  const area = (key: ColumnKey): number | null => {
    const d = take(key, (v) => parseDecimal(v, 'area'));
    if (d === null) return null;
    if (d.lte(0) || d.gt(LIMITS.maxArea)) {
      problems.push(
        problem(
          key,
          'out_of_range',
          `«${columnRu(key)}» ${d.toString()} м² — вне допустимого: больше 0 и не больше ${LIMITS.maxArea}`,
        ),
      );
      return null;
    }
    return d.toDecimalPlaces(2).toNumber();
  };
  const totalArea = area('totalArea');
  const livingArea = area('livingArea');
  if (livingArea !== null && totalArea !== null && livingArea > totalArea) {
    problems.push(
      problem(
        'livingArea',
        'out_of_range',
        `«${columnRu('livingArea')}» ${livingArea} м² больше, чем «${columnRu('totalArea')}» ${totalArea} м²`,
      ),
    );
  }
  const priceDecimal = take('price', (v) => parseDecimal(v, 'money'));
  let price: string | null = null;
  if (priceDecimal !== null) {
    if (priceDecimal.lte(0))
      problems.push(
        problem(
          'price',
          'out_of_range',
          `«${columnRu('price')}» ${priceDecimal.toString()} ₽ — цена должна быть больше 0`,
        ),
      );
    else price = priceDecimal.toDecimalPlaces(2).toString();
  }
  const cadastralNumber = text('cadastralNumber');
  if (cadastralNumber !== null && !CADASTRAL.test(cadastralNumber)) {
    problems.push(
      problem(
        'cadastralNumber',
        'unknown_value',
        `«${cadastralNumber}» — не кадастровый номер (пример: 77:09:0001013:5012)`,
      ),
    );
  }

  return {
    row: parsed.row,
    refs: { complex: text('complex'), building: text('building'), section: text('section') },
    values: {
      externalCode: text('externalCode'),
      kind,
      number: text('number'),
      floor,
      positionOnFloor,
      rooms,
      totalArea,
      livingArea,
      price,
      status: take('status', parseStatus),
      cadastralNumber,
    },
    problems,
  };
}

/** Excel stores «105» typed in a General cell as the number 105; codes and numbers are text. */
function numberAsText(value: ParsedRow['cells'][ColumnKey]): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return cellText(value) ?? '';
}
