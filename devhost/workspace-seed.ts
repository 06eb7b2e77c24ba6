/**
 * First-start contents of the workspace: the standard objects and the one
 * workspace member a fresh Twenty workspace has, its admin.
 */
import type { Sql } from './db';
import { installStandardObjects } from './metadata/install-standard-objects';
import type { MetadataCache } from './metadata/metadata-cache';

export const ADMIN_MEMBER = { firstName: 'Admin', lastName: 'Realty', email: 'admin@realty.local' };

export async function seedWorkspaceIfEmpty(sql: Sql, cache: MetadataCache): Promise<void> {
  if (cache.all().length > 0) return;
  await installStandardObjects(sql, cache);
  const member = cache.findBySingular('workspaceMember');
  if (!member) throw new Error('standard object workspaceMember is missing after install');
  await sql.query(
    `INSERT INTO ${member.tableName} ("nameFirstName", "nameLastName", "userEmail", "userId", "createdBySource", "createdByName", "updatedBySource", "updatedByName")
     VALUES ($1, $2, $3, gen_random_uuid(), 'SYSTEM', 'System', 'SYSTEM', 'System')`,
    [ADMIN_MEMBER.firstName, ADMIN_MEMBER.lastName, ADMIN_MEMBER.email],
  );
}
