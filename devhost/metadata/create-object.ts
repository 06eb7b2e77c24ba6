/** Creating an object: its table, default fields and metadata rows, inside a metadata transaction. */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../db';
import { badRequest } from '../errors';
import { buildDefaultFields } from './default-fields';
import { insertFieldRow, insertObjectRow } from './metadata-cache';
import type { MetadataDraft } from './metadata-draft';
import { validateMetadataName } from './naming';
import { createTableSql, fieldIndexesSql, tableNameFor } from './schema-ddl';
import type { ObjectMeta } from './types';

export function assertObjectNamesFree(
  draft: MetadataDraft,
  nameSingular: string,
  namePlural: string,
  selfId?: string,
): void {
  validateMetadataName(nameSingular, 'nameSingular');
  validateMetadataName(namePlural, 'namePlural');
  if (nameSingular === namePlural)
    throw badRequest('The singular and plural names of an object must be different');
  for (const o of draft.objects) {
    if (o.id === selfId) continue;
    for (const name of [nameSingular, namePlural]) {
      if (o.nameSingular === name || o.namePlural === name)
        throw badRequest(`The name "${name}" is not available: object "${o.nameSingular}" uses it`);
    }
  }
}

export interface NewObjectSpec {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  description?: string | null;
  icon?: string | null;
  isCustom: boolean;
}

/** Creates the table and metadata of an object with its default fields (no relations). */
export async function createObjectTx(
  tx: Sql,
  draft: MetadataDraft,
  spec: NewObjectSpec,
  withName = true,
): Promise<ObjectMeta> {
  assertObjectNamesFree(draft, spec.nameSingular, spec.namePlural);
  const now = new Date().toISOString();
  const id = randomUUID();
  const object: ObjectMeta = {
    id,
    nameSingular: spec.nameSingular,
    namePlural: spec.namePlural,
    labelSingular: spec.labelSingular,
    labelPlural: spec.labelPlural,
    description: spec.description ?? null,
    icon: spec.icon ?? null,
    isCustom: spec.isCustom,
    isSystem: false,
    isActive: true,
    tableName: tableNameFor(spec.nameSingular),
    fields: buildDefaultFields(id, { withName }),
    createdAt: now,
    updatedAt: now,
  };
  await tx.exec(createTableSql(object));
  for (const field of object.fields) for (const stmt of fieldIndexesSql(object, field)) await tx.exec(stmt);
  await insertObjectRow(tx, object);
  for (const field of object.fields) await insertFieldRow(tx, field);
  draft.objects.push(object);
  return object;
}
