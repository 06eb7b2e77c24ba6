/**
 * The target workspace's data model, read once through the metadata API and
 * extended as a migration needs: custom objects for source objects without a
 * Twenty counterpart, fields (types inferred or declared), SELECT options
 * added as values appear, and the unique source-id field on every target.
 */

import { RESERVED_METADATA_NAMES } from '../../plugins/core/index';
import { type FieldMetadata, type ObjectMetadata, pluralize, type TwentyClient } from '../../sdk/index';
import { type FieldType, optionValueOf } from './values';

export interface TargetField {
  id: string;
  name: string;
  type: string;
  isUnique: boolean;
  description?: string;
  options: { id?: string; value: string; label: string; color?: string; position?: number }[];
  /** RELATION many-to-one: the object it points at. */
  relationTarget?: string;
  relationType?: string;
}

export interface TargetObject {
  id: string;
  nameSingular: string;
  namePlural: string;
  description: string;
  fields: Map<string, TargetField>;
}

export interface NewField {
  name: string;
  label: string;
  type: FieldType;
  isUnique?: boolean;
  options?: { value: string; label: string }[];
  relationTarget?: string;
  description?: string;
}

const COLORS = ['blue', 'green', 'orange', 'purple', 'sky', 'turquoise', 'yellow', 'pink', 'red', 'gray'];

function toField(f: FieldMetadata): TargetField {
  const relation = (f as { relation?: { type?: string; targetObjectMetadata?: { nameSingular?: string } } })
    .relation;
  return {
    id: f.id,
    name: f.name,
    type: f.type,
    isUnique: f.isUnique === true,
    description: f.description ?? undefined,
    options: (f.options ?? []).map((o) => ({ ...o, label: o.label ?? o.value })),
    relationTarget: relation?.targetObjectMetadata?.nameSingular,
    relationType: relation?.type,
  };
}

function toObject(o: ObjectMetadata): TargetObject {
  return {
    id: o.id,
    nameSingular: o.nameSingular,
    namePlural: o.namePlural,
    description: o.description ?? '',
    fields: new Map((o.fields ?? []).map((f) => [f.name, toField(f)])),
  };
}

export function isAvailableName(name: string): boolean {
  return /^[a-z][a-zA-Z0-9]*$/.test(name) && name.length <= 63 && !RESERVED_METADATA_NAMES.has(name);
}

export class Workspace {
  readonly objects = new Map<string, TargetObject>();

  private constructor(
    private readonly client: TwentyClient,
    private readonly dryRun: boolean,
  ) {}

  static async load(client: TwentyClient, options: { dryRun: boolean }): Promise<Workspace> {
    const ws = new Workspace(client, options.dryRun);
    for (const o of await client.metadata.objects.list())
      if (o.isActive !== false) ws.objects.set(o.nameSingular, toObject(o));
    return ws;
  }

  object(name: string): TargetObject | undefined {
    return this.objects.get(name);
  }

  /** A custom object (with the given description as its marker); in a dry run only remembered. */
  async ensureObject(name: string, label: string, description: string): Promise<TargetObject> {
    const existing = this.objects.get(name);
    if (existing) return existing;
    const labelPlural = `${label}s`;
    let created: TargetObject;
    if (this.dryRun) {
      created = {
        id: `dry:${name}`,
        nameSingular: name,
        namePlural: pluralize(name),
        description,
        fields: new Map(),
      };
      created.fields.set('name', { id: 'dry', name: 'name', type: 'TEXT', isUnique: false, options: [] });
    } else {
      const o = await this.client.metadata.objects.create({
        nameSingular: name,
        namePlural: pluralize(name),
        labelSingular: label,
        labelPlural,
        description,
        icon: 'IconDatabaseImport',
      });
      created = toObject(await this.client.metadata.objects.get(o.id).catch(() => o));
    }
    this.objects.set(name, created);
    return created;
  }

  async ensureField(objectName: string, spec: NewField): Promise<TargetField> {
    const object = this.objects.get(objectName);
    if (!object) throw new Error(`object ${objectName} is not in the workspace`);
    const existing = object.fields.get(spec.name) ?? object.fields.get(`${spec.name}Id`);
    if (existing) return existing;
    let field: TargetField;
    if (this.dryRun) {
      field = {
        id: `dry:${spec.name}`,
        name: spec.name,
        type: spec.type,
        isUnique: spec.isUnique === true,
        description: spec.description,
        options: spec.options ?? [],
        relationTarget: spec.relationTarget,
        relationType: spec.relationTarget ? 'MANY_TO_ONE' : undefined,
      };
    } else if (spec.type === 'RELATION') {
      const target = this.objects.get(spec.relationTarget ?? '');
      if (!target) throw new Error(`relation ${objectName}.${spec.name}: no object ${spec.relationTarget}`);
      const created = await this.client.metadata.fields.create({
        objectMetadataId: object.id,
        type: 'RELATION',
        name: spec.name,
        label: spec.label,
        description: spec.description,
        relationCreationPayload: {
          type: 'MANY_TO_ONE',
          targetObjectMetadataId: target.id,
          targetFieldLabel: `${spec.label} of ${objectName}`.slice(0, 60),
          targetFieldIcon: 'IconLink',
        },
      });
      field = { ...toField(created), relationTarget: target.nameSingular, relationType: 'MANY_TO_ONE' };
      await this.reloadObject(target.nameSingular);
    } else {
      const taken = new Set<string>();
      const options = spec.options?.map((o, i) => {
        let value = o.value || optionValueOf(o.label);
        for (let n = 2; taken.has(value); n++) value = `${optionValueOf(o.label)}_${n}`;
        taken.add(value);
        return { value, label: o.label, color: COLORS[i % COLORS.length], position: i };
      });
      const created = await this.client.metadata.fields.create({
        objectMetadataId: object.id,
        type: spec.type,
        name: spec.name,
        label: spec.label,
        description: spec.description,
        isUnique: spec.isUnique,
        isNullable: true,
        ...(options && options.length > 0 ? { options } : {}),
      });
      field = toField(created);
    }
    object.fields.set(field.name, field);
    return field;
  }

  /** Adds the options a SELECT / MULTI_SELECT field lacks (by label or value); returns label → value. */
  async ensureOptions(
    objectName: string,
    fieldName: string,
    labels: Iterable<string>,
  ): Promise<Map<string, string>> {
    const field = this.objects.get(objectName)?.fields.get(fieldName);
    if (!field) throw new Error(`field ${objectName}.${fieldName} is missing`);
    const byKey = new Map<string, string>();
    for (const o of field.options) {
      byKey.set(o.label.toLowerCase(), o.value);
      byKey.set(o.value.toLowerCase(), o.value);
    }
    const taken = new Set(field.options.map((o) => o.value));
    const added: { value: string; label: string }[] = [];
    for (const label of labels) {
      if (byKey.has(label.toLowerCase()) || byKey.has(optionValueOf(label).toLowerCase())) {
        byKey.set(
          label.toLowerCase(),
          byKey.get(label.toLowerCase()) ?? (byKey.get(optionValueOf(label).toLowerCase()) as string),
        );
        continue;
      }
      let value = optionValueOf(label);
      for (let n = 2; taken.has(value); n++) value = `${optionValueOf(label)}_${n}`;
      taken.add(value);
      added.push({ value, label });
      byKey.set(label.toLowerCase(), value);
    }
    if (added.length > 0) {
      const options = [
        ...field.options.map((o, i) => ({ ...o, position: o.position ?? i })),
        ...added.map((o, i) => ({
          ...o,
          color: COLORS[(field.options.length + i) % COLORS.length],
          position: field.options.length + i,
        })),
      ];
      if (!this.dryRun) {
        const updated = await this.client.metadata.fields.update(field.id, { options });
        field.options = toField(updated).options;
      } else field.options = options;
    }
    return byKey;
  }

  private async reloadObject(name: string): Promise<void> {
    const o = this.objects.get(name);
    if (!o || this.dryRun) return;
    this.objects.set(name, toObject(await this.client.metadata.objects.get(o.id)));
  }

  /** Re-reads objects after creating fields (relation inverses, defaults Twenty adds). */
  async refresh(): Promise<void> {
    if (this.dryRun) return;
    for (const o of await this.client.metadata.objects.list())
      if (o.isActive !== false) {
        const fresh = toObject(o);
        const known = this.objects.get(o.nameSingular);
        if (known)
          for (const [name, f] of known.fields) if (!fresh.fields.has(name)) fresh.fields.set(name, f);
        this.objects.set(o.nameSingular, fresh);
      }
  }
}
