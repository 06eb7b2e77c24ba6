/**
 * The resolved plan of a migration: for each source table, what it becomes in
 * the workspace — a target object, a rule per column, the derived records
 * (task targets, teams, scenarios) — and what is left out and why.
 */

import type { FieldType } from './values';
import type { NewField } from './workspace';

/** How a table's rows are written beyond plain column → field rules. */
export type Special =
  | 'users' // matched to workspace members by e-mail, nothing written
  | 'teamMember' // + a project team per parent record (@team column)
  | 'planLine' // + a revenue scenario per opportunity (@scenario column)
  | 'attachment' // a file record linked to its parent (@parent column); bytes from the export
  | 'activityRelation' // a task/note target row (EventRelation, ContentDocumentLink)
  | 'dynamicsApplication';

export interface FieldRule {
  column: string;
  /** Target field (the root of a composite). */
  field: string;
  /** Part of a composite: addressCity, firstName, primaryEmail, additional … */
  sub?: string;
  type: FieldType;
  relationTarget?: string;
  values?: Record<string, string>;
  /** Created before loading when the workspace lacks it. */
  create?: NewField;
  /** Label (lower case) → option value, filled when options are ensured. */
  options?: Map<string, string>;
  /** A self- or cyclic reference: written in the second pass. */
  deferred?: boolean;
}

export interface ObjectRule {
  table: string;
  target: string;
  special?: Special;
  /** Special columns: '@targets' (polymorphic links), '@team', '@scenario', '@parent', '@task', '@linked'. */
  roles: Record<string, string[]>;
  fields: FieldRule[];
  unmapped: { column: string; reason: string }[];
  skip?: string;
  createObject?: { label: string; description: string };
  constants: Record<string, unknown>;
  /** True when the target is a stand-in custom object (its plugin is not enabled). */
  standIn?: boolean;
}

export interface Plan {
  rules: Map<string, ObjectRule>;
  /** Load order (tables). */
  order: string[];
  /** User id → workspace member id. */
  members: Map<string, string>;
  /** Objects and fields to create (for the dry run's report). */
  schemaChanges: string[];
  problems: string[];
}
