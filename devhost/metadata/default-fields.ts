/**
 * The fields every object gets (Twenty's build-default-fields-for-custom-object):
 * id, createdAt, updatedAt, deletedAt, createdBy, updatedBy, position — and
 * `name` (TEXT, the label identifier) for custom objects.
 */
import { randomUUID } from 'node:crypto';
import type { FieldMeta, FieldType } from './types';

export function newField(
  objectMetadataId: string,
  spec: Partial<FieldMeta> & { name: string; label: string; type: FieldType },
  now = new Date().toISOString(),
): FieldMeta {
  return {
    id: randomUUID(),
    objectMetadataId,
    description: null,
    icon: null,
    isNullable: true,
    isUnique: false,
    isCustom: false,
    isSystem: false,
    isActive: true,
    defaultValue: null,
    options: null,
    settings: null,
    relation: null,
    createdAt: now,
    updatedAt: now,
    ...spec,
  };
}

export function buildDefaultFields(objectMetadataId: string, options: { withName: boolean }): FieldMeta[] {
  const f = (spec: Partial<FieldMeta> & { name: string; label: string; type: FieldType }) =>
    newField(objectMetadataId, spec);
  const fields = [
    f({
      name: 'id',
      label: 'Id',
      type: 'UUID',
      isSystem: true,
      isNullable: false,
      defaultValue: 'uuid',
      icon: 'Icon123',
    }),
    f({
      name: 'createdAt',
      label: 'Creation date',
      type: 'DATE_TIME',
      isNullable: false,
      defaultValue: 'now',
      icon: 'IconCalendar',
    }),
    f({
      name: 'updatedAt',
      label: 'Last update',
      type: 'DATE_TIME',
      isNullable: false,
      defaultValue: 'now',
      icon: 'IconCalendarClock',
    }),
    f({ name: 'deletedAt', label: 'Deleted at', type: 'DATE_TIME', icon: 'IconCalendarMinus' }),
    f({
      name: 'createdBy',
      label: 'Created by',
      type: 'ACTOR',
      isNullable: false,
      defaultValue: { name: "''", source: "'MANUAL'" },
      icon: 'IconCreativeCommonsSa',
    }),
    f({
      name: 'updatedBy',
      label: 'Updated by',
      type: 'ACTOR',
      isNullable: false,
      defaultValue: { name: "''", source: "'MANUAL'" },
      icon: 'IconUserCircle',
    }),
    f({
      name: 'position',
      label: 'Position',
      type: 'POSITION',
      isSystem: true,
      defaultValue: 0,
      icon: 'IconHierarchy2',
    }),
  ];
  if (options.withName)
    fields.splice(1, 0, f({ name: 'name', label: 'Name', type: 'TEXT', icon: 'IconAbc' }));
  return fields;
}
