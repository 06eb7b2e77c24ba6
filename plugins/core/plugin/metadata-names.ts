/**
 * The naming rules Twenty applies to objects and fields (contract C15;
 * Twenty: engine/metadata-modules/utils/validate-metadata-name*.ts), checked
 * at declaration time so `realty setup` never learns them from a 400 half-way.
 */

export {
  camelCaseFromLabel,
  MAX_METADATA_NAME_LENGTH,
  METADATA_NAME_PATTERN,
  RESERVED_METADATA_NAMES,
} from '../../../sdk/metadata-names';

import {
  MAX_METADATA_NAME_LENGTH,
  METADATA_NAME_PATTERN,
  RESERVED_METADATA_NAMES,
} from '../../../sdk/metadata-names';

/**
 * Fields Twenty creates on every custom object (build-default-fields-for-custom-object
 * and the default relations to task/note targets, attachments, timeline, favorites).
 * `name` is among them as TEXT: a declaration may restate it, with that type only.
 */
export const DEFAULT_CUSTOM_OBJECT_FIELDS: Readonly<Record<string, string>> = {
  id: 'UUID',
  name: 'TEXT',
  createdAt: 'DATE_TIME',
  updatedAt: 'DATE_TIME',
  deletedAt: 'DATE_TIME',
  createdBy: 'ACTOR',
  updatedBy: 'ACTOR',
  position: 'POSITION',
  searchVector: 'TS_VECTOR',
  taskTargets: 'RELATION',
  noteTargets: 'RELATION',
  attachments: 'RELATION',
  timelineActivities: 'RELATION',
  favorites: 'RELATION',
};

/** Standard objects of a Twenty workspace that plugins may extend or point relations at. */
export const STANDARD_OBJECT_NAMES = [
  'company',
  'person',
  'opportunity',
  'workspaceMember',
  'task',
  'note',
  'taskTarget',
  'noteTarget',
  'attachment',
] as const;
export type StandardObjectName = (typeof STANDARD_OBJECT_NAMES)[number];

export function isStandardObjectName(name: string): name is StandardObjectName {
  return (STANDARD_OBJECT_NAMES as readonly string[]).includes(name);
}

/** Every reason `name` is not a usable object or field name; empty when it is. */
export function metadataNameProblems(name: unknown): string[] {
  if (typeof name !== 'string' || name.length === 0) return ['is empty; a name is required'];
  const problems: string[] = [];
  if (name.length > MAX_METADATA_NAME_LENGTH) {
    problems.push(`is ${name.length} characters long; Twenty allows at most ${MAX_METADATA_NAME_LENGTH}`);
  }
  if (!METADATA_NAME_PATTERN.test(name)) {
    problems.push('must be camelCase: a lowercase letter, then letters and digits only');
  }
  if (RESERVED_METADATA_NAMES.has(name)) {
    problems.push(
      'is reserved by Twenty ("The name is not available"); choose another, e.g. add a qualifier',
    );
  }
  return problems;
}

/** "unitChanges" → "Unit Changes": the label whose derived name is the name itself. */
export function labelFromCamelCase(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
