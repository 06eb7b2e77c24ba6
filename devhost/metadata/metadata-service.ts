/**
 * Metadata API operations (Twenty's object-metadata and field-metadata services):
 * each validates everything first, then changes tables and metadata rows in one
 * transaction, then refreshes the in-memory cache.
 */
import type { Sql } from '../db';
import { badRequest, DevhostHttpError } from '../errors';
import { assertObjectNamesFree, createObjectTx } from './create-object';
import { newField } from './default-fields';
import { deleteFieldRow, deleteObjectRow, type MetadataCache, updateObjectRow } from './metadata-cache';
import { addFieldTx, addRelationTx, assertFieldNameFree, MetadataDraft, saveField } from './metadata-draft';
import {
  createFieldInput,
  createObjectInput,
  parseInput,
  updateFieldInput,
  updateObjectInput,
} from './metadata-inputs';
import { camelCaseFromLabel, validateMetadataName } from './naming';
import {
  columnDefaultSql,
  dropFieldColumnsSql,
  dropUniqueIndexSql,
  fieldColumns,
  tableNameFor,
  uniqueIndexSql,
} from './schema-ddl';
import { parseSelectOptions, validateSelectDefault } from './select-options';
import { CUSTOM_OBJECT_LINKED_TARGETS } from './standard-objects';
import { type FieldMeta, type ObjectMeta, quoteIdent } from './types';

export class MetadataService {
  constructor(
    private readonly sql: Sql,
    readonly cache: MetadataCache,
  ) {}

  private async mutate<T>(fn: (tx: Sql, draft: MetadataDraft) => Promise<T>): Promise<T> {
    const draft = new MetadataDraft(this.cache);
    const result = await this.sql.transaction((tx) => fn(tx, draft));
    await this.cache.reload(this.sql);
    return result;
  }

  async createObject(body: unknown): Promise<ObjectMeta> {
    const input = parseInput(createObjectInput, body);
    const id = await this.mutate(async (tx, draft) => {
      const object = await createObjectTx(tx, draft, { ...input, isCustom: true });
      for (const link of CUSTOM_OBJECT_LINKED_TARGETS) {
        const source = draft.bySingular(link.object);
        if (!source) continue;
        await addRelationTx(tx, {
          source,
          target: object,
          type: 'MANY_TO_ONE',
          name: link.fieldName(object.nameSingular),
          label: object.labelSingular,
          inverseName: link.inverseName,
          inverseLabel: link.inverseLabel,
          isCustom: false,
        });
      }
      return object.id;
    });
    return this.mustObject(id);
  }

  async createField(body: unknown): Promise<FieldMeta> {
    const input = parseInput(createFieldInput, body);
    const id = await this.mutate(async (tx, draft) => {
      const object = draft.byId(input.objectMetadataId);
      if (!object)
        throw new DevhostHttpError(404, `Object metadata with id "${input.objectMetadataId}" not found`);
      validateMetadataName(input.name);
      assertFieldNameFree(object, input.name);
      if (input.type === 'RELATION' || input.type === 'MORPH_RELATION') {
        const payload = input.relationCreationPayload;
        if (!payload || input.type === 'MORPH_RELATION') {
          throw badRequest(
            `Field "${input.name}": type ${input.type} needs a relationCreationPayload { type, targetObjectMetadataId, targetFieldLabel, targetFieldIcon }`,
          );
        }
        const target = draft.byId(payload.targetObjectMetadataId);
        if (!target) throw badRequest(`Relation target object "${payload.targetObjectMetadataId}" not found`);
        const inverseName = validateMetadataName(
          payload.targetFieldName ?? camelCaseFromLabel(payload.targetFieldLabel),
          'targetFieldName',
        );
        const { field } = await addRelationTx(tx, {
          source: object,
          target,
          type: payload.type,
          name: input.name,
          label: input.label,
          icon: input.icon,
          description: input.description,
          inverseName,
          inverseLabel: payload.targetFieldLabel,
          inverseIcon: payload.targetFieldIcon,
          isCustom: true,
        });
        return field.id;
      }
      const options = parseSelectOptions(input.type, input.options);
      const field = newField(object.id, {
        name: input.name,
        label: input.label,
        type: input.type,
        description: input.description ?? null,
        icon: input.icon ?? null,
        isNullable: input.isNullable ?? true,
        isUnique: input.isUnique ?? false,
        isActive: input.isActive ?? true,
        isCustom: true,
        defaultValue: input.defaultValue ?? null,
        options,
        settings: input.settings ?? null,
      });
      validateSelectDefault(field);
      await addFieldTx(tx, object, field);
      return field.id;
    });
    const field = this.cache.findField(id);
    if (!field) throw new Error(`field ${id} vanished after commit`);
    return field;
  }

  async updateObject(id: string, body: unknown): Promise<ObjectMeta> {
    const input = parseInput(updateObjectInput, body);
    await this.mutate(async (tx, draft) => {
      const object = draft.byId(id);
      if (!object) throw new DevhostHttpError(404, `Object metadata with id "${id}" not found`);
      const nameSingular = input.nameSingular ?? object.nameSingular;
      const namePlural = input.namePlural ?? object.namePlural;
      const changesName = nameSingular !== object.nameSingular || namePlural !== object.namePlural;
      if (changesName && !object.isCustom) {
        throw badRequest(`Standard object "${object.nameSingular}" cannot be renamed`);
      }
      if (changesName) assertObjectNamesFree(draft, nameSingular, namePlural, object.id);
      if (nameSingular !== object.nameSingular) {
        const tableName = tableNameFor(nameSingular);
        await tx.exec(`ALTER TABLE ${object.tableName} RENAME TO ${quoteIdent(`_${nameSingular}`)}`);
        object.tableName = tableName;
      }
      Object.assign(object, {
        nameSingular,
        namePlural,
        labelSingular: input.labelSingular ?? object.labelSingular,
        labelPlural: input.labelPlural ?? object.labelPlural,
        description: input.description === undefined ? object.description : input.description,
        icon: input.icon === undefined ? object.icon : input.icon,
        isActive: input.isActive ?? object.isActive,
        updatedAt: new Date().toISOString(),
      });
      await updateObjectRow(tx, object);
    });
    return this.mustObject(id);
  }

  async updateField(id: string, body: unknown): Promise<FieldMeta> {
    const input = parseInput(updateFieldInput, body);
    await this.mutate(async (tx, draft) => {
      const found = draft.field(id);
      // Twenty answers an update of an unknown field 400, of an unknown object 404
      // (field-metadata / object-metadata.integration-spec.ts).
      if (!found) throw badRequest(`Field metadata with id "${id}" not found`);
      const { object, field } = found;
      if (input.type !== undefined && input.type !== field.type) {
        throw badRequest(
          `The type of field "${field.name}" cannot be changed from ${field.type} to ${input.type}`,
        );
      }
      if (input.name !== undefined && input.name !== field.name) {
        if (!field.isCustom || field.type === 'RELATION')
          throw badRequest(`Field "${field.name}" cannot be renamed`);
        validateMetadataName(input.name);
        assertFieldNameFree(object, input.name);
        const before = fieldColumns(field);
        field.name = input.name;
        const after = fieldColumns(field);
        for (const [i, col] of before.entries()) {
          await tx.exec(
            `ALTER TABLE ${object.tableName} RENAME COLUMN ${quoteIdent(col.column)} TO ${quoteIdent(after[i].column)}`,
          );
        }
      }
      if (input.options !== undefined) field.options = parseSelectOptions(field.type, input.options);
      if (input.defaultValue !== undefined) field.defaultValue = input.defaultValue;
      if (input.options !== undefined || input.defaultValue !== undefined) {
        validateSelectDefault(field);
        for (const col of fieldColumns(field)) {
          const def = columnDefaultSql(field, col);
          await tx.exec(
            `ALTER TABLE ${object.tableName} ALTER COLUMN ${quoteIdent(col.column)} ${def ? `SET DEFAULT ${def}` : 'DROP DEFAULT'}`,
          );
        }
      }
      if (typeof input.isUnique === 'boolean' && input.isUnique !== field.isUnique) {
        field.isUnique = input.isUnique;
        const stmt = input.isUnique ? uniqueIndexSql(object, field) : dropUniqueIndexSql(object, field);
        if (stmt) await tx.exec(stmt);
      }
      for (const key of ['label', 'description', 'icon', 'isActive', 'isNullable', 'settings'] as const) {
        const value = input[key];
        if (value === undefined || (value === null && (key === 'isActive' || key === 'isNullable'))) continue;
        Object.assign(field, { [key]: value });
      }
      await saveField(tx, field);
    });
    const field = this.cache.findField(id);
    if (!field) throw new Error(`field ${id} vanished after commit`);
    return field;
  }

  async deleteObject(id: string): Promise<{ id: string }> {
    await this.mutate(async (tx, draft) => {
      const object = draft.byId(id);
      if (!object) throw new DevhostHttpError(404, `Object metadata with id "${id}" not found`);
      if (!object.isCustom) throw badRequest(`Standard object "${object.nameSingular}" cannot be deleted`);
      for (const other of draft.objects) {
        if (other.id === object.id) continue;
        for (const f of other.fields.filter((x) => x.relation?.targetObjectMetadataId === object.id)) {
          for (const stmt of dropFieldColumnsSql(other, f)) await tx.exec(stmt);
          await deleteFieldRow(tx, f.id);
        }
      }
      await tx.exec(`DROP TABLE ${object.tableName} CASCADE`);
      await deleteObjectRow(tx, object.id);
    });
    return { id };
  }

  async deleteField(id: string): Promise<{ id: string }> {
    await this.mutate(async (tx, draft) => {
      const found = draft.field(id);
      if (!found) throw new DevhostHttpError(404, `Field metadata with id "${id}" not found`);
      const { object, field } = found;
      if (!field.isCustom)
        throw badRequest(
          `Field "${field.name}" of "${object.nameSingular}" is not a custom field and cannot be deleted`,
        );
      const doomed: { object: ObjectMeta; field: FieldMeta }[] = [{ object, field }];
      const inverse = field.relation ? draft.field(field.relation.targetFieldMetadataId) : undefined;
      if (inverse) doomed.push(inverse);
      for (const d of doomed) {
        for (const stmt of dropFieldColumnsSql(d.object, d.field)) await tx.exec(stmt);
        await deleteFieldRow(tx, d.field.id);
      }
    });
    return { id };
  }

  private mustObject(id: string): ObjectMeta {
    const object = this.cache.findById(id);
    if (!object) throw new Error(`object ${id} vanished after commit`);
    return object;
  }
}
