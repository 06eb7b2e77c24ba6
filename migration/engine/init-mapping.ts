/**
 * `--init-mapping FILE`: the plan an export would get, written as the mapping
 * file an admin edits — every table with its target, every column with its
 * field (or null and why), so renaming, skipping and retargeting are edits of
 * a file that already says everything.
 */
import { writeFile } from 'node:fs/promises';
import type { FieldMapping, MappingFile } from './mapping-file';
import type { Plan } from './plan-types';

export function planToMapping(plan: Plan): MappingFile {
  const objects: MappingFile['objects'] = {};
  for (const [table, rule] of [...plan.rules].sort(([a], [b]) => a.localeCompare(b))) {
    if (rule.skip) {
      objects[table] = { skip: rule.skip };
      continue;
    }
    const fields: Record<string, FieldMapping> = {};
    for (const f of rule.fields) {
      const to = f.sub ? `${f.field}.${f.sub}` : f.field;
      fields[f.column] =
        f.create || f.values
          ? {
              to,
              type: f.type as never,
              ...(f.relationTarget && f.create ? { object: f.relationTarget } : {}),
              ...(f.values ? { values: f.values } : {}),
              ...(f.create ? { label: f.create.label } : {}),
            }
          : to;
    }
    for (const [role, columns] of Object.entries(rule.roles)) for (const c of columns) fields[c] = role;
    for (const u of rule.unmapped) fields[u.column] = null;
    objects[table] = {
      ...(rule.special === 'users' ? {} : { target: rule.target }),
      ...(rule.createObject ? { label: rule.createObject.label } : {}),
      fields,
      otherColumns: 'skip',
    };
  }
  return {
    $comment:
      'realty migrate mapping: per source object its Twenty target (rename/retarget) or "skip"; per column a field ("name", "address.addressCity"), null to drop it, or { to, type, object, values } to create/translate. "@targets" = polymorphic links (task/note targets).',
    version: 1,
    objects,
  };
}

export async function writeMappingFile(path: string, plan: Plan): Promise<void> {
  await writeFile(path, `${JSON.stringify(planToMapping(plan), null, 2)}\n`);
}
