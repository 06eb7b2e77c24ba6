/**
 * An optional describe JSON (`--describe FILE.json`): Salesforce's
 * `describeSObject` results — one object `{ name, fields: [{ name, type,
 * referenceTo }] }`, an array of them, or `{ "<Object>": { fields: [...] } }` —
 * gives field types instead of inferring them from the data.
 */
import { readFile } from 'node:fs/promises';
import type { DescribedField } from './plan';

export async function readDescribe(path: string): Promise<Map<string, Map<string, DescribedField>>> {
  const raw = JSON.parse(await readFile(path, 'utf8')) as unknown;
  const out = new Map<string, Map<string, DescribedField>>();
  const add = (name: string, value: unknown) => {
    const fields = (value as { fields?: DescribedField[] })?.fields;
    if (!Array.isArray(fields)) return;
    out.set(
      name,
      new Map(
        fields
          .filter((f) => f && typeof f.name === 'string' && typeof f.type === 'string')
          .map((f) => [f.name, f]),
      ),
    );
  };
  const list = Array.isArray(raw) ? raw : (raw as { sobjects?: unknown[] }).sobjects;
  if (Array.isArray(list)) for (const o of list) add(String((o as { name?: string }).name), o);
  else if (raw && typeof raw === 'object' && 'fields' in raw)
    add(String((raw as { name?: string }).name), raw);
  else if (raw && typeof raw === 'object') for (const [name, o] of Object.entries(raw)) add(name, o);
  if (out.size === 0)
    throw new Error(`${path}: no describe results found (expected { name, fields: [...] })`);
  return out;
}
