/**
 * The data-model API: /rest/metadata/objects and /rest/metadata/fields
 * (contract C14, C15). Twenty serves it as a proxy onto its metadata GraphQL,
 * hence the `createOneObject` / `updateOneField` / `deleteOneObject` keys.
 */
import { z } from 'zod';
import { pageInfoSchema, parseWith, pickData } from './envelopes';
import type { Transport, TransportRequest } from './transport';

export const fieldMetadataSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  label: z.string().optional(),
  description: z.string().nullable().optional(),
  icon: z.string().nullable().optional(),
  isCustom: z.boolean().optional(),
  isActive: z.boolean().optional(),
  isSystem: z.boolean().optional(),
  isNullable: z.boolean().nullable().optional(),
  isUnique: z.boolean().nullable().optional(),
  defaultValue: z.unknown().optional(),
  options: z
    .array(z.looseObject({ value: z.string(), label: z.string().optional() }))
    .nullable()
    .optional(),
  settings: z.unknown().optional(),
  objectMetadataId: z.string().optional(),
});
export type FieldMetadata = z.infer<typeof fieldMetadataSchema>;

export const objectMetadataSchema = z.looseObject({
  id: z.string(),
  nameSingular: z.string(),
  namePlural: z.string(),
  labelSingular: z.string().optional(),
  labelPlural: z.string().optional(),
  description: z.string().nullable().optional(),
  icon: z.string().nullable().optional(),
  isCustom: z.boolean().optional(),
  isActive: z.boolean().optional(),
  isSystem: z.boolean().optional(),
  fields: z.array(fieldMetadataSchema).optional(),
});
export type ObjectMetadata = z.infer<typeof objectMetadataSchema>;

export interface CreateObjectInput {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description?: string;
  icon?: string;
  [key: string]: unknown;
}

export interface RelationCreationPayload {
  type: 'MANY_TO_ONE' | 'ONE_TO_MANY';
  targetObjectMetadataId: string;
  targetFieldLabel: string;
  targetFieldIcon?: string;
  targetFieldName?: string;
}

export interface CreateFieldInput {
  objectMetadataId: string;
  type: string;
  name: string;
  label: string;
  description?: string;
  icon?: string;
  isNullable?: boolean;
  isUnique?: boolean;
  defaultValue?: unknown;
  options?: Array<{ value: string; label: string; color?: string; position?: number; id?: string }>;
  settings?: unknown;
  relationCreationPayload?: RelationCreationPayload;
  [key: string]: unknown;
}

export interface MetadataApi {
  objects: {
    /** Every object with its fields, all pages read. */
    list(): Promise<ObjectMetadata[]>;
    get(id: string): Promise<ObjectMetadata>;
    create(input: CreateObjectInput): Promise<ObjectMetadata>;
    update(id: string, patch: Partial<CreateObjectInput> & { isActive?: boolean }): Promise<ObjectMetadata>;
    delete(id: string): Promise<{ id: string }>;
  };
  fields: {
    create(input: CreateFieldInput): Promise<FieldMetadata>;
    update(
      id: string,
      patch: Partial<Omit<CreateFieldInput, 'objectMetadataId' | 'type'>> & { isActive?: boolean },
    ): Promise<FieldMetadata>;
    delete(id: string): Promise<{ id: string }>;
  };
}

const objectListEnvelope = z.object({
  data: z.object({ objects: z.array(objectMetadataSchema) }),
  pageInfo: pageInfoSchema.partial().optional(),
  totalCount: z.number().optional(),
});
const deletedSchema = z.looseObject({ id: z.string() });

export function createMetadataApi(
  transport: Transport,
  hooks: { onObjectsChanged?: () => void } = {},
): MetadataApi {
  const changed = () => hooks.onObjectsChanged?.();
  const call = async (req: TransportRequest) => transport.request(req);

  return {
    objects: {
      async list() {
        const all: ObjectMetadata[] = [];
        let after: string | undefined;
        for (;;) {
          const req: TransportRequest = {
            method: 'GET',
            path: '/rest/metadata/objects',
            query: { starting_after: after },
          };
          const body = parseWith(
            await call(req),
            objectListEnvelope,
            '{ data: { objects: [...] }, pageInfo }',
            req,
          );
          all.push(...body.data.objects);
          const next = body.pageInfo?.endCursor ?? body.data.objects.at(-1)?.id;
          if (!body.pageInfo?.hasNextPage || !next || next === after || body.data.objects.length === 0)
            return all;
          after = next;
        }
      },
      async get(id) {
        const req: TransportRequest = {
          method: 'GET',
          path: `/rest/metadata/objects/${encodeURIComponent(id)}`,
        };
        return pickData(await call(req), ['object'], objectMetadataSchema, req);
      },
      async create(input) {
        const req: TransportRequest = { method: 'POST', path: '/rest/metadata/objects', body: input };
        const created = pickData(await call(req), ['createOneObject'], objectMetadataSchema, req);
        changed();
        return created;
      },
      async update(id, patch) {
        const req: TransportRequest = {
          method: 'PATCH',
          path: `/rest/metadata/objects/${encodeURIComponent(id)}`,
          body: patch,
        };
        const updated = pickData(await call(req), ['updateOneObject'], objectMetadataSchema, req);
        changed();
        return updated;
      },
      async delete(id) {
        const req: TransportRequest = {
          method: 'DELETE',
          path: `/rest/metadata/objects/${encodeURIComponent(id)}`,
        };
        const deleted = pickData(await call(req), ['deleteOneObject'], deletedSchema, req);
        changed();
        return { id: deleted.id };
      },
    },
    fields: {
      async create(input) {
        const req: TransportRequest = { method: 'POST', path: '/rest/metadata/fields', body: input };
        return pickData(await call(req), ['createOneField'], fieldMetadataSchema, req);
      },
      async update(id, patch) {
        const req: TransportRequest = {
          method: 'PATCH',
          path: `/rest/metadata/fields/${encodeURIComponent(id)}`,
          body: patch,
        };
        return pickData(await call(req), ['updateOneField'], fieldMetadataSchema, req);
      },
      async delete(id) {
        const req: TransportRequest = {
          method: 'DELETE',
          path: `/rest/metadata/fields/${encodeURIComponent(id)}`,
        };
        const deleted = pickData(await call(req), ['deleteOneField'], deletedSchema, req);
        return { id: deleted.id };
      },
    },
  };
}
