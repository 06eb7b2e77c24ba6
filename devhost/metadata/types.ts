/**
 * Metadata model shared by every part of devhost: objects, fields, how each
 * field type is stored in SQL. Composite fields are stored the way Twenty
 * stores them: one column per sub-field named `<field><SubField>`
 * (e.g. `amountAmountMicros`, `nameFirstName`); a MANY_TO_ONE relation is a
 * `<field>Id` uuid column; ONE_TO_MANY has no column (it is the inverse).
 */

export const FIELD_TYPES = [
  'UUID',
  'TEXT',
  'PHONES',
  'EMAILS',
  'DATE_TIME',
  'DATE',
  'BOOLEAN',
  'NUMBER',
  'NUMERIC',
  'LINKS',
  'CURRENCY',
  'FULL_NAME',
  'RATING',
  'SELECT',
  'MULTI_SELECT',
  'RELATION',
  'MORPH_RELATION',
  'POSITION',
  'ADDRESS',
  'RAW_JSON',
  'RICH_TEXT',
  'RICH_TEXT_V2',
  'ACTOR',
  'ARRAY',
  'FILES',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export type CompositeFieldType =
  | 'CURRENCY'
  | 'FULL_NAME'
  | 'EMAILS'
  | 'PHONES'
  | 'LINKS'
  | 'ADDRESS'
  | 'ACTOR'
  | 'RICH_TEXT_V2';

/** SQL column type of a scalar value: how devhost stores and compares it. */
export type SqlValueKind =
  | 'uuid'
  | 'text'
  | 'timestamptz'
  | 'date'
  | 'boolean'
  | 'float'
  | 'numeric'
  | 'bigint'
  | 'jsonb'
  | 'text[]';

export interface SubFieldDef {
  name: string;
  kind: SqlValueKind;
}

/** Sub-fields of composite types (Twenty's CompositeFieldTypeSubFieldsNames). */
export const COMPOSITE_SUBFIELDS: Record<CompositeFieldType, SubFieldDef[]> = {
  CURRENCY: [
    { name: 'amountMicros', kind: 'bigint' },
    { name: 'currencyCode', kind: 'text' },
  ],
  FULL_NAME: [
    { name: 'firstName', kind: 'text' },
    { name: 'lastName', kind: 'text' },
  ],
  EMAILS: [
    { name: 'primaryEmail', kind: 'text' },
    { name: 'additionalEmails', kind: 'jsonb' },
  ],
  PHONES: [
    { name: 'primaryPhoneNumber', kind: 'text' },
    { name: 'primaryPhoneCountryCode', kind: 'text' },
    { name: 'primaryPhoneCallingCode', kind: 'text' },
    { name: 'additionalPhones', kind: 'jsonb' },
  ],
  LINKS: [
    { name: 'primaryLinkUrl', kind: 'text' },
    { name: 'primaryLinkLabel', kind: 'text' },
    { name: 'secondaryLinks', kind: 'jsonb' },
  ],
  ADDRESS: [
    { name: 'addressStreet1', kind: 'text' },
    { name: 'addressStreet2', kind: 'text' },
    { name: 'addressCity', kind: 'text' },
    { name: 'addressState', kind: 'text' },
    { name: 'addressCountry', kind: 'text' },
    { name: 'addressPostcode', kind: 'text' },
    { name: 'addressLat', kind: 'float' },
    { name: 'addressLng', kind: 'float' },
  ],
  ACTOR: [
    { name: 'source', kind: 'text' },
    { name: 'workspaceMemberId', kind: 'uuid' },
    { name: 'name', kind: 'text' },
    { name: 'context', kind: 'jsonb' },
  ],
  RICH_TEXT_V2: [
    { name: 'blocknote', kind: 'text' },
    { name: 'markdown', kind: 'text' },
  ],
};

/** Storage kind of each scalar (non-composite, non-relation) type. */
export const SCALAR_KIND: Partial<Record<FieldType, SqlValueKind>> = {
  UUID: 'uuid',
  TEXT: 'text',
  DATE_TIME: 'timestamptz',
  DATE: 'date',
  BOOLEAN: 'boolean',
  NUMBER: 'float',
  NUMERIC: 'numeric',
  RATING: 'text',
  SELECT: 'text',
  MULTI_SELECT: 'text[]',
  POSITION: 'float',
  RAW_JSON: 'jsonb',
  RICH_TEXT: 'text',
  ARRAY: 'text[]',
  FILES: 'jsonb',
};

export function isCompositeType(type: FieldType): type is CompositeFieldType {
  return type in COMPOSITE_SUBFIELDS;
}

export interface SelectOption {
  id: string;
  value: string;
  label: string;
  color: string;
  position: number;
}

export type RelationType = 'MANY_TO_ONE' | 'ONE_TO_MANY';

export interface RelationMeta {
  type: RelationType;
  targetObjectMetadataId: string;
  /** The inverse field on the target object. */
  targetFieldMetadataId: string;
}

export interface FieldMeta {
  id: string;
  objectMetadataId: string;
  name: string;
  label: string;
  type: FieldType;
  description: string | null;
  icon: string | null;
  isNullable: boolean;
  isUnique: boolean;
  isCustom: boolean;
  isSystem: boolean;
  isActive: boolean;
  defaultValue: unknown;
  options: SelectOption[] | null;
  settings: Record<string, unknown> | null;
  relation: RelationMeta | null;
  createdAt: string;
  updatedAt: string;
}

export interface ObjectMeta {
  id: string;
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description: string | null;
  icon: string | null;
  isCustom: boolean;
  isSystem: boolean;
  isActive: boolean;
  /** SQL table holding the records (schema-qualified, already quoted). */
  tableName: string;
  fields: FieldMeta[];
  createdAt: string;
  updatedAt: string;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** SQL column of a field (or of one sub-field of a composite field). Unquoted. */
export function columnName(field: Pick<FieldMeta, 'name' | 'type' | 'relation'>, subField?: string): string {
  if (subField) return `${field.name}${capitalize(subField)}`;
  if (field.type === 'RELATION' && field.relation?.type === 'MANY_TO_ONE') return `${field.name}Id`;
  return field.name;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
