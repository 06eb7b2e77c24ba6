/**
 * A small object covering every kind of column the query layer handles, built
 * the way the metadata API describes objects (ObjectMeta) — shared by the
 * query tests.
 */
import type {
  FieldMeta,
  FieldType,
  ObjectMeta,
  RelationMeta,
  SelectOption,
} from '../../../devhost/metadata/types';

const NOW = '2024-01-01T00:00:00.000Z';
const OBJECT_ID = '00000000-0000-4000-8000-0000000000aa';

export const STATUS_VALUES = ['FREE', 'RESERVED', 'SOLD'] as const;
export const FEATURE_VALUES = ['BALCONY', 'TERRACE', 'VIEW', 'PARKING'] as const;

function options(values: readonly string[]): SelectOption[] {
  return values.map((value, position) => ({
    id: `opt-${value}`,
    value,
    label: value,
    color: 'gray',
    position,
  }));
}

function field(
  name: string,
  type: FieldType,
  extra: { options?: SelectOption[]; relation?: RelationMeta; isActive?: boolean } = {},
): FieldMeta {
  return {
    id: `field-${name}`,
    objectMetadataId: OBJECT_ID,
    name,
    label: name,
    type,
    description: null,
    icon: null,
    isNullable: true,
    isUnique: false,
    isCustom: true,
    isSystem: false,
    isActive: extra.isActive ?? true,
    defaultValue: null,
    options: extra.options ?? null,
    settings: null,
    relation: extra.relation ?? null,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

export const unitObject: ObjectMeta = {
  id: OBJECT_ID,
  nameSingular: 'unit',
  namePlural: 'units',
  labelSingular: 'Unit',
  labelPlural: 'Units',
  description: null,
  icon: null,
  isCustom: true,
  isSystem: false,
  isActive: true,
  tableName: '"units"',
  fields: [
    field('id', 'UUID'),
    field('createdAt', 'DATE_TIME'),
    field('updatedAt', 'DATE_TIME'),
    field('deletedAt', 'DATE_TIME'),
    field('title', 'TEXT'),
    field('floor', 'NUMBER'),
    field('area', 'NUMERIC'),
    field('isCorner', 'BOOLEAN'),
    field('status', 'SELECT', { options: options(STATUS_VALUES) }),
    field('features', 'MULTI_SELECT', { options: options(FEATURE_VALUES) }),
    field('tags', 'ARRAY'),
    field('handoverDate', 'DATE'),
    field('price', 'CURRENCY'),
    field('buyer', 'FULL_NAME'),
    field('emails', 'EMAILS'),
    field('position', 'POSITION'),
    field('rating', 'RATING', { options: options(['RATING_1', 'RATING_2', 'RATING_3']) }),
    field('data', 'RAW_JSON'),
    field('legacyCode', 'TEXT', { isActive: false }),
    field('building', 'RELATION', {
      relation: {
        type: 'MANY_TO_ONE',
        targetObjectMetadataId: 'building-object',
        targetFieldMetadataId: 'units',
      },
    }),
    field('changes', 'RELATION', {
      relation: {
        type: 'ONE_TO_MANY',
        targetObjectMetadataId: 'change-object',
        targetFieldMetadataId: 'unit',
      },
    }),
  ],
  createdAt: NOW,
  updatedAt: NOW,
};
