/**
 * Twenty's response envelopes (contract C3, C15), checked with zod. Twenty
 * names the data key after the operation and the object, capitalising only
 * the first letter (`createPerson`, `createPeople`, `createUnitChange`);
 * where versions differ, several keys are accepted.
 */
import { z } from 'zod';
import { TwentyResponseShapeError } from './errors';
import type { TwentyRecord } from './types';

export const recordSchema = z.looseObject({
  id: z.string(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  deletedAt: z.string().nullable().optional(),
});

export const pageInfoSchema = z.object({
  hasNextPage: z.boolean(),
  hasPreviousPage: z.boolean().optional(),
  startCursor: z.string().nullable().optional(),
  endCursor: z.string().nullable().optional(),
});

export function capitalizeFirst(name: string): string {
  return name.length === 0 ? name : name[0].toUpperCase() + name.slice(1);
}

export interface CallSite {
  method: string;
  path: string;
}

/** Reads `body.data[key]` for the first of `keys` present and parses it. */
export function pickData<S extends z.ZodType>(
  body: unknown,
  keys: readonly string[],
  schema: S,
  site: CallSite,
): z.infer<S> {
  const expected = `{ data: { ${keys.join(' | ')} } }`;
  const outer = z.object({ data: z.record(z.string(), z.unknown()) }).safeParse(body);
  if (!outer.success) {
    throw new TwentyResponseShapeError({
      ...site,
      expected,
      issues: [`no "data" object in ${preview(body)}`],
    });
  }
  const key = keys.find((k) => k in outer.data.data);
  if (key === undefined) {
    const present = Object.keys(outer.data.data);
    throw new TwentyResponseShapeError({
      ...site,
      expected,
      issues: [`data has ${present.length > 0 ? present.join(', ') : 'no keys'}`],
    });
  }
  const inner = schema.safeParse(outer.data.data[key]);
  if (!inner.success) {
    throw new TwentyResponseShapeError({ ...site, expected, issues: zodIssues(inner.error, `data.${key}`) });
  }
  return inner.data;
}

export function parseWith<S extends z.ZodType>(
  body: unknown,
  schema: S,
  expected: string,
  site: CallSite,
): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new TwentyResponseShapeError({ ...site, expected, issues: zodIssues(parsed.error) });
  return parsed.data;
}

export function zodIssues(error: z.ZodError, prefix?: string): string[] {
  return error.issues.map((i) => {
    const path = [...(prefix ? [prefix] : []), ...i.path.map(String)].join('.');
    return `${path || '(body)'}: ${i.message}`;
  });
}

export const recordOrRecords = z.union([recordSchema, z.array(recordSchema).min(1)]);

/** A single create may come back as `create<Singular>: {}` or `create<Plural>: [{}]`. */
export function firstRecord(value: z.infer<typeof recordOrRecords>): TwentyRecord {
  return (Array.isArray(value) ? value[0] : value) as TwentyRecord;
}

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text === undefined ? String(body) : text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
