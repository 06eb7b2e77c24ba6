/**
 * A workspace made before devhost spoke era C (contract C22) has the older
 * attachment: no FILES field `file`, its records named by `<object>Id`. Like
 * Twenty's own attachment migration (IS_ATTACHMENT_MIGRATED), the upgrade adds
 * `file` and renames each target relation to its morph form
 * `target<Object>` (column `target<Object>Id`), keeping the links it holds.
 */
import type { Sql } from '../db';
import { newField } from './default-fields';
import type { MetadataCache } from './metadata-cache';
import { addFieldTx, saveField } from './metadata-draft';
import { attachmentTargetField } from './standard-objects';
import { quoteIdent } from './types';

export async function upgradeAttachments(sql: Sql, cache: MetadataCache): Promise<string[]> {
  const attachment = cache.findBySingular('attachment');
  if (!attachment || attachment.fields.some((f) => f.name === 'file')) return [];
  const renamed: string[] = [];
  await sql.transaction(async (tx) => {
    await addFieldTx(
      tx,
      attachment,
      newField(attachment.id, { name: 'file', label: 'File', type: 'FILES', icon: 'IconFile' }),
    );
    for (const field of attachment.fields) {
      if (field.type !== 'RELATION' || field.relation?.type !== 'MANY_TO_ONE') continue;
      if (field.name === 'author' || field.name.startsWith('target')) continue;
      const target = cache.findById(field.relation.targetObjectMetadataId);
      if (!target) continue;
      const name = attachmentTargetField(target.nameSingular);
      await tx.exec(
        `ALTER TABLE ${attachment.tableName} RENAME COLUMN ${quoteIdent(`${field.name}Id`)} TO ${quoteIdent(`${name}Id`)}`,
      );
      await saveField(tx, { ...field, name });
      renamed.push(`${field.name}Id → ${name}Id`);
    }
  });
  await cache.reload(sql);
  return renamed;
}
