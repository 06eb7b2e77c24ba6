/**
 * Executes a provisioning plan through the sdk's metadata API: objects, then
 * fields and options, then relations (both ends exist by then). Each step is
 * checked against the workspace as it is at that moment, so re-applying a
 * plan — or applying it after a run that stopped half-way — only does what
 * is still missing. A failed step is recorded and the rest go on; steps that
 * depended on it fail with the reason.
 */
import type { TwentyClient } from '../../../sdk/index';
import { camelCaseFromLabel } from '../plugin/metadata-names';
import { mergeOptions } from './provision-field-input';
import type { ProvisionPlan, ProvisionStep } from './provision-plan';
import { readWorkspaceModel, type WorkspaceModel } from './provision-workspace';

export type StepStatus = 'applied' | 'skipped' | 'failed';

export interface StepEvent {
  index: number;
  total: number;
  step: ProvisionStep;
  status: StepStatus;
  /** Why it was skipped or failed. */
  reason?: string;
}

export interface ApplyResult {
  applied: number;
  skipped: number;
  failed: { step: ProvisionStep; reason: string }[];
}

export interface ApplyOptions {
  onStep?: (event: StepEvent) => void;
}

const PHASE: Record<ProvisionStep['kind'], number> = {
  createObject: 0,
  createField: 1,
  addSelectOptions: 1,
  createRelation: 2,
  // Last: new objects' `name` fields and options added above are relabelled too.
  updateObjectLabels: 3,
  updateFieldLabels: 3,
};

class StepSkipped {
  constructor(readonly reason: string) {}
}

export async function applyProvisioning(
  client: TwentyClient,
  plan: ProvisionPlan,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const steps = [...plan.steps].sort((a, b) => PHASE[a.kind] - PHASE[b.kind]);
  const result: ApplyResult = { applied: 0, skipped: 0, failed: [] };
  let model = readWorkspaceModel(await client.metadata.objects.list());
  let phase = 0;
  for (const [index, step] of steps.entries()) {
    if (PHASE[step.kind] !== phase) {
      phase = PHASE[step.kind];
      // New objects arrive with fields Twenty adds itself; later phases must see them.
      model = readWorkspaceModel(await client.metadata.objects.list());
    }
    let status: StepStatus = 'applied';
    let reason: string | undefined;
    try {
      await runStep(client, model, step);
      result.applied++;
    } catch (error) {
      if (error instanceof StepSkipped) {
        status = 'skipped';
        reason = error.reason;
        result.skipped++;
      } else {
        status = 'failed';
        reason = error instanceof Error ? error.message : String(error);
        result.failed.push({ step, reason });
      }
    }
    options.onStep?.({ index, total: steps.length, step, status, ...(reason !== undefined && { reason }) });
  }
  return result;
}

function objectOrThrow(model: WorkspaceModel, name: string, role: string) {
  const object = model.bySingular.get(name);
  if (!object) throw new Error(`${role} object "${name}" does not exist (was its creation refused above?)`);
  return object;
}

async function runStep(client: TwentyClient, model: WorkspaceModel, step: ProvisionStep): Promise<void> {
  switch (step.kind) {
    case 'createObject': {
      if (model.bySingular.has(step.object)) throw new StepSkipped(`object "${step.object}" already exists`);
      const created = await client.metadata.objects.create(step.input);
      const entry = {
        id: created.id,
        nameSingular: created.nameSingular,
        namePlural: created.namePlural,
        isActive: true,
        fields: new Map(),
      };
      model.bySingular.set(created.nameSingular, entry);
      model.byId.set(created.id, entry);
      return;
    }
    case 'createField': {
      const object = objectOrThrow(model, step.object, 'the');
      const existing = object.fields.get(step.field);
      if (existing) {
        if (existing.type === step.input.type)
          throw new StepSkipped(`${step.object}.${step.field} already exists`);
        throw new Error(
          `${step.object}.${step.field} appeared as ${existing.type} since planning; declared ${step.input.type}`,
        );
      }
      await client.metadata.fields.create({ objectMetadataId: object.id, ...step.input });
      return;
    }
    case 'addSelectOptions': {
      const object = objectOrThrow(model, step.object, 'the');
      const existing = object.fields.get(step.field);
      if (!existing) throw new Error(`${step.object}.${step.field} no longer exists`);
      // Merge again with what the field holds now: someone may have edited options since planning.
      const wanted = step.options.filter((o) => step.added.includes(o.value));
      const { options, added } = mergeOptions(existing.options, wanted);
      if (added.length === 0)
        throw new StepSkipped(`${step.object}.${step.field} already has ${step.added.join(', ')}`);
      await client.metadata.fields.update(existing.id, { options });
      return;
    }
    case 'createRelation': {
      const object = objectOrThrow(model, step.object, 'the');
      const target = objectOrThrow(model, step.relation.targetObject, 'the target');
      const existing = object.fields.get(step.field);
      if (existing) {
        if (existing.type === 'RELATION')
          throw new StepSkipped(`${step.object}.${step.field} already exists`);
        throw new Error(
          `${step.object}.${step.field} appeared as ${existing.type} since planning; declared RELATION`,
        );
      }
      const { targetFieldName, targetFieldLabel, targetFieldIcon } = step.relation;
      await client.metadata.fields.create({
        objectMetadataId: object.id,
        ...step.input,
        relationCreationPayload: {
          type: step.relation.type,
          targetObjectMetadataId: target.id,
          targetFieldLabel,
          ...(targetFieldIcon !== undefined && { targetFieldIcon }),
          // Releases before `targetFieldName` derive the inverse name from the label: send the name only when they differ.
          ...(camelCaseDiffers(targetFieldLabel, targetFieldName) && { targetFieldName }),
        },
      });
      return;
    }
    case 'updateObjectLabels': {
      const object = objectOrThrow(model, step.object, 'the');
      if (holds(object, step.patch)) throw new StepSkipped(`${step.object} is already labelled so`);
      // Twenty re-derives names from labels when they are synced; names never change here.
      await client.metadata.objects.update(object.id, { ...step.patch, isLabelSyncedWithName: false });
      return;
    }
    case 'updateFieldLabels': {
      const object = objectOrThrow(model, step.object, 'the');
      const existing = object.fields.get(step.field);
      if (!existing) throw new Error(`${step.object}.${step.field} does not exist`);
      const labels = step.optionLabels;
      const optionsHold = Object.entries(labels ?? {}).every(
        ([value, label]) => existing.options.find((o) => o.value === value)?.label === label,
      );
      if (holds(existing, step.patch) && optionsHold)
        throw new StepSkipped(`${step.object}.${step.field} is already labelled so`);
      // Twenty replaces the whole option list: send every option back with its id, colour and place.
      const options =
        labels &&
        mergeOptions(existing.options, []).options.map((o) =>
          labels[o.value] === undefined ? o : { ...o, label: labels[o.value] as string },
        );
      await client.metadata.fields.update(existing.id, {
        ...step.patch,
        ...(options && { options }),
        isLabelSyncedWithName: false,
      });
      return;
    }
    default: {
      const unknownStep: never = step;
      throw new Error(`unknown provisioning step ${JSON.stringify(unknownStep)}`);
    }
  }
}

/** True when the workspace already shows every label of the patch. */
function holds(current: object, patch: object): boolean {
  const have = current as Record<string, unknown>;
  return Object.entries(patch).every(([key, value]) => have[key] === value);
}

function camelCaseDiffers(label: string, name: string): boolean {
  return camelCaseFromLabel(label) !== name;
}
