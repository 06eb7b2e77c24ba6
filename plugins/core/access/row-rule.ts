/**
 * A principal's row rule as SQL over an object's view columns. Each key of a
 * filter is a field (`status`), a relation (`building` / `buildingId`), a
 * composite's sub-field (`price.currencyCode`), or a path through many-to-one
 * relations (`building.complexId`, `unit.building.complexId`), which becomes
 * `building_id in (select id from rv_building where …)`. Values are bound as
 * parameters, typed like the column; `null` admits an empty field.
 * `{ inRecords: { key, object, field, where } }` becomes
 * `key in (select field from rv_<object> where …)` (record grants).
 */
import type { DeclaredSchema } from '../plugin/plugin-registry';
import { readModelView, type ViewColumn, type ViewSqlType, viewColumns } from '../read-model/views';
import {
  AccessError,
  type FilterValue,
  type InRecordsFilter,
  type RowFilter,
  type RowRule,
} from './access-types';

export interface RuleCompileOptions {
  readonly schema: DeclaredSchema;
  /** Whether an object has a view (paths can only pass through replicated objects). */
  hasView(object: string): boolean;
  /** Adds a parameter and returns its placeholder (`$4`). */
  bind(value: unknown): string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

const badRule = (message: string) => new AccessError('access_bad_query', `row rule: ${message}`);

/** The column a filter key names on one object (no path). */
export function filterColumn(schema: DeclaredSchema, object: string, key: string): ViewColumn {
  const columns = viewColumns(schema, object);
  const [field, sub] = key.split('.');
  const found =
    sub !== undefined
      ? columns.find((c) => c.field === field && c.subField === sub)
      : (columns.find((c) => c.name === key || (c.recordKey === key && c.subField === undefined)) ??
        columns.find((c) => c.field === key && c.subField === undefined));
  if (!found)
    throw badRule(
      `"${key}" is not a field of ${object} (filterable: ${columns
        .map((c) => (c.subField ? `${c.field}.${c.subField}` : c.recordKey))
        .join(', ')})`,
    );
  return found;
}

/** The values a column can hold, as text for a typed array parameter; others cannot match and are dropped. */
function coerce(type: ViewSqlType, values: readonly FilterValue[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    const text = String(v);
    if (type === 'uuid') {
      if (UUID.test(text)) out.push(text.toLowerCase());
    } else if (type === 'numeric') {
      if ((typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && NUMBER.test(v)))
        out.push(text.trim());
    } else if (type === 'boolean') {
      if (text === 'true' || text === 'false') out.push(text);
    } else if (type === 'date' || type === 'timestamptz') {
      if (!Number.isNaN(Date.parse(text))) out.push(text);
    } else out.push(text);
  }
  return out;
}

function valueCondition(column: ViewColumn, values: readonly (FilterValue | null)[], o: RuleCompileOptions) {
  const col = column.name;
  const parts: string[] = [];
  const given = coerce(
    column.sqlType,
    values.filter((v): v is FilterValue => v !== null),
  );
  if (given.length > 0) {
    if (column.sqlType === 'text[]') parts.push(`${col} && ${o.bind(given)}::text[]`);
    else if (column.sqlType === 'jsonb') parts.push(`${col}::text = any(${o.bind(given)}::text[])`);
    else parts.push(`${col} = any(${o.bind(given)}::${column.sqlType}[])`);
  }
  if (values.includes(null))
    parts.push(column.sqlType === 'text[]' ? `(${col} is null or ${col} = '{}')` : `${col} is null`);
  return parts.length === 0 ? 'false' : parts.length === 1 ? (parts[0] as string) : `(${parts.join(' or ')})`;
}

function keyCondition(
  object: string,
  key: string,
  values: readonly (FilterValue | null)[],
  o: RuleCompileOptions,
  depth: number,
): string {
  if (!Array.isArray(values)) throw badRule(`"${key}" must list the allowed values (an array)`);
  const dot = key.indexOf('.');
  if (dot > 0) {
    const head = key.slice(0, dot);
    const relation = viewColumns(o.schema, object).find(
      (c) => c.relationTarget !== undefined && (c.field === head || c.recordKey === head),
    );
    if (relation?.relationTarget) {
      const target = relation.relationTarget;
      if (depth >= 8) throw badRule(`"${key}" goes through too many relations`);
      if (!o.hasView(target))
        throw badRule(
          `"${key}" goes through ${target}, which is not in the read model; a plugin must replicate it`,
        );
      const inner = keyCondition(target, key.slice(dot + 1), values, o, depth + 1);
      return `${relation.name} in (select id from ${readModelView(target)} where ${inner})`;
    }
  }
  return valueCondition(filterColumn(o.schema, object, key), values, o);
}

function inRecordsCondition(
  object: string,
  spec: InRecordsFilter,
  o: RuleCompileOptions,
  depth: number,
): string {
  if (spec === null || typeof spec !== 'object' || typeof spec.object !== 'string')
    throw badRule('inRecords needs { object, field, where? }');
  if (depth >= 8) throw badRule('inRecords is nested too deeply');
  if (!o.hasView(spec.object))
    throw badRule(
      `inRecords reads ${spec.object}, which is not in the read model; a plugin must replicate it`,
    );
  const key = filterColumn(o.schema, object, spec.key ?? 'id');
  const field = filterColumn(o.schema, spec.object, spec.field);
  const where = spec.where === undefined ? 'true' : filterCondition(spec.object, spec.where, o, depth + 1);
  const same = key.sqlType === field.sqlType && key.sqlType !== 'text[]' && key.sqlType !== 'jsonb';
  const inner = `select ${same ? field.name : `${field.name}::text`} from ${readModelView(spec.object)} where ${where}`;
  return same ? `${key.name} in (${inner})` : `${key.name}::text in (${inner})`;
}

function filterCondition(object: string, filter: RowFilter, o: RuleCompileOptions, depth: number): string {
  if (filter === null || typeof filter !== 'object') throw badRule('a filter must be an object');
  if ('anyOf' in filter && Array.isArray(filter.anyOf)) {
    const parts = (filter.anyOf as readonly RowFilter[]).map((f) => filterCondition(object, f, o, depth));
    return parts.length === 0 ? 'false' : `(${parts.join(' or ')})`;
  }
  if ('not' in filter && Object.keys(filter).length === 1 && !Array.isArray(filter.not)) {
    return `(not coalesce(${filterCondition(object, filter.not as RowFilter, o, depth)}, false))`;
  }
  if ('allOf' in filter && Array.isArray(filter.allOf)) {
    const parts = (filter.allOf as readonly RowFilter[]).map((f) => filterCondition(object, f, o, depth));
    return parts.length === 0 ? 'true' : `(${parts.join(' and ')})`;
  }
  const parts = Object.entries(filter as Record<string, readonly (FilterValue | null)[]>).map(
    ([key, values]) =>
      key === 'inRecords' && !Array.isArray(values)
        ? inRecordsCondition(object, values as unknown as InRecordsFilter, o, depth)
        : keyCondition(object, key, values, o, depth),
  );
  return parts.length === 0 ? 'true' : `(${parts.join(' and ')})`;
}

/** The rule as a boolean SQL expression over the object's view columns. */
export function compileRowRule(rule: RowRule, object: string, options: RuleCompileOptions): string {
  if (rule === 'all') return 'true';
  if (rule === 'none') return 'false';
  return filterCondition(object, rule, options, 0);
}
