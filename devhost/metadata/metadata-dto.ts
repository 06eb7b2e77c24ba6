/**
 * Metadata as the REST metadata API returns it (Twenty's ObjectMetadataDTO /
 * FieldMetadataDTO after cleanGraphQLResponse). Relations carry both ends,
 * like Twenty's `relation { type, source/targetObjectMetadata, source/targetFieldMetadata }`.
 */
import type { MetadataCache } from './metadata-cache';
import type { FieldMeta, ObjectMeta } from './types';

export function fieldDto(field: FieldMeta, cache: MetadataCache): Record<string, unknown> {
  let relation: Record<string, unknown> | null = null;
  if (field.relation) {
    const source = cache.findById(field.objectMetadataId);
    const target = cache.findById(field.relation.targetObjectMetadataId);
    const targetField = cache.findField(field.relation.targetFieldMetadataId);
    const ref = (o: ObjectMeta | undefined) =>
      o ? { id: o.id, nameSingular: o.nameSingular, namePlural: o.namePlural } : null;
    relation = {
      type: field.relation.type,
      sourceObjectMetadata: ref(source),
      targetObjectMetadata: ref(target),
      sourceFieldMetadata: { id: field.id, name: field.name },
      targetFieldMetadata: targetField ? { id: targetField.id, name: targetField.name } : null,
    };
  }
  return {
    id: field.id,
    objectMetadataId: field.objectMetadataId,
    type: field.type,
    name: field.name,
    label: field.label,
    description: field.description,
    icon: field.icon,
    isCustom: field.isCustom,
    isActive: field.isActive,
    isSystem: field.isSystem,
    isNullable: field.isNullable,
    isUnique: field.isUnique,
    isLabelSyncedWithName: false,
    defaultValue: field.defaultValue,
    options: field.options,
    settings: field.settings,
    relation,
    createdAt: field.createdAt,
    updatedAt: field.updatedAt,
  };
}

export function objectDto(object: ObjectMeta, cache: MetadataCache): Record<string, unknown> {
  const labelIdentifier =
    object.fields.find((f) => f.name === 'name') ?? object.fields.find((f) => f.name === 'title');
  return {
    id: object.id,
    nameSingular: object.nameSingular,
    namePlural: object.namePlural,
    labelSingular: object.labelSingular,
    labelPlural: object.labelPlural,
    description: object.description,
    icon: object.icon,
    isCustom: object.isCustom,
    isRemote: false,
    isActive: object.isActive,
    isSystem: object.isSystem,
    isLabelSyncedWithName: false,
    labelIdentifierFieldMetadataId: labelIdentifier?.id ?? null,
    imageIdentifierFieldMetadataId: null,
    createdAt: object.createdAt,
    updatedAt: object.updatedAt,
    fields: object.fields.map((f) => fieldDto(f, cache)),
  };
}
