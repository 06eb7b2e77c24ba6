import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defineField, type FieldMap } from '../../../../plugins/core/plugin/define-field';
import { defineObject, extendObject } from '../../../../plugins/core/plugin/define-object';
import type { DeclaredSchema } from '../../../../plugins/core/plugin/plugin-registry';
import { formatPlan } from '../../../../plugins/core/provisioning/provision-format';
import { type ProvisionStep, planProvisioning } from '../../../../plugins/core/provisioning/provision-plan';
import { registryObjects } from '../../../../plugins/registry/schema';
import { type ObjectMetadata, objectMetadataSchema } from '../../../../sdk/index';

type FieldFixture = {
  name: string;
  type: string;
  isActive?: boolean;
  options?: unknown[];
  relation?: unknown;
  isUnique?: boolean;
};
type ObjectFixture = { name: string; plural?: string; isActive?: boolean; fields?: FieldFixture[] };

/** Workspace metadata as GET /rest/metadata/objects describes it. */
function workspace(objects: ObjectFixture[]): ObjectMetadata[] {
  const raw = objects.map((o) => ({
    id: `obj-${o.name}`,
    nameSingular: o.name,
    namePlural: o.plural ?? `${o.name}s`,
    isActive: o.isActive ?? true,
    fields: [
      { id: `fld-${o.name}-id`, name: 'id', type: 'UUID' },
      { id: `fld-${o.name}-name`, name: 'name', type: 'TEXT' },
      ...(o.fields ?? []).map((f) => ({ id: `fld-${o.name}-${f.name}`, isActive: true, ...f })),
    ],
  }));
  return objectMetadataSchema.array().parse(raw);
}
const standard: ObjectFixture[] = [
  { name: 'company', plural: 'companies', fields: [{ name: 'domainName', type: 'LINKS' }] },
  { name: 'person', plural: 'people', fields: [{ name: 'emails', type: 'EMAILS' }] },
];
const registry: DeclaredSchema = { objects: registryObjects, extensions: [] };

const kind = defineObject({
  nameSingular: 'lot',
  namePlural: 'lots',
  labelSingular: 'Lot',
  labelPlural: 'Lots',
  fields: {
    status: defineField.select({
      label: 'Status',
      options: [
        { value: 'OPEN', label: 'Open', color: 'green' },
        { value: 'CLOSED', label: 'Closed', color: 'gray' },
        { value: 'FAILED', label: 'Failed', color: 'red' },
      ],
      defaultValue: 'OPEN',
    }),
    floor: defineField.number({ label: 'Floor' }),
    owner: defineField.relation({ label: 'Owner', target: 'company', inverseName: 'lots' }),
  },
});
const lots: DeclaredSchema = { objects: [kind], extensions: [] };

const stepKeys = (steps: ProvisionStep[]) =>
  steps.map((s) =>
    s.kind === 'createObject' || s.kind === 'updateObjectLabels'
      ? `${s.kind} ${s.object}`
      : `${s.kind} ${s.object}.${s.field}`,
  );

describe('planProvisioning', () => {
  it('creates every object first, then fields, then relations, into an empty workspace', () => {
    const plan = planProvisioning(registry, workspace(standard));
    assert.deepEqual(plan.conflicts, []);
    const kinds = plan.steps.map((s) => s.kind);
    const lastObject = kinds.lastIndexOf('createObject');
    const firstRelation = kinds.indexOf('createRelation');
    assert.equal(lastObject, registryObjects.length - 1);
    assert.ok(kinds.slice(lastObject + 1, firstRelation).every((k) => k === 'createField'));
    assert.ok(kinds.slice(firstRelation).every((k) => k === 'createRelation'));
    const relations = plan.steps.filter((s) => s.kind === 'createRelation');
    assert.equal(relations.length, 8);
    // Twenty creates `name` with each object; creating it again would be refused.
    assert.ok(!stepKeys(plan.steps).includes('createField building.name'));
    const declaredFields = registryObjects.flatMap((o) => Object.keys(o.fields).filter((f) => f !== 'name'));
    assert.equal(plan.steps.length - registryObjects.length, declaredFields.length);
  });

  it('plans nothing when the workspace already has everything', () => {
    const ws = workspace([
      ...standard.map((o) =>
        o.name === 'company'
          ? { ...o, fields: [...(o.fields ?? []), { name: 'lots', type: 'RELATION' }] }
          : o,
      ),
      {
        name: 'lot',
        fields: [
          {
            name: 'status',
            type: 'SELECT',
            options: [{ value: 'OPEN' }, { value: 'CLOSED' }, { value: 'FAILED' }],
          },
          { name: 'floor', type: 'NUMBER' },
          {
            name: 'owner',
            type: 'RELATION',
            relation: { type: 'MANY_TO_ONE', targetObjectMetadata: { id: 'obj-company' } },
          },
        ],
      },
    ]);
    const plan = planProvisioning(lots, ws);
    assert.deepEqual(plan, { steps: [], conflicts: [], warnings: [] });
    assert.match(formatPlan(plan), /already has every declared object, field and option/);
  });

  it('reports a field of another type as a conflict and plans everything else', () => {
    const ws = workspace([...standard, { name: 'lot', fields: [{ name: 'floor', type: 'TEXT' }] }]);
    const plan = planProvisioning(lots, ws);
    assert.deepEqual(
      plan.conflicts.map((c) => [c.code, c.object, c.field]),
      [['field_type_mismatch', 'lot', 'floor']],
    );
    assert.match(plan.conflicts[0].message, /lot\.floor exists as TEXT, declared NUMBER/);
    assert.deepEqual(stepKeys(plan.steps), ['createField lot.status', 'createRelation lot.owner']);
  });

  it('adds missing select options after the existing ones, which it keeps with their ids', () => {
    const existing = [
      { id: 'o1', value: 'CLOSED', label: 'Done', color: 'blue', position: 0 },
      { id: 'o2', value: 'ARCHIVED', label: 'Archived', color: 'gray', position: 4 },
    ];
    const ws = workspace([
      ...standard,
      {
        name: 'lot',
        fields: [
          { name: 'status', type: 'SELECT', options: existing },
          { name: 'floor', type: 'NUMBER' },
        ],
      },
    ]);
    const plan = planProvisioning(lots, ws);
    const step = plan.steps.find((s) => s.kind === 'addSelectOptions');
    assert.ok(step && step.kind === 'addSelectOptions');
    assert.equal(step.fieldId, 'fld-lot-status');
    assert.deepEqual(step.added, ['OPEN', 'FAILED']);
    assert.deepEqual(step.options, [
      ...existing,
      { value: 'OPEN', label: 'Open', color: 'green', position: 5 },
      { value: 'FAILED', label: 'Failed', color: 'red', position: 6 },
    ]);
    // CLOSED is labelled differently in the workspace: left as it is, not a conflict.
    assert.deepEqual(plan.conflicts, []);
  });

  it('reads the relation target from every shape Twenty has used and reports another target', () => {
    const shapes = [
      { type: 'MANY_TO_ONE', targetObjectMetadata: { id: 'obj-person', nameSingular: 'person' } },
      { type: 'MANY_TO_ONE', targetObjectMetadataId: 'obj-person' },
      { direction: 'MANY_TO_ONE', targetObjectMetadata: { id: 'obj-person' } },
    ];
    for (const [i, relation] of shapes.entries()) {
      const key = i === 2 ? 'relationDefinition' : 'relation';
      const ws = workspace([
        ...standard,
        { name: 'lot', fields: [{ name: 'owner', type: 'RELATION', [key]: relation }] },
      ]);
      const plan = planProvisioning(lots, ws);
      assert.deepEqual(
        plan.conflicts.map((c) => c.code),
        ['relation_target_mismatch'],
        `shape ${i}`,
      );
      assert.match(plan.conflicts[0].message, /lot\.owner points at "person", declared "company"/);
      assert.ok(!stepKeys(plan.steps).includes('createRelation lot.owner'));
    }
  });

  it('reports an existing ONE_TO_MANY field where a MANY_TO_ONE is declared', () => {
    const relation = { type: 'ONE_TO_MANY', targetObjectMetadata: { id: 'obj-company' } };
    const plan = planProvisioning(
      lots,
      workspace([...standard, { name: 'lot', fields: [{ name: 'owner', type: 'RELATION', relation }] }]),
    );
    assert.deepEqual(
      plan.conflicts.map((c) => c.code),
      ['relation_direction_mismatch'],
    );
  });

  it('reports an inverse name already taken on the target instead of creating the relation', () => {
    const ws = workspace([
      { name: 'company', plural: 'companies', fields: [{ name: 'lots', type: 'NUMBER' }] },
      { name: 'lot', fields: [] },
    ]);
    const plan = planProvisioning(lots, ws);
    assert.deepEqual(
      plan.conflicts.map((c) => [c.code, c.field]),
      [['inverse_name_taken', 'owner']],
    );
    assert.ok(!plan.steps.some((s) => s.kind === 'createRelation'));
  });

  it('leaves a deactivated object alone, with its fields and the relations into it', () => {
    const ws = workspace([...standard, { name: 'building', isActive: false }]);
    const plan = planProvisioning(registry, ws);
    const codes = plan.conflicts.map((c) => `${c.code} ${c.object}${c.field ? `.${c.field}` : ''}`);
    assert.deepEqual(codes, [
      'object_inactive building',
      'relation_target_missing section.building',
      'relation_target_missing unit.building',
    ]);
    assert.ok(!plan.steps.some((s) => s.object === 'building'));
  });

  it('refuses to create an object whose plural another object holds', () => {
    const plan = planProvisioning(lots, workspace([...standard, { name: 'parcel', plural: 'lots' }]));
    assert.deepEqual(
      plan.conflicts.map((c) => c.code),
      ['object_plural_taken'],
    );
    assert.deepEqual(plan.steps, []);
  });

  it('adds extension fields to standard objects and reports extensions of missing ones', () => {
    const declared: DeclaredSchema = {
      objects: [],
      extensions: [
        extendObject('person', { fields: { passport: defineField.text({ label: 'Passport' }) } }),
        extendObject('opportunity', { fields: { lotNumber: defineField.text({ label: 'Lot' }) } }),
      ],
    };
    const plan = planProvisioning(declared, workspace(standard));
    assert.deepEqual(stepKeys(plan.steps), ['createField person.passport']);
    assert.deepEqual(
      plan.conflicts.map((c) => [c.code, c.object]),
      [['object_missing', 'opportunity']],
    );
  });

  it("writes defaults the way Twenty stores them and the relation's inverse", () => {
    const plan = planProvisioning(registry, workspace(standard));
    const find = (object: string, field: string) =>
      plan.steps.find((s) => 'field' in s && s.object === object && s.field === field);
    const status = find('unit', 'status');
    const price = find('unit', 'price');
    const building = find('unit', 'building');
    assert.ok(
      status?.kind === 'createField' && price?.kind === 'createField' && building?.kind === 'createRelation',
    );
    assert.equal(status.input.defaultValue, "'FREE'");
    assert.deepEqual(status.input.options?.[0], {
      value: 'FREE',
      label: 'Free',
      color: 'green',
      position: 0,
    });
    assert.deepEqual(price.input.defaultValue, { amountMicros: null, currencyCode: "'RUB'" });
    assert.deepEqual(building.relation, {
      type: 'MANY_TO_ONE',
      targetObject: 'building',
      targetFieldName: 'units',
      targetFieldLabel: 'Units',
    });
    const externalCode = find('unit', 'externalCode');
    assert.equal(externalCode?.kind === 'createField' && externalCode.input.isUnique, true);
  });

  it('produces a plan that survives JSON unchanged', () => {
    const plan = planProvisioning(
      registry,
      workspace([...standard, { name: 'unit', fields: [{ name: 'floor', type: 'TEXT' }] }]),
    );
    assert.deepEqual(JSON.parse(JSON.stringify(plan)), plan);
  });

  it('for any mix of existing fields, creates exactly the missing ones and flags exactly the retyped ones', () => {
    const declared = registryObjects.flatMap((o) =>
      Object.entries(o.fields as FieldMap).map(([name, field]) => ({ object: o.nameSingular, name, field })),
    );
    const state = fc.constantFrom('absent', 'same', 'other');
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: registryObjects.length, maxLength: registryObjects.length }),
        fc.array(state, { minLength: declared.length, maxLength: declared.length }),
        (present, states) => {
          const fixtures: ObjectFixture[] = [...standard];
          registryObjects.forEach((o, i) => {
            if (!present[i]) return;
            const fields: FieldFixture[] = [];
            declared.forEach((d, j) => {
              if (d.object !== o.nameSingular || d.name === 'name' || states[j] === 'absent') return;
              const relation = d.field.relation
                ? {
                    type: 'MANY_TO_ONE',
                    targetObjectMetadata: {
                      nameSingular:
                        typeof d.field.relation.target === 'string'
                          ? d.field.relation.target
                          : (d.field.relation.target as { nameSingular: string }).nameSingular,
                    },
                  }
                : undefined;
              const type =
                states[j] === 'same' ? d.field.type : d.field.type === 'RAW_JSON' ? 'TEXT' : 'RAW_JSON';
              const options = d.field.options?.map((x) => ({ value: x.value, label: x.label }));
              fields.push({
                name: d.name,
                type,
                ...(relation && states[j] === 'same' && { relation }),
                ...(options && { options }),
              });
            });
            fixtures.push({ name: o.nameSingular, plural: o.namePlural, fields });
          });
          const plan = planProvisioning(registry, workspace(fixtures));
          const keys = stepKeys(plan.steps);
          for (const step of plan.steps)
            assert.ok(['createObject', 'createField', 'createRelation'].includes(step.kind), step.kind);
          declared.forEach((d, j) => {
            const objectPresent = present[registryObjects.findIndex((o) => o.nameSingular === d.object)];
            const planned = keys.filter((k) => k.endsWith(` ${d.object}.${d.name}`)).length;
            const conflicted = plan.conflicts.filter(
              (c) => c.object === d.object && c.field === d.name,
            ).length;
            const missing = d.name !== 'name' && (!objectPresent || states[j] === 'absent');
            const retyped = objectPresent && d.name !== 'name' && states[j] === 'other';
            assert.equal(planned, missing ? 1 : 0, `${d.object}.${d.name} planned`);
            assert.equal(conflicted, retyped ? 1 : 0, `${d.object}.${d.name} conflicts`);
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
