/**
 * Who an agency user is right now, read fresh from the read model on every
 * request (no cache: a grant withdrawn or a user deactivated in Twenty counts
 * from the next request after its webhook): the user, their agency and the
 * agency's grants active today — one statement through the gateway's reader,
 * over this plugin's own objects only. The restrictions (partner-restrictions.ts)
 * turn the grants into rules over the registry's places.
 */
import type { PartnerScope, ScopedReader } from '../../core/access/index';
import { type GrantRow, scopeFromGrants, toPartnerScope } from '../rules/scope';

export const GATEWAY_OBJECTS = ['agencyUser', 'agency', 'agencyAccess'] as const;

export interface PartnerUserRow {
  id: string;
  agencyId: string | null;
  active: boolean | null;
  email: string | null;
  name: string | null;
}

export interface PartnerAgencyRow {
  id: string;
  name: string | null;
  status: string | null;
  accreditedUntil: string | null;
}

export interface ResolvedPartner {
  user?: PartnerUserRow;
  agency?: PartnerAgencyRow;
  scope: PartnerScope;
}

const STATEMENT = `
with target as (
  select $1::uuid as user_id, coalesce($2::uuid, (select agency_id from {agencyUser} u0 where u0.id = $1::uuid)) as agency_id
),
grants as (
  select g.complex_id, g.building_id, g.section_id, g.kinds, g.statuses, g.valid_from, g.valid_to, g.field_level
    from {agencyAccess} g
   where g.agency_id = (select agency_id from target)
     -- Only grants in force today (Moscow): a withdrawn grant's places must not reach the scope.
     and (g.valid_from is null or g.valid_from <= $3::date)
     and (g.valid_to is null or g.valid_to >= $3::date)
)
select
  (select json_build_object('id', u.id, 'agencyId', u.agency_id, 'active', u.active, 'email', u.email, 'name', u.name)
     from {agencyUser} u where u.id = (select user_id from target)) as "user",
  (select json_build_object('id', a.id, 'name', a.name, 'status', a.status, 'accreditedUntil', a.accredited_until)
     from {agency} a where a.id = (select agency_id from target)) as agency,
  (select coalesce(json_agg(json_build_object(
     'complexId', g.complex_id, 'buildingId', g.building_id, 'sectionId', g.section_id, 'kinds', g.kinds,
     'statuses', g.statuses, 'validFrom', g.valid_from, 'validTo', g.valid_to, 'fieldLevel', g.field_level)), '[]')
     from grants g) as grants`;

const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

/** The user (by id) or only the agency (by id, `userId` null), with the scope in force on `today`. */
export async function resolvePartner(
  reader: ScopedReader,
  target: { userId: string | null; agencyId: string | null },
  today: string,
): Promise<ResolvedPartner> {
  const rows = await reader.query(STATEMENT, [target.userId, target.agencyId, today]);
  const row = rows[0] ?? {};
  const user = parse<PartnerUserRow | null>(row.user);
  const agency = parse<PartnerAgencyRow | null>(row.agency);
  const grants = parse<GrantRow[]>(row.grants) ?? [];
  return {
    ...(user ? { user } : {}),
    ...(agency ? { agency } : {}),
    scope: toPartnerScope(scopeFromGrants(grants, today)),
  };
}
