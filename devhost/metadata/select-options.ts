/**
 * SELECT / MULTI_SELECT / RATING options and their defaults, validated the way
 * Twenty's field-metadata validators do: values UPPER_SNAKE_CASE and unique,
 * a SELECT default is an option value wrapped in single quotes ("'NEW'").
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { badRequest } from '../errors';
import { unquoteDefault } from './schema-ddl';
import type { FieldMeta, FieldType, SelectOption } from './types';

const optionInput = z.object({
  id: z.string().optional(),
  value: z.string(),
  label: z.string(),
  color: z.string().optional(),
  position: z.number().optional(),
});

const OPTION_VALUE = /^[A-Z0-9][A-Z0-9_]*$/;
const RATING_VALUES = ['RATING_1', 'RATING_2', 'RATING_3', 'RATING_4', 'RATING_5'];

export function parseSelectOptions(type: FieldType, raw: unknown): SelectOption[] | null {
  const hasOptions = type === 'SELECT' || type === 'MULTI_SELECT' || type === 'RATING';
  if (!hasOptions) {
    if (raw !== undefined && raw !== null)
      throw badRequest(`Options are only allowed on SELECT, MULTI_SELECT and RATING fields, not ${type}`);
    return null;
  }
  if ((raw === undefined || raw === null) && type === 'RATING') {
    return RATING_VALUES.map((value, position) => ({
      id: randomUUID(),
      value,
      label: value,
      color: 'gray',
      position,
    }));
  }
  const parsed = z.array(optionInput).min(1).safeParse(raw);
  if (!parsed.success)
    throw badRequest(
      `Options of a ${type} field must be a non-empty array of { value, label, color?, position? }`,
    );
  const seen = new Set<string>();
  return parsed.data.map((o, i) => {
    if (!OPTION_VALUE.test(o.value))
      throw badRequest(`Option value "${o.value}" is invalid: values must be UPPER_SNAKE_CASE (A-Z, 0-9, _)`);
    if (seen.has(o.value)) throw badRequest(`Option value "${o.value}" is duplicated`);
    seen.add(o.value);
    return {
      id: o.id ?? randomUUID(),
      value: o.value,
      label: o.label,
      color: o.color ?? 'gray',
      position: o.position ?? i,
    };
  });
}

export function validateSelectDefault(field: FieldMeta): void {
  const value = field.defaultValue;
  if (value === null || value === undefined || !field.options) return;
  const values = new Set(field.options.map((o) => o.value));
  const check = (v: unknown) => {
    const unquoted = unquoteDefault(v);
    if (unquoted === null)
      throw badRequest(
        `Default value ${JSON.stringify(v)} of "${field.name}" must be an option value in single quotes, e.g. "'${field.options?.[0]?.value}'"`,
      );
    if (!values.has(unquoted))
      throw badRequest(
        `Default value "${unquoted}" of "${field.name}" is not one of its options: ${[...values].join(', ')}`,
      );
  };
  if (field.type === 'MULTI_SELECT') {
    if (!Array.isArray(value))
      throw badRequest(
        `Default value of MULTI_SELECT "${field.name}" must be an array of quoted option values`,
      );
    value.forEach(check);
  } else check(value);
}
