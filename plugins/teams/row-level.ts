/**
 * Grants inside Twenty's own UI (C21). Every covered record carries `teamAccess` (its grantees'
 * workspace member ids). Where the workspace enforces row-level permissions — Twenty 2.x roles
 * with `rowLevelPermissionPredicates`, Enterprise plans — a role "Project team member" gets the
 * predicate `teamAccess CONTAINS <current workspace member's id>` on each covered object.
 * Detection asks Twenty's metadata GraphQL for the predicates: a schema without them (older
 * Twenty, devhost) or a refusal (no licence) means the field is written but not enforced there;
 * the project's pages and API enforce grants everywhere.
 * Sources: twenty-server metadata-modules/row-level-permission-predicate (resolver, upsert input).
 */
import type { TwentyClient } from '../../sdk/index';
import { COVERED_OBJECTS } from './vocabulary';

export const TEAM_ROLE_LABEL = 'Project team member';

export type RowLevelSupport =
  | { readonly supported: true }
  | { readonly supported: false; readonly reason: string };

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string }[];
}

async function metadataQuery<T>(
  twenty: TwentyClient,
  query: string,
  variables?: object,
): Promise<GraphqlAnswer<T>> {
  return twenty.request<GraphqlAnswer<T>>({
    method: 'POST',
    path: '/metadata',
    body: { query, ...(variables ? { variables } : {}) },
  });
}

/** Whether the workspace can enforce `teamAccess CONTAINS current member` in Twenty's UI. */
export async function detectRowLevelPermissions(twenty: TwentyClient): Promise<RowLevelSupport> {
  try {
    const answer = await metadataQuery<{ getRowLevelPermissionPredicates: unknown[] }>(
      twenty,
      'query { getRowLevelPermissionPredicates { id } }',
    );
    if (answer.data?.getRowLevelPermissionPredicates) return { supported: true };
    const message = answer.errors?.map((e) => e.message).join('; ') ?? 'no answer';
    return {
      supported: false,
      reason: /cannot query field/i.test(message)
        ? 'this Twenty has no row-level permissions (before 2.x)'
        : `Twenty refused row-level permissions (${message}); they need an Enterprise licence`,
    };
  } catch (error) {
    const status = (error as { status?: number }).status;
    return {
      supported: false,
      reason:
        status === 404
          ? 'this workspace has no metadata GraphQL endpoint (devhost or an old Twenty)'
          : `the metadata API did not answer (${(error as Error).message})`,
    };
  }
}

interface FieldMeta {
  id: string;
  name: string;
}
interface ObjectMeta {
  id: string;
  nameSingular: string;
  fields: FieldMeta[];
}

/**
 * Creates the role (once) and its predicates on each covered object. Returns what was done, one
 * line each; throws when Twenty refuses a step (the message names it).
 */
export async function provisionTeamAccessRole(
  twenty: TwentyClient,
  options: { dryRun?: boolean } = {},
): Promise<string[]> {
  const lines: string[] = [];
  const objects = await twenty.request<{ data: { objects: ObjectMeta[] } }>({
    method: 'GET',
    path: '/rest/metadata/objects',
  });
  const member = objects.data.objects.find((o) => o.nameSingular === 'workspaceMember');
  const memberId = member?.fields.find((f) => f.name === 'id');
  if (!memberId)
    throw new Error(
      'workspaceMember.id was not found in the metadata; cannot compare with the current member',
    );
  const roles = await metadataQuery<{ getRoles: { id: string; label: string }[] }>(
    twenty,
    'query { getRoles { id label } }',
  );
  let role = roles.data?.getRoles.find((r) => r.label === TEAM_ROLE_LABEL);
  if (!role) {
    if (options.dryRun) lines.push(`would create the role «${TEAM_ROLE_LABEL}»`);
    else {
      const created = await metadataQuery<{ createOneRole: { id: string; label: string } }>(
        twenty,
        'mutation($input: CreateRoleInput!) { createOneRole(createRoleInput: $input) { id label } }',
        {
          input: {
            label: TEAM_ROLE_LABEL,
            description:
              'Sees the records its project teams grant (teamAccess contains the member); kept by twenty-realty',
            canReadAllObjectRecords: true,
            canUpdateAllObjectRecords: true,
            canSoftDeleteAllObjectRecords: false,
            canDestroyAllObjectRecords: false,
          },
        },
      );
      role = created.data?.createOneRole;
      if (!role)
        throw new Error(
          `Twenty refused to create the role: ${created.errors?.map((e) => e.message).join('; ')}`,
        );
      lines.push(`created the role «${TEAM_ROLE_LABEL}»`);
    }
  }
  for (const name of COVERED_OBJECTS) {
    const object = objects.data.objects.find((o) => o.nameSingular === name);
    const field = object?.fields.find((f) => f.name === 'teamAccess');
    if (!object || !field) {
      lines.push(`${name}: no teamAccess field yet (run realty setup first)`);
      continue;
    }
    if (options.dryRun || !role) {
      lines.push(`${name}: would add the predicate teamAccess CONTAINS current member`);
      continue;
    }
    const answer = await metadataQuery<{ upsertRowLevelPermissionPredicates: unknown }>(
      twenty,
      'mutation($input: UpsertRowLevelPermissionPredicatesInput!) { upsertRowLevelPermissionPredicates(input: $input) { __typename } }',
      {
        input: {
          roleId: role.id,
          objectMetadataId: object.id,
          predicates: [
            { fieldMetadataId: field.id, operand: 'CONTAINS', workspaceMemberFieldMetadataId: memberId.id },
          ],
          predicateGroups: [],
        },
      },
    );
    if (answer.errors?.length)
      throw new Error(
        `${name}: Twenty refused the predicate: ${answer.errors.map((e) => e.message).join('; ')}`,
      );
    lines.push(`${name}: teamAccess CONTAINS current member`);
  }
  return lines;
}

/** What `realty setup` says about grants inside Twenty's UI. */
export async function teamAccessSetup(
  twenty: TwentyClient,
  options: { dryRun?: boolean } = {},
): Promise<string[]> {
  const support = await detectRowLevelPermissions(twenty);
  if (!support.supported)
    return [
      `teams: row-level permissions are not available — ${support.reason}.`,
      'teams: the teamAccess field is kept on deals, companies, contacts, tasks and notes (filter views by it);',
      'teams: grants are enforced in the project’s pages and API; Twenty’s own UI shows records by role.',
    ];
  const lines = await provisionTeamAccessRole(twenty, options);
  return [
    'teams: row-level permissions are available — Twenty’s UI hides records without a grant from members of the role:',
    ...lines.map((l) => `teams:   ${l}`),
    `teams: assign «${TEAM_ROLE_LABEL}» to the consultants in Twenty (Settings → Roles).`,
  ];
}
