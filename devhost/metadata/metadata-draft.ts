/**
 * A metadata change is worked out on a private copy of the cached metadata and
 * written to SQL in one transaction; the shared cache is reloaded only after
 * COMMIT, so a failed change leaves both the database and the cache untouched.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db';
import { badRequest } from '../errors';
import { newField } from './default-fields';
import { insertFieldRow, type MetadataCache, updateFieldRow } from './metadata-cache';
import { addFieldColumnsSql, fieldIndexesSql, RECORDS_SCHEMA } from './schema-ddl';
import { columnName, type FieldMeta, type ObjectMeta, quoteIdent, type RelationType } from './types';

export class MetadataDraft {
  readonly objects: ObjectMeta[];
  private readonly ownFields = new Set<FieldMeta>();

  /**
   * Each object is copied with its own fields list (a change adds to it or edits the object), and a
   * field only when `field(id)` hands it out to be edited: copying every field of the workspace for
   * each change made provisioning quadratic.
   */
  constructor(cache: MetadataCache) {
    this.objects = cache.all().map((o) => ({ ...o, fields: [...o.fields] }));
  }

  bySingular(name: string): ObjectMeta | undefined {
    return this.objects.find((o) => o.nameSingular === name);
  }
  byId(id: string): ObjectMeta | undefined {
    return this.objects.find((o) => o.id === id);
  }
  field(id: string): { object: ObjectMeta; field: FieldMeta } | undefined {
    for (const object of this.objects) {
      const at = object.fields.findIndex((f) => f.id === id);
      if (at === -1) continue;
      let field = object.fields[at] as FieldMeta;
      if (!this.ownFields.has(field)) {
        field = structuredClone(field);
        object.fields[at] = field;
        this.ownFields.add(field);
      }
      return { object, field };
    }
    return undefined;
  }
}

/** A field name is free when no field uses it and no column (e.g. a relation's `companyId`) is named like it. */
export function assertFieldNameFree(object: ObjectMeta, name: string): void {
  const taken = object.fields.some((f) => f.name === name || columnName(f) === name);
  const collidesWithJoinColumn = object.fields.some((f) => `${f.name}Id` === name || f.name === `${name}Id`);
  if (taken || collidesWithJoinColumn) {
    throw badRequest(
      `The name "${name}" is not available: object "${object.nameSingular}" already has a field "${name}" or a column of that name`,
    );
  }
}

export async function addFieldTx(tx: Sql, object: ObjectMeta, field: FieldMeta): Promise<void> {
  object.fields.push(field);
  for (const stmt of addFieldColumnsSql(object, field)) await tx.exec(stmt);
  for (const stmt of fieldIndexesSql(object, field)) await tx.exec(stmt);
  await insertFieldRow(tx, field);
}

export interface RelationSpec {
  source: ObjectMeta;
  target: ObjectMeta;
  type: RelationType;
  name: string;
  label: string;
  icon?: string | null;
  description?: string | null;
  inverseName: string;
  inverseLabel: string;
  inverseIcon?: string | null;
  isCustom: boolean;
}

/**
 * Creates both sides of a relation; the MANY_TO_ONE side owns the `<name>Id`
 * column (indexed, with an ON DELETE SET NULL foreign key like Twenty's).
 */
export async function addRelationTx(
  tx: Sql,
  spec: RelationSpec,
): Promise<{ field: FieldMeta; inverse: FieldMeta }> {
  if (spec.source === spec.target && spec.name === spec.inverseName) {
    throw badRequest(
      `The name "${spec.inverseName}" is not available: a relation to the same object needs two different field names`,
    );
  }
  assertFieldNameFree(spec.source, spec.name);
  assertFieldNameFree(spec.target, spec.inverseName);
  const inverseType: RelationType = spec.type === 'MANY_TO_ONE' ? 'ONE_TO_MANY' : 'MANY_TO_ONE';
  const fieldId = randomUUID();
  const inverseId = randomUUID();
  const settingsFor = (type: RelationType, name: string) =>
    type === 'MANY_TO_ONE'
      ? { relationType: type, onDelete: 'SET_NULL', joinColumnName: `${name}Id` }
      : { relationType: type };
  const field = newField(spec.source.id, {
    id: fieldId,
    name: spec.name,
    label: spec.label,
    type: 'RELATION',
    icon: spec.icon ?? null,
    description: spec.description ?? null,
    isCustom: spec.isCustom,
    settings: settingsFor(spec.type, spec.name),
    relation: { type: spec.type, targetObjectMetadataId: spec.target.id, targetFieldMetadataId: inverseId },
  });
  const inverse = newField(spec.target.id, {
    id: inverseId,
    name: spec.inverseName,
    label: spec.inverseLabel,
    type: 'RELATION',
    icon: spec.inverseIcon ?? null,
    isCustom: spec.isCustom,
    settings: settingsFor(inverseType, spec.inverseName),
    relation: { type: inverseType, targetObjectMetadataId: spec.source.id, targetFieldMetadataId: fieldId },
  });
  await addFieldTx(tx, spec.source, field);
  await addFieldTx(tx, spec.target, inverse);
  const [manySide, oneSide, joinField] =
    spec.type === 'MANY_TO_ONE' ? [spec.source, spec.target, field] : [spec.target, spec.source, inverse];
  const fkName = `FK_${joinField.id.replaceAll('-', '').slice(0, 24)}`;
  await tx.exec(
    `ALTER TABLE ${manySide.tableName} ADD CONSTRAINT ${quoteIdent(fkName)} FOREIGN KEY (${quoteIdent(columnName(joinField))}) REFERENCES ${oneSide.tableName} (id) ON DELETE SET NULL`,
  );
  return { field, inverse };
}

export async function saveField(tx: Sql, field: FieldMeta): Promise<void> {
  field.updatedAt = new Date().toISOString();
  await updateFieldRow(tx, field);
}

export const RECORDS_SCHEMA_SQL = `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(RECORDS_SCHEMA)}`;
