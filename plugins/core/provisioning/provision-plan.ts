/**
 * The provisioning diff: declared schema vs the workspace's metadata → the
 * steps that make the workspace match. Pure. Additive only: it creates
 * objects, fields and relations and adds select options; it never deletes,
 * renames or retypes. Whatever exists in a different form is a conflict,
 * reported and left alone. The plan is plain JSON (`realty setup --json`).
 */
import type { CreateObjectInput, ObjectMetadata } from '../../../sdk/index';
import { type FieldDefinition, relationTargetName } from '../plugin/define-field';
import { DEFAULT_LABEL_LOCALE, type LabelLocale } from '../plugin/define-object';
import { labelFromCamelCase } from '../plugin/metadata-names';
import type { DeclaredSchema } from '../plugin/plugin-registry';
import { type FieldInput, fieldInput, mergeOptions, type WireOption } from './provision-field-input';
import { localizeSchema } from './provision-labels';
import {
  type ExistingField,
  type ExistingObject,
  readWorkspaceModel,
  relationTargetOf,
  type WorkspaceModel,
} from './provision-workspace';

export interface RelationInput {
  type: 'MANY_TO_ONE';
  /** Resolved to `targetObjectMetadataId` when applied: the target may be created by the same plan. */
  targetObject: string;
  targetFieldName: string;
  targetFieldLabel: string;
  targetFieldIcon?: string;
}

export type ProvisionStep =
  | { kind: 'createObject'; object: string; input: CreateObjectInput }
  | { kind: 'createField'; object: string; field: string; input: FieldInput }
  | {
      kind: 'addSelectOptions';
      object: string;
      field: string;
      fieldId: string;
      added: string[];
      options: WireOption[];
    }
  | { kind: 'createRelation'; object: string; field: string; input: FieldInput; relation: RelationInput }
  /** Labels only (REALTY_LOCALE, or a changed label map): names and types stay as they are. */
  | { kind: 'updateObjectLabels'; object: string; changes: LabelChange[]; patch: ObjectLabelPatch }
  | {
      kind: 'updateFieldLabels';
      object: string;
      field: string;
      changes: LabelChange[];
      patch: FieldLabelPatch;
      /** New labels of existing options, by value; their ids, colours and order are kept. */
      optionLabels?: Record<string, string>;
    };

/** One label that changes: `labelPlural`, `label`, `description`, `icon` or `option FREE`. */
export interface LabelChange {
  what: string;
  from: string | null;
  to: string;
}

export interface ObjectLabelPatch {
  labelSingular?: string;
  labelPlural?: string;
  description?: string;
  icon?: string;
}

export interface FieldLabelPatch {
  label?: string;
  description?: string;
  icon?: string;
}

export type ProvisionConflictCode =
  | 'object_inactive'
  | 'object_plural_taken'
  | 'object_plural_mismatch'
  | 'object_missing'
  | 'field_inactive'
  | 'field_type_mismatch'
  | 'relation_direction_mismatch'
  | 'relation_target_mismatch'
  | 'relation_target_missing'
  | 'inverse_name_taken';

export interface ProvisionConflict {
  code: ProvisionConflictCode;
  object: string;
  field?: string;
  message: string;
}

export interface ProvisionPlan {
  steps: ProvisionStep[];
  conflicts: ProvisionConflict[];
  /** Differences provisioning does not act on (e.g. uniqueness), for the operator to judge. */
  warnings: string[];
}

/** Twenty renamed RICH_TEXT_V2 to RICH_TEXT; a workspace may report either. */
const SAME_TYPE: Readonly<Record<string, readonly string[]>> = { RICH_TEXT: ['RICH_TEXT', 'RICH_TEXT_V2'] };

function sameType(declared: string, existing: string): boolean {
  return (SAME_TYPE[declared] ?? [declared]).includes(existing);
}

export interface PlanOptions {
  /** The language of the labels (`REALTY_LOCALE`); `ru` unless told. */
  locale?: LabelLocale;
}

export function planProvisioning(
  schema: DeclaredSchema,
  workspace: readonly ObjectMetadata[] | WorkspaceModel,
  options: PlanOptions = {},
): ProvisionPlan {
  const declared = localizeSchema(schema, options.locale ?? DEFAULT_LABEL_LOCALE);
  /** The English inverse label of a declared relation, as the schema itself spells it. */
  const declaredInverseLabel = (objectName: string, fieldName: string): string | undefined => {
    const owner = [...schema.objects, ...schema.extensions].find(
      (o) => o.nameSingular === objectName && fieldName in o.fields,
    );
    const relation = owner?.fields[fieldName]?.relation;
    return relation && (relation.inverseLabel ?? labelFromCamelCase(relation.inverseName));
  };
  const model = Array.isArray(workspace) ? readWorkspaceModel(workspace) : (workspace as WorkspaceModel);
  const objectSteps: ProvisionStep[] = [];
  const fieldSteps: ProvisionStep[] = [];
  const relationSteps: ProvisionStep[] = [];
  const labelSteps: ProvisionStep[] = [];
  const conflicts: ProvisionConflict[] = [];
  const warnings: string[] = [];
  /** Objects that exist or will: the fields they carry now (empty for new ones). */
  const usable = new Map<string, ExistingObject | 'new'>();
  /** Inverse names each relation step will add, so two steps never claim one. */
  const plannedInverses = new Map<string, Set<string>>();

  for (const o of declared.objects) {
    const existing = model.bySingular.get(o.nameSingular);
    if (existing) {
      if (!existing.isActive) {
        conflicts.push({
          code: 'object_inactive',
          object: o.nameSingular,
          message: `object "${o.nameSingular}" exists but is deactivated; reactivate it in Settings → Data model (provisioning does not)`,
        });
        continue;
      }
      if (existing.namePlural !== o.namePlural) {
        conflicts.push({
          code: 'object_plural_mismatch',
          object: o.nameSingular,
          message: `object "${o.nameSingular}" exists with plural "${existing.namePlural}", declared "${o.namePlural}"; left as it is (REST paths use "${existing.namePlural}")`,
        });
      }
      usable.set(o.nameSingular, existing);
      const changes = labelChanges(existing, {
        labelSingular: o.labelSingular,
        labelPlural: o.labelPlural,
        description: o.description,
        icon: o.icon,
      });
      if (changes.length > 0) {
        labelSteps.push({
          kind: 'updateObjectLabels',
          object: o.nameSingular,
          changes,
          patch: Object.fromEntries(changes.map((c) => [c.what, c.to])),
        });
      }
      continue;
    }
    const pluralOwner = model.byPlural.get(o.namePlural) ?? model.bySingular.get(o.namePlural);
    if (pluralOwner) {
      conflicts.push({
        code: 'object_plural_taken',
        object: o.nameSingular,
        message: `cannot create "${o.nameSingular}": the name "${o.namePlural}" already belongs to object "${pluralOwner.nameSingular}"`,
      });
      continue;
    }
    usable.set(o.nameSingular, 'new');
    objectSteps.push({
      kind: 'createObject',
      object: o.nameSingular,
      input: {
        nameSingular: o.nameSingular,
        namePlural: o.namePlural,
        labelSingular: o.labelSingular,
        labelPlural: o.labelPlural,
        ...(o.description !== undefined && { description: o.description }),
        ...(o.icon !== undefined && { icon: o.icon }),
      },
    });
  }

  const targetOf = (objectName: string): ExistingObject | 'new' | undefined => {
    const planned = usable.get(objectName);
    if (planned) return planned;
    const existing = model.bySingular.get(objectName);
    return existing?.isActive ? existing : undefined;
  };

  const planField = (
    objectName: string,
    target: ExistingObject | 'new',
    name: string,
    field: FieldDefinition,
  ) => {
    const at = `${objectName}.${name}`;
    const existing = target === 'new' ? undefined : target.fields.get(name);
    // Twenty creates `name` (TEXT, «Name») with every custom object; only its labels are ours.
    if (target === 'new' && name === 'name' && field.type === 'TEXT') {
      relabelField(objectName, name, field, {
        label: TWENTY_NAME_LABEL,
        description: null,
        icon: null,
      });
      return;
    }
    if (existing) {
      diffExisting(objectName, name, field, existing);
      return;
    }
    if (field.type !== 'RELATION' || !field.relation) {
      fieldSteps.push({
        kind: 'createField',
        object: objectName,
        field: name,
        input: fieldInput(name, field),
      });
      return;
    }
    const relation = field.relation;
    const targetName = relationTargetName(relation.target);
    const relationTarget = targetOf(targetName);
    if (!relationTarget) {
      conflicts.push({
        code: 'relation_target_missing',
        object: objectName,
        field: name,
        message: `${at} points at "${targetName}", which does not exist in the workspace and will not be created`,
      });
      return;
    }
    const claimed = plannedInverses.get(targetName) ?? new Set<string>();
    plannedInverses.set(targetName, claimed);
    if (
      (relationTarget !== 'new' && relationTarget.fields.has(relation.inverseName)) ||
      claimed.has(relation.inverseName)
    ) {
      conflicts.push({
        code: 'inverse_name_taken',
        object: objectName,
        field: name,
        message: `${at} needs the inverse field "${targetName}.${relation.inverseName}", but that name is taken; rename the inverse in the declaration`,
      });
      return;
    }
    claimed.add(relation.inverseName);
    const wantedInverse = relation.inverseLabel ?? labelFromCamelCase(relation.inverseName);
    relationSteps.push({
      kind: 'createRelation',
      object: objectName,
      field: name,
      input: fieldInput(name, {
        ...field,
        ...(relation.onDelete !== undefined && {
          settings: { ...field.settings, onDelete: relation.onDelete },
        }),
      }),
      relation: {
        type: 'MANY_TO_ONE',
        targetObject: targetName,
        targetFieldName: relation.inverseName,
        // Created under the declaration's label, which releases without `targetFieldName` turn into
        // the inverse's name; the chosen language's label follows as a relabelling (below).
        targetFieldLabel: declaredInverseLabel(objectName, name) ?? wantedInverse,
        ...(relation.inverseIcon !== undefined && { targetFieldIcon: relation.inverseIcon }),
      },
    });
    const createdAs = declaredInverseLabel(objectName, name) ?? wantedInverse;
    if (createdAs !== wantedInverse) {
      labelSteps.push({
        kind: 'updateFieldLabels',
        object: targetName,
        field: relation.inverseName,
        changes: [{ what: 'label', from: createdAs, to: wantedInverse }],
        patch: { label: wantedInverse },
      });
    }
  };

  /** The field's labels, description, icon and option labels as declared in the chosen language. */
  const relabelField = (
    objectName: string,
    name: string,
    field: FieldDefinition,
    existing: Pick<ExistingField, 'label' | 'description' | 'icon'> & Partial<ExistingField>,
  ) => {
    const changes = labelChanges(existing, {
      label: field.label,
      description: field.description,
      icon: field.icon,
    });
    const patch: FieldLabelPatch = Object.fromEntries(changes.map((c) => [c.what, c.to]));
    const optionLabels: Record<string, string> = {};
    for (const o of field.options ?? []) {
      const have = existing.options?.find((x) => x.value === o.value);
      if (have && !have.labelMissing && have.label !== o.label) {
        optionLabels[o.value] = o.label;
        changes.push({ what: `option ${o.value}`, from: have.label, to: o.label });
      }
    }
    if (changes.length === 0) return;
    labelSteps.push({
      kind: 'updateFieldLabels',
      object: objectName,
      field: name,
      changes,
      patch,
      ...(Object.keys(optionLabels).length > 0 && { optionLabels }),
    });
  };

  const diffExisting = (
    objectName: string,
    name: string,
    field: FieldDefinition,
    existing: ExistingField,
  ) => {
    const at = `${objectName}.${name}`;
    if (!existing.isActive) {
      conflicts.push({
        code: 'field_inactive',
        object: objectName,
        field: name,
        message: `${at} exists but is deactivated; reactivate it in Settings → Data model (provisioning does not)`,
      });
      return;
    }
    if (!sameType(field.type, existing.type)) {
      conflicts.push({
        code: 'field_type_mismatch',
        object: objectName,
        field: name,
        message: `${at} exists as ${existing.type}, declared ${field.type}; left untouched — Twenty cannot change a field's type, migrate the data to a new field`,
      });
      return;
    }
    if (field.type === 'RELATION' && field.relation) {
      const declaredTarget = relationTargetName(field.relation.target);
      const direction = existing.relation?.direction;
      if (direction !== undefined && direction !== 'MANY_TO_ONE') {
        conflicts.push({
          code: 'relation_direction_mismatch',
          object: objectName,
          field: name,
          message: `${at} exists as a ${direction} relation, declared MANY_TO_ONE to "${declaredTarget}"; left untouched`,
        });
        return;
      }
      const actual = relationTargetOf(existing.relation, model);
      if (actual === undefined) {
        warnings.push(
          `${at}: the workspace does not say where this relation points; assumed "${declaredTarget}"`,
        );
      } else if (actual !== declaredTarget) {
        conflicts.push({
          code: 'relation_target_mismatch',
          object: objectName,
          field: name,
          message: `${at} points at "${actual}", declared "${declaredTarget}"; left untouched`,
        });
        return;
      }
      relabelField(objectName, name, field, existing);
      const inverse = model.bySingular.get(declaredTarget)?.fields.get(field.relation.inverseName);
      const inverseTarget = relationTargetOf(inverse?.relation, model);
      if (
        inverse?.type === 'RELATION' &&
        (inverseTarget === undefined || inverseTarget === objectName) &&
        field.relation.inverseLabel !== undefined
      ) {
        const changes = labelChanges(inverse, { label: field.relation.inverseLabel });
        if (changes.length > 0) {
          labelSteps.push({
            kind: 'updateFieldLabels',
            object: declaredTarget,
            field: field.relation.inverseName,
            changes,
            patch: Object.fromEntries(changes.map((c) => [c.what, c.to])),
          });
        }
      }
      return;
    }
    if ((field.type === 'SELECT' || field.type === 'MULTI_SELECT') && field.options) {
      const { options, added } = mergeOptions(existing.options, field.options);
      if (added.length > 0) {
        fieldSteps.push({
          kind: 'addSelectOptions',
          object: objectName,
          field: name,
          fieldId: existing.id,
          added,
          options,
        });
      }
    }
    relabelField(objectName, name, field, existing);
    if (field.isUnique === true && !existing.isUnique) {
      warnings.push(
        `${at} is declared unique but is not unique in the workspace; provisioning does not add the constraint`,
      );
    }
  };

  for (const o of declared.objects) {
    const target = usable.get(o.nameSingular);
    if (!target) continue;
    for (const [name, field] of Object.entries(o.fields)) planField(o.nameSingular, target, name, field);
  }
  for (const e of declared.extensions) {
    const target = targetOf(e.nameSingular);
    if (!target) {
      conflicts.push({
        code: 'object_missing',
        object: e.nameSingular,
        message: `fields are declared on "${e.nameSingular}" (${Object.keys(e.fields).join(', ')}), but the workspace has no active object of that name`,
      });
      continue;
    }
    for (const [name, field] of Object.entries(e.fields)) planField(e.nameSingular, target, name, field);
  }
  return { steps: [...objectSteps, ...fieldSteps, ...relationSteps, ...labelSteps], conflicts, warnings };
}

export function isPlanEmpty(plan: ProvisionPlan): boolean {
  return plan.steps.length === 0;
}

/** The label Twenty gives the `name` field it creates with every custom object. */
export const TWENTY_NAME_LABEL = 'Name';

/** The labels that differ; a wanted value that is not declared (no description, no icon) is left as it is. */
function labelChanges(existing: object, wanted: Record<string, string | undefined>): LabelChange[] {
  const have = existing as Record<string, unknown>;
  const changes: LabelChange[] = [];
  for (const [what, to] of Object.entries(wanted)) {
    if (to === undefined) continue;
    const value = have[what];
    // A workspace that does not report a label (older releases, partial answers) is not contradicted.
    if (value === undefined) continue;
    const from = typeof value === 'string' ? value : null;
    if (from !== to) changes.push({ what, from, to });
  }
  return changes;
}
