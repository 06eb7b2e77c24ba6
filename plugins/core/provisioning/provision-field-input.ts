/**
 * A declared field in the form Twenty's metadata API takes (contract C15):
 * defaults quoted the way Twenty stores them (`"'FREE'"`, currency codes
 * `"'RUB'"`), options with colours and positions.
 */
import type { FieldDefinition, SelectOptionInput } from '../plugin/define-field';
import type { ExistingOption } from './provision-workspace';

/** Twenty's default option colour when none is declared. */
export const DEFAULT_OPTION_COLOR = 'gray';

export interface WireOption {
  id?: string;
  value: string;
  label: string;
  color: string;
  position: number;
}

/** A field body without `objectMetadataId` (resolved when applied) and without relation payload. */
export interface FieldInput {
  type: string;
  name: string;
  label: string;
  description?: string;
  icon?: string;
  isNullable?: boolean;
  isUnique?: boolean;
  defaultValue?: unknown;
  options?: WireOption[];
  settings?: Record<string, unknown>;
}

const quote = (value: string) => `'${value}'`;

export function wireDefaultValue(field: FieldDefinition): unknown {
  const d = field.defaultValue;
  if (d === undefined) return undefined;
  switch (field.type) {
    case 'TEXT':
    case 'SELECT':
    case 'RATING':
      return quote(String(d));
    case 'MULTI_SELECT':
      return Array.isArray(d) ? d.map((v) => quote(String(v))) : undefined;
    case 'CURRENCY': {
      const code = (d as { currencyCode?: unknown }).currencyCode;
      return { amountMicros: null, currencyCode: quote(String(code)) };
    }
    default:
      return d;
  }
}

export function wireOptions(options: readonly SelectOptionInput[]): WireOption[] {
  return options.map((o, position) => ({
    value: o.value,
    label: o.label,
    color: o.color ?? DEFAULT_OPTION_COLOR,
    position,
  }));
}

export function fieldInput(name: string, field: FieldDefinition): FieldInput {
  const defaultValue = wireDefaultValue(field);
  return {
    type: field.type,
    name,
    label: field.label,
    ...(field.description !== undefined && { description: field.description }),
    ...(field.icon !== undefined && { icon: field.icon }),
    ...(field.isNullable !== undefined && { isNullable: field.isNullable }),
    ...(field.isUnique !== undefined && { isUnique: field.isUnique }),
    ...(defaultValue !== undefined && { defaultValue }),
    ...(field.options !== undefined && { options: wireOptions(field.options) }),
    ...(field.settings !== undefined && { settings: { ...field.settings } }),
  };
}

/**
 * The existing options, untouched and in their order, followed by the declared
 * ones the workspace lacks. Twenty replaces the whole list on update, so the
 * existing options must be sent back with their ids or their values would be lost.
 */
export function mergeOptions(
  existing: readonly ExistingOption[],
  declared: readonly { value: string; label: string; color?: string }[],
): { options: WireOption[]; added: string[] } {
  const have = new Set(existing.map((o) => o.value));
  const kept: WireOption[] = existing.map((o, i) => ({
    ...(o.id !== undefined && { id: o.id }),
    value: o.value,
    label: o.label,
    color: o.color ?? DEFAULT_OPTION_COLOR,
    position: o.position ?? i,
  }));
  let next = kept.reduce((max, o) => Math.max(max, o.position + 1), 0);
  const added = declared.filter((o) => !have.has(o.value));
  const appended = added.map((o) => ({
    value: o.value,
    label: o.label,
    color: o.color ?? DEFAULT_OPTION_COLOR,
    position: next++,
  }));
  return { options: [...kept, ...appended], added: added.map((o) => o.value) };
}
