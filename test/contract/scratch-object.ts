/**
 * Throw-away custom objects for contract tests (C15 metadata API). Each has a
 * unique name so the suite is safe against a real workspace, and is removed in
 * `after()`. Real Twenty refuses to delete active metadata ("Active fields can't
 * be deleted"), so removal deactivates first.
 */
import assert from 'node:assert/strict';
import type { ContractTarget } from './targets';
import { describeResponse, expectStatus, isObject, type Json, recordOf, uniqueName } from './wire-assertions';

export interface FieldSpec {
  type: string;
  name: string;
  label?: string;
  options?: { value: string; label: string; color: string; position: number }[];
  defaultValue?: unknown;
  isUnique?: boolean;
  isNullable?: boolean;
  relationCreationPayload?: {
    type: 'MANY_TO_ONE' | 'ONE_TO_MANY';
    targetObjectMetadataId: string;
    targetFieldLabel: string;
    targetFieldIcon: string;
  };
}

export interface ScratchObject {
  id: string;
  nameSingular: string;
  namePlural: string;
  fieldIds: Record<string, string>;
  /** `create<Singular>` etc.: only the first letter is capitalised (C3). */
  capitalSingular: string;
  capitalPlural: string;
  addField(spec: FieldSpec): Promise<Json>;
  remove(): Promise<void>;
}

export function label(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

export async function createScratchObject(
  target: ContractTarget,
  prefix: string,
  fields: FieldSpec[] = [],
): Promise<ScratchObject> {
  const nameSingular = uniqueName(prefix);
  const namePlural = `${nameSingular}s`;
  const res = await target.http('POST', '/rest/metadata/objects', {
    body: { nameSingular, namePlural, labelSingular: label(nameSingular), labelPlural: label(namePlural) },
  });
  expectStatus(res, 201);
  const created = recordOf(res, 'createOneObject');
  assert.equal(typeof created.id, 'string', `createOneObject without id: ${describeResponse(res)}`);
  const id = created.id as string;

  const fieldIds: Record<string, string> = {};
  const scratch: ScratchObject = {
    id,
    nameSingular,
    namePlural,
    fieldIds,
    capitalSingular: label(nameSingular),
    capitalPlural: label(namePlural),
    async addField(spec) {
      const field = await createField(target, id, spec);
      fieldIds[spec.name] = field.id as string;
      return field;
    },
    remove: () => removeObject(target, id),
  };
  for (const spec of fields) await scratch.addField(spec);
  return scratch;
}

export async function createField(
  target: ContractTarget,
  objectMetadataId: string,
  spec: FieldSpec,
): Promise<Json> {
  const res = await target.http('POST', '/rest/metadata/fields', {
    body: { objectMetadataId, label: label(spec.name), ...spec },
  });
  expectStatus(res, 201);
  const field = recordOf(res, 'createOneField');
  assert.equal(typeof field.id, 'string', `createOneField without id: ${describeResponse(res)}`);
  return field;
}

/** Best effort: cleanup must not hide the real failure of a test. */
export async function removeObject(target: ContractTarget, id: string): Promise<void> {
  try {
    await target.http('PATCH', `/rest/metadata/objects/${id}`, { body: { isActive: false } });
    await target.http('DELETE', `/rest/metadata/objects/${id}`);
  } catch (error) {
    console.error(`[contract] could not remove scratch object ${id}:`, error);
  }
}

/** The object's metadata with its fields (`GET /rest/metadata/objects/{id}` → `data.object`). */
export async function objectMetadata(target: ContractTarget, id: string): Promise<Json & { fields: Json[] }> {
  const res = await target.http('GET', `/rest/metadata/objects/${id}`);
  expectStatus(res, 200);
  const object = recordOf(res, 'object');
  const fields = object.fields;
  assert.ok(Array.isArray(fields), `object.fields is not an array: ${describeResponse(res)}`);
  for (const f of fields)
    assert.ok(isObject(f), `object.fields holds a non-object: ${describeResponse(res)}`);
  return object as Json & { fields: Json[] };
}

/** Standard objects (person, company…) are looked up by name in the object list. */
export async function objectIdByName(target: ContractTarget, nameSingular: string): Promise<string> {
  const res = await target.http('GET', '/rest/metadata/objects', { query: { limit: 1000 } });
  expectStatus(res, 200);
  const body = res.body as Json;
  const data = body.data as Json;
  const objects = data.objects as Json[];
  const found = objects.find((o) => o.nameSingular === nameSingular);
  assert.ok(found, `no object '${nameSingular}' in /rest/metadata/objects`);
  return found.id as string;
}
