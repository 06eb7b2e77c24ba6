/**
 * Creates the standard objects of a fresh workspace (standard-objects.ts) with
 * their tables, in one transaction, through the same code path as the API.
 */
import type { Sql } from '../db';
import { createObjectTx } from './create-object';
import { newField } from './default-fields';
import type { MetadataCache } from './metadata-cache';
import { addFieldTx, addRelationTx, MetadataDraft, RECORDS_SCHEMA_SQL } from './metadata-draft';
import { parseSelectOptions } from './select-options';
import { STANDARD_OBJECTS } from './standard-objects';

export async function installStandardObjects(sql: Sql, cache: MetadataCache): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.exec(RECORDS_SCHEMA_SQL);
    const draft = new MetadataDraft(cache);
    for (const spec of STANDARD_OBJECTS) {
      const object = await createObjectTx(tx, draft, { ...spec, isCustom: false }, false);
      for (const f of spec.fields) {
        const field = newField(object.id, {
          name: f.name,
          label: f.label,
          type: f.type,
          icon: f.icon ?? null,
          isUnique: f.isUnique ?? false,
          defaultValue: f.defaultValue ?? null,
          options: f.options ? parseSelectOptions(f.type, f.options) : null,
        });
        await addFieldTx(tx, object, field);
      }
    }
    for (const spec of STANDARD_OBJECTS) {
      const source = draft.bySingular(spec.nameSingular);
      for (const r of spec.relations) {
        const target = draft.bySingular(r.target);
        if (!source || !target)
          throw new Error(`standard relation ${spec.nameSingular}.${r.name} → ${r.target}: object missing`);
        await addRelationTx(tx, {
          source,
          target,
          type: 'MANY_TO_ONE',
          name: r.name,
          label: r.label,
          inverseName: r.inverseName,
          inverseLabel: r.inverseLabel,
          isCustom: false,
        });
      }
    }
  });
  await cache.reload(sql);
}
