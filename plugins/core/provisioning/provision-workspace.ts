/**
 * The workspace's data model as provisioning needs it: objects by name, their
 * fields, select options and relation targets. Twenty has described relations
 * in several shapes over its releases (`relation.targetObjectMetadata`,
 * `relationDefinition`, `settings.relationType`); all are read here, so the
 * planner sees one.
 */
import { z } from 'zod';
import type { ObjectMetadata } from '../../../sdk/index';

export interface ExistingOption {
  id?: string;
  value: string;
  label: string;
  /** The workspace did not report a label (`label` is then the value). */
  labelMissing?: true;
  color?: string;
  position?: number;
}

export interface ExistingRelation {
  direction?: string;
  targetObjectId?: string;
  targetObjectName?: string;
  inverseName?: string;
}

export interface ExistingField {
  id: string;
  name: string;
  type: string;
  label?: string;
  description?: string | null;
  icon?: string | null;
  isActive: boolean;
  isUnique: boolean;
  options: ExistingOption[];
  relation?: ExistingRelation;
}

export interface ExistingObject {
  id: string;
  nameSingular: string;
  namePlural: string;
  labelSingular?: string;
  labelPlural?: string;
  description?: string | null;
  icon?: string | null;
  isActive: boolean;
  fields: Map<string, ExistingField>;
}

export interface WorkspaceModel {
  bySingular: Map<string, ExistingObject>;
  byPlural: Map<string, ExistingObject>;
  byId: Map<string, ExistingObject>;
}

const ref = z.looseObject({
  id: z.string().optional(),
  nameSingular: z.string().optional(),
  name: z.string().optional(),
});
const relationShape = z.looseObject({
  type: z.string().optional(),
  direction: z.string().optional(),
  targetObjectMetadataId: z.string().optional(),
  targetObjectMetadata: ref.nullish(),
  targetFieldMetadata: ref.nullish(),
  targetFieldMetadataId: z.string().optional(),
});
const optionShape = z.looseObject({
  id: z.string().optional(),
  value: z.string(),
  label: z.string().optional(),
  color: z.string().optional(),
  position: z.number().optional(),
});
const settingsShape = z.looseObject({ relationType: z.string().optional() });

function readRelation(field: Record<string, unknown>): ExistingRelation | undefined {
  const raw = field.relation ?? field.relationDefinition;
  const parsed = relationShape.safeParse(raw);
  const settings = settingsShape.safeParse(field.settings);
  if (!parsed.success) {
    return settings.success && settings.data.relationType
      ? { direction: settings.data.relationType }
      : undefined;
  }
  const r = parsed.data;
  return {
    direction: r.type ?? r.direction ?? (settings.success ? settings.data.relationType : undefined),
    targetObjectId: r.targetObjectMetadata?.id ?? r.targetObjectMetadataId,
    targetObjectName: r.targetObjectMetadata?.nameSingular,
    inverseName: r.targetFieldMetadata?.name,
  };
}

export function readWorkspaceModel(objects: readonly ObjectMetadata[]): WorkspaceModel {
  const model: WorkspaceModel = { bySingular: new Map(), byPlural: new Map(), byId: new Map() };
  for (const o of objects) {
    const fields = new Map<string, ExistingField>();
    for (const f of o.fields ?? []) {
      const options = z.array(optionShape).safeParse(f.options);
      fields.set(f.name, {
        id: f.id,
        name: f.name,
        type: f.type,
        ...(f.label !== undefined && { label: f.label }),
        ...(f.description !== undefined && { description: f.description }),
        ...(f.icon !== undefined && { icon: f.icon }),
        isActive: f.isActive !== false,
        isUnique: f.isUnique === true,
        options: options.success
          ? options.data.map((x) => ({
              ...x,
              label: x.label ?? x.value,
              ...(x.label === undefined && { labelMissing: true as const }),
            }))
          : [],
        ...(f.type === 'RELATION' && { relation: readRelation(f) }),
      });
    }
    const existing: ExistingObject = {
      id: o.id,
      nameSingular: o.nameSingular,
      namePlural: o.namePlural,
      ...(o.labelSingular !== undefined && { labelSingular: o.labelSingular }),
      ...(o.labelPlural !== undefined && { labelPlural: o.labelPlural }),
      ...(o.description !== undefined && { description: o.description }),
      ...(o.icon !== undefined && { icon: o.icon }),
      isActive: o.isActive !== false,
      fields,
    };
    model.bySingular.set(o.nameSingular, existing);
    model.byPlural.set(o.namePlural, existing);
    model.byId.set(o.id, existing);
  }
  return model;
}

/** The name of a relation's target object, from whichever description the workspace gave. */
export function relationTargetOf(
  relation: ExistingRelation | undefined,
  model: WorkspaceModel,
): string | undefined {
  if (!relation) return undefined;
  if (relation.targetObjectName) return relation.targetObjectName;
  return relation.targetObjectId ? model.byId.get(relation.targetObjectId)?.nameSingular : undefined;
}
