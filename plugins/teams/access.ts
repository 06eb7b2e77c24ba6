/**
 * Who may see what (DESIGN.md "Access control"). Admins and the project itself see everything.
 * A non-admin staff member sees:
 * - a deal, company, contact, task or note, and the revenue plugin's records, when they hold a
 *   grant on it, own it (a deal's owner, a company's account owner, a task's assignee), or no
 *   project team reaches it at all (a record outside every project keeps the role's access);
 * - the teams, memberships, tags and grants of deals they hold a grant on, own or lead.
 * Partners and anonymous callers see none of it. The restrictions are ANDed onto the owners'
 * policies of those objects (`defineRestriction`), so every plugin's routes obey them.
 */
import {
  definePolicy,
  defineRestriction,
  type Principal,
  type RowFilter,
  type RowRule,
  type StaffPrincipal,
} from '../core/access/index';
import { projectTeam, projectTeamMember, projectTeamTarget, recordAccessGrant } from './schema';
import { COVERED_OBJECTS, REVENUE_OBJECTS } from './vocabulary';

const restricted = (p: Principal): p is StaffPrincipal => p.kind === 'staff' && p.role !== 'admin';

/** Rows of `object` the member holds a grant on. */
export function grantedTo(memberId: string, object: string, key = 'id'): RowFilter {
  return {
    inRecords: {
      key,
      object: 'recordAccessGrant',
      field: 'recordId',
      where: { memberId: [memberId], objectName: [object] },
    },
  };
}

/** Rows of `object` no project team reaches. */
export function reachedByNoTeam(object: string): RowFilter {
  return {
    not: { inRecords: { object: 'recordAccessGrant', field: 'recordId', where: { objectName: [object] } } },
  };
}

/** Twenty's owner-like field of each covered object. */
const OWNER_FIELD: Readonly<Record<string, string>> = {
  opportunity: 'ownerId',
  company: 'accountOwnerId',
  task: 'assigneeId',
};

export function staffRowRule(object: string, p: Principal): RowRule {
  if (!restricted(p)) return 'all';
  const owner = OWNER_FIELD[object];
  return {
    anyOf: [
      grantedTo(p.memberId, object),
      ...(owner ? [{ [owner]: [p.memberId] }] : []),
      reachedByNoTeam(object),
    ],
  };
}

export const teamsRestrictions = [
  ...COVERED_OBJECTS.map((object) =>
    defineRestriction(object, {
      description: `non-admin staff see a ${object} reached by a project team only with a grant (or as its owner)`,
      read: (p) => staffRowRule(object, p),
    }),
  ),
  ...REVENUE_OBJECTS.map((object) =>
    defineRestriction(object, {
      description: `non-admin staff see the ${object} of a team's deal only with a grant`,
      read: (p) => staffRowRule(object, p),
      whenPresent: true,
    }),
  ),
];

/** Teams whose deal the member holds a grant on, owns, or which they lead. */
export function visibleTeams(memberId: string): RowFilter {
  return {
    anyOf: [
      grantedTo(memberId, 'opportunity', 'opportunityId'),
      { 'opportunity.ownerId': [memberId] },
      { leadId: [memberId] },
    ],
  };
}

const inVisibleTeam = (memberId: string): RowFilter => ({
  inRecords: { key: 'teamId', object: 'projectTeam', field: 'id', where: visibleTeams(memberId) },
});

const byPrincipal =
  (rule: (memberId: string) => RowFilter) =>
  (p: Principal): RowRule =>
    p.kind === 'system' || (p.kind === 'staff' && p.role === 'admin')
      ? 'all'
      : p.kind === 'staff'
        ? rule(p.memberId)
        : 'none';

const staffWrites = (p: Principal) =>
  p.kind === 'staff' || p.kind === 'system' ? true : 'only staff change project teams';

export const teamsPolicies = [
  definePolicy(projectTeam, { read: byPrincipal(visibleTeams), write: staffWrites }),
  definePolicy(projectTeamMember, { read: byPrincipal(inVisibleTeam), write: staffWrites }),
  definePolicy(projectTeamTarget, { read: byPrincipal(inVisibleTeam), write: staffWrites }),
  definePolicy(recordAccessGrant, {
    read: byPrincipal(inVisibleTeam),
    // Grants are the plugin's own output: written by its jobs and handlers, never by a person.
    write: (p) =>
      p.kind === 'system' ? true : 'grants are computed from project teams; change the team instead',
  }),
];
