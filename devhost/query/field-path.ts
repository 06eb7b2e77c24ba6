/**
 * Resolves a field path as the REST API spells it (`status`, `companyId`,
 * `name.firstName`, `amount.amountMicros`) to the SQL column devhost stores
 * it in, the way Twenty's filter and order-by parsers look fields up by name
 * or by join column name.
 */
import {
  COMPOSITE_SUBFIELDS,
  columnName,
  type FieldMeta,
  isCompositeType,
  type ObjectMeta,
  quoteIdent,
  SCALAR_KIND,
  type SqlValueKind,
} from '../metadata/types';
import type { QueryParamError } from './query-errors';

export interface ResolvedColumn {
  /** The field the column belongs to (for a `<name>Id` path, the MANY_TO_ONE relation field). */
  field: FieldMeta;
  subField: string | null;
  /** Unquoted column name. */
  column: string;
  kind: SqlValueKind;
  /** The path as the API spells it: `name.firstName`, `companyId`. */
  path: string;
}

type ErrorFactory = (message: string) => QueryParamError;

export function findField(object: ObjectMeta, name: string): FieldMeta | undefined {
  return object.fields.find((f) => f.name === name && f.isActive !== false);
}

export function resolveColumn(
  object: ObjectMeta,
  fieldName: string,
  subField: string | null,
  fail: ErrorFactory,
): ResolvedColumn {
  const path = subField ? `${fieldName}.${subField}` : fieldName;
  const field = findField(object, fieldName);
  if (!field) {
    const relation = fieldName.endsWith('Id') ? findField(object, fieldName.slice(0, -2)) : undefined;
    if (relation && isManyToOne(relation) && subField === null) {
      return { field: relation, subField: null, column: fieldName, kind: 'uuid', path };
    }
    throw fail(`field '${fieldName}' does not exist in '${object.nameSingular}' object`);
  }

  if (field.type === 'RELATION' || field.type === 'MORPH_RELATION') {
    if (isManyToOne(field) && (subField === 'id' || subField === null)) {
      if (subField === 'id') return { field, subField: null, column: columnName(field), kind: 'uuid', path };
      throw fail(
        `field '${fieldName}' is a relation of '${object.nameSingular}': use its id column '${field.name}Id'`,
      );
    }
    throw fail(
      `field '${fieldName}' is a ${field.relation?.type === 'ONE_TO_MANY' ? 'one-to-many ' : ''}relation of '${object.nameSingular}' and cannot be used here; use the '<relation>Id' field on the other side`,
    );
  }

  if (isCompositeType(field.type)) {
    const subFields = COMPOSITE_SUBFIELDS[field.type];
    const names = subFields.map((s) => `${fieldName}.${s.name}`).join(', ');
    if (subField === null) {
      throw fail(
        `field '${fieldName}' is a composite ${field.type} field: name one of its sub-fields (${names})`,
      );
    }
    const sub = subFields.find((s) => s.name === subField);
    if (!sub) {
      throw fail(
        `sub-field '${subField}' does not exist in ${field.type} field '${fieldName}'. Use one of ${names}`,
      );
    }
    return { field, subField, column: columnName(field, subField), kind: sub.kind, path };
  }

  if (subField !== null) throw fail(`field '${fieldName}' (${field.type}) has no sub-field '${subField}'`);
  const kind = SCALAR_KIND[field.type];
  if (!kind) throw fail(`field '${fieldName}' (${field.type}) cannot be used here`);
  return { field, subField: null, column: field.name, kind, path };
}

function isManyToOne(field: FieldMeta): boolean {
  return field.type === 'RELATION' && field.relation?.type === 'MANY_TO_ONE';
}

/** `"alias"."column"`, or `"column"` without an alias. An alias already quoted is kept. */
export function columnRef(column: string, alias?: string): string {
  if (!alias) return quoteIdent(column);
  const qualifier = alias.startsWith('"') ? alias : quoteIdent(alias);
  return `${qualifier}.${quoteIdent(column)}`;
}
