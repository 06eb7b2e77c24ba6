/** Request bodies of the metadata API (Twenty's CreateObjectInput, CreateFieldInput, update inputs). */
import { z } from 'zod';
import { DevhostHttpError } from '../errors';
import { FIELD_TYPES } from './types';

export const createObjectInput = z.object({
  nameSingular: z.string(),
  namePlural: z.string(),
  labelSingular: z.string().min(1),
  labelPlural: z.string().min(1),
  description: z.string().nullish(),
  icon: z.string().nullish(),
});

const relationPayload = z.object({
  type: z.enum(['MANY_TO_ONE', 'ONE_TO_MANY']),
  targetObjectMetadataId: z.string().uuid(),
  targetFieldLabel: z.string().min(1),
  targetFieldIcon: z.string().nullish(),
  targetFieldName: z.string().nullish(),
});

export const createFieldInput = z.object({
  objectMetadataId: z.string().uuid(),
  type: z.enum(FIELD_TYPES),
  name: z.string(),
  label: z.string().min(1),
  description: z.string().nullish(),
  icon: z.string().nullish(),
  isNullable: z.boolean().nullish(),
  isUnique: z.boolean().nullish(),
  isActive: z.boolean().nullish(),
  defaultValue: z.unknown().optional(),
  options: z.unknown().optional(),
  settings: z.record(z.string(), z.unknown()).nullish(),
  relationCreationPayload: relationPayload.nullish(),
});

export const updateObjectInput = createObjectInput.partial().extend({ isActive: z.boolean().optional() });
export const updateFieldInput = createFieldInput
  .omit({ objectMetadataId: true, relationCreationPayload: true })
  .partial();

export function parseInput<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new DevhostHttpError(
    400,
    parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
  );
}
