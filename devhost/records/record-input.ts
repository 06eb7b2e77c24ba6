/**
 * REST request bodies → column values (contract C4): fields directly,
 * MANY_TO_ONE relations as `<field>Id`, composite fields as nested objects whose
 * sub-fields may be given partially (an update then changes only those columns).
 * Every value is checked against its field type; the 400 names field and reason.
 */
import { badRequest, forbidden } from '../errors';
import { fieldColumns } from '../metadata/schema-ddl';
import {
  COMPOSITE_SUBFIELDS,
  type FieldMeta,
  isCompositeType,
  type ObjectMeta,
  type SqlValueKind,
} from '../metadata/types';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const SERVER_MANAGED = new Set(['updatedAt', 'updatedBy']);

export interface ParsedInput {
  /** Column → SQL parameter value. */
  values: Map<string, unknown>;
  /** Names of the fields the body wrote. */
  fields: Set<string>;
  /** `createdBy.source` when the client set it (the only ACTOR part a client may set). */
  createdBySource?: string;
}

export interface InputOptions {
  mode: 'create' | 'update';
  canUpdateField: (field: FieldMeta) => boolean;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

function invalid(path: string, value: unknown, expected: string): Error {
  return badRequest(`Invalid value ${describe(value)} for field '${path}': expected ${expected}`);
}

function fieldsByName(object: ObjectMeta): Map<string, FieldMeta> {
  return new Map(object.fields.filter((f) => f.isActive !== false).map((f) => [f.name, f]));
}

function joinColumns(object: ObjectMeta): Map<string, FieldMeta> {
  return new Map(
    object.fields
      .filter((f) => f.type === 'RELATION' && f.relation?.type === 'MANY_TO_ONE')
      .map((f) => [`${f.name}Id`, f]),
  );
}

/** Converts one value of a storage kind to its SQL parameter, or throws a diagnosing 400. */
export function convertValue(kind: SqlValueKind, value: unknown, path: string): unknown {
  if (value === null) return null;
  switch (kind) {
    case 'uuid':
      if (typeof value === 'string' && UUID_PATTERN.test(value)) return value;
      throw invalid(path, value, 'a UUID');
    case 'text':
      if (typeof value === 'string') return value;
      throw invalid(path, value, 'a string');
    case 'timestamptz':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
      throw invalid(path, value, 'an ISO 8601 date-time');
    case 'date':
      if (
        typeof value === 'string' &&
        DATE_PATTERN.test(value.slice(0, 10)) &&
        !Number.isNaN(Date.parse(value.slice(0, 10)))
      ) {
        return value.slice(0, 10);
      }
      throw invalid(path, value, 'a date YYYY-MM-DD');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw invalid(path, value, 'true or false');
    case 'float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw invalid(path, value, 'a number');
    case 'numeric':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
      throw invalid(path, value, 'a number');
    case 'bigint':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      throw invalid(path, value, 'an integer (amounts are in micros: amount × 1,000,000)');
    case 'jsonb':
      return JSON.stringify(value);
    case 'text[]':
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
      throw invalid(path, value, 'an array of strings');
    default: {
      const unreachable: never = kind;
      return unreachable;
    }
  }
}

function stripTrailingSlash(url: unknown): unknown {
  return typeof url === 'string' && url.endsWith('/') ? url.slice(0, -1) : url;
}

function checkOptions(field: FieldMeta, value: unknown): void {
  if (value === null || !field.options) return;
  const allowed = new Set(field.options.map((o) => o.value));
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (typeof v !== 'string' || !allowed.has(v)) {
      throw badRequest(
        `Invalid value ${describe(v)} for field '${field.name}': expected one of ${[...allowed].join(', ')}`,
      );
    }
  }
}

function compositeValues(field: FieldMeta, value: unknown, out: ParsedInput): void {
  if (!isCompositeType(field.type)) return;
  const subFields = COMPOSITE_SUBFIELDS[field.type];
  const cols = fieldColumns(field);
  if (value === null) {
    for (const c of cols) out.values.set(c.column, null);
    return;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalid(field.name, value, `an object with ${subFields.map((s) => s.name).join(', ')}`);
  }
  for (const [sub, subValue] of Object.entries(value as Record<string, unknown>)) {
    const col = cols.find((c) => c.subField === sub);
    if (!col) {
      throw badRequest(
        `sub-field '${sub}' does not exist in ${field.type} field '${field.name}'. Use ${subFields.map((s) => s.name).join(', ')}`,
      );
    }
    let v = subValue;
    if (field.type === 'LINKS' && sub === 'primaryLinkUrl') v = stripTrailingSlash(v);
    if (field.type === 'LINKS' && sub === 'secondaryLinks' && Array.isArray(v)) {
      v = v.map((l) =>
        l && typeof l === 'object'
          ? { ...l, url: stripTrailingSlash((l as Record<string, unknown>).url) }
          : l,
      );
    }
    if (v === undefined) continue;
    out.values.set(col.column, convertValue(col.kind, v, `${field.name}.${sub}`));
  }
}

export interface FileItem {
  fileId: string;
  label: string;
  extension?: string;
}

/**
 * A FILES field (Twenty 2.x, e.g. `attachment.file`): `[{ fileId, label }]`, each file id one
 * that createFileUpload/completeFileUpload produced; the server adds `extension` (and `url` on read).
 */
export function parseFilesValue(path: string, value: unknown): FileItem[] {
  if (!Array.isArray(value)) throw invalid(path, value, 'an array of { fileId, label }');
  return value.map((item, i) => {
    const entry = (item ?? {}) as Record<string, unknown>;
    if (typeof entry.fileId !== 'string' || !UUID_PATTERN.test(entry.fileId))
      throw invalid(`${path}[${i}].fileId`, entry.fileId, 'the UUID completeFileUpload answered');
    if (typeof entry.label !== 'string' || entry.label.trim() === '')
      throw invalid(`${path}[${i}].label`, entry.label, 'the name the file shows');
    return { fileId: entry.fileId, label: entry.label };
  });
}

export function parseRecordInput(object: ObjectMeta, body: unknown, options: InputOptions): ParsedInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The body must be a JSON object with the fields of a ${object.nameSingular}`);
  }
  const byName = fieldsByName(object);
  const byJoin = joinColumns(object);
  const out: ParsedInput = { values: new Map(), fields: new Set() };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === 'id') {
      if (options.mode === 'create') out.values.set('id', convertValue('uuid', value, 'id'));
      continue;
    }
    if (SERVER_MANAGED.has(key)) continue;
    if (key === 'createdBy') {
      if (options.mode === 'create' && value && typeof value === 'object' && 'source' in value) {
        const source = (value as { source: unknown }).source;
        if (typeof source !== 'string')
          throw invalid('createdBy.source', source, 'a string such as IMPORT or MANUAL');
        out.createdBySource = source;
      }
      continue;
    }
    const joinField = byJoin.get(key);
    const field = joinField ?? byName.get(key);
    if (!field) throw badRequest(`field '${key}' does not exist in '${object.nameSingular}' object`);
    if (!options.canUpdateField(field))
      throw forbidden(
        `Permission denied: field '${field.name}' of '${object.nameSingular}' cannot be written with this API key`,
      );
    out.fields.add(field.name);
    if (field.type === 'RELATION' || field.type === 'MORPH_RELATION') {
      if (!joinField) {
        const hint =
          field.relation?.type === 'MANY_TO_ONE'
            ? `write '${field.name}Id' instead`
            : `set the '<relation>Id' field on the related records instead`;
        throw badRequest(
          `field '${key}' of '${object.nameSingular}' is a relation and cannot be written directly: ${hint}`,
        );
      }
      out.values.set(key, convertValue('uuid', value, key));
      continue;
    }
    if (isCompositeType(field.type)) {
      compositeValues(field, value, out);
      continue;
    }
    const [col] = fieldColumns(field);
    if (!col) throw badRequest(`field '${key}' of '${object.nameSingular}' cannot be written`);
    if (field.type === 'FILES') {
      out.values.set(col.column, value === null ? null : JSON.stringify(parseFilesValue(key, value)));
      continue;
    }
    const converted = convertValue(col.kind, value, key);
    checkOptions(field, value);
    out.values.set(col.column, converted);
  }
  return out;
}
