/**
 * The mapping file an admin edits (`--init-mapping` writes the default one,
 * `--mapping map.json` reads it): per source object its target object (rename,
 * retarget) or `skip`, and per column the target field (`"name"`, a part of a
 * composite field `"address.addressCity"`, `null` to drop it, or an object with
 * the type of a field to create and a translation of values).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const FIELD_TYPES = [
  'TEXT',
  'NUMBER',
  'NUMERIC',
  'BOOLEAN',
  'DATE',
  'DATE_TIME',
  'SELECT',
  'MULTI_SELECT',
  'CURRENCY',
  'PHONES',
  'EMAILS',
  'ADDRESS',
  'FULL_NAME',
  'LINKS',
  'RICH_TEXT_V2',
  'RELATION',
] as const;

export const fieldMappingSchema = z.union([
  z.null(),
  z.string().min(1),
  z.strictObject({
    to: z.string().min(1),
    type: z.enum(FIELD_TYPES).optional(),
    /** RELATION: the Twenty object it points at. */
    object: z.string().optional(),
    /** Source value → target value (SELECT options, access levels …). */
    values: z.record(z.string(), z.string()).optional(),
    label: z.string().optional(),
  }),
]);
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

export const objectMappingSchema = z.strictObject({
  target: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]*$/)
    .optional(),
  skip: z.union([z.boolean(), z.string()]).optional(),
  label: z.string().optional(),
  fields: z.record(z.string(), fieldMappingSchema).optional(),
  /** Columns not listed: 'create' fields for them, or 'skip' them (reported as unmapped). */
  otherColumns: z.enum(['create', 'skip']).optional(),
});
export type ObjectMapping = z.infer<typeof objectMappingSchema>;

export const mappingFileSchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(1).default(1),
  objects: z.record(z.string(), objectMappingSchema),
});
export type MappingFile = z.infer<typeof mappingFileSchema>;

export class MappingFileError extends Error {}

export async function readMappingFile(path: string): Promise<MappingFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new MappingFileError(`cannot read the mapping ${path}: ${(error as Error).message}`);
  }
  const parsed = mappingFileSchema.safeParse(raw);
  if (!parsed.success)
    throw new MappingFileError(
      `mapping ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

export function normaliseField(
  mapping: FieldMapping,
): { to: string; type?: string; object?: string; values?: Record<string, string>; label?: string } | null {
  if (mapping === null) return null;
  if (typeof mapping === 'string') return { to: mapping };
  return mapping;
}
