/**
 * Who may see what (DESIGN.md "Access control"). Admins and the project itself see everything.
 * A non-admin staff member sees:
 * - a deal, company, contact, task or note, and the revenue plugin's records, when they hold a
 *   grant on it or own it (a deal's owner, a company's account owner, a task's assignee);
 * - with TEAMS_DEAL_VISIBILITY=closed (the default; the consultancy's "a deal is a closed,
 *   multi-layer project"): also what a deal they own reaches, and what no deal reaches at all
 *   (a record outside every project keeps the role's access) — a deal nobody put a team on is
 *   its owner's and the admins';
 * - with `open`: also whatever no project team reaches (deals without a team are seen by all);
 * - the teams, memberships, tags and grants of deals they hold a grant on, own or lead.
 * Partners and anonymous callers see none of it. The restrictions are ANDed onto the owners'
 * policies of those objects (`defineRestriction`), so every plugin's routes obey them.
 */
import {
  definePolicy,
  defineRestriction,
  type PolicyContext,
  type Principal,
  type RowFilter,
  type RowRule,
  type StaffPrincipal,
} from '../core/access/index';
import { projectTeam, projectTeamMember, projectTeamTarget, recordAccessGrant } from './schema';
import { dealVisibility } from './settings';
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

/**
 * How each covered object is reached by deals: given a filter on deals, the filter admitting the
 * records those deals reach. Revenue records belong to one deal each (a line through its
 * scenario); a company is reached through its deals, a contact through its company's deals or as
 * a deal's point of contact, a task or note through its targets.
 */
const dealReach: Readonly<Record<string, (where: RowFilter) => RowFilter>> = {
  opportunity: (where) => where,
  company: (where) => ({ inRecords: { object: 'opportunity', field: 'companyId', where } }),
  person: (where) => ({
    anyOf: [
      { inRecords: { object: 'opportunity', field: 'pointOfContactId', where } },
      { inRecords: { key: 'companyId', object: 'opportunity', field: 'companyId', where } },
    ],
  }),
  task: (where) => ({
    inRecords: {
      object: 'taskTarget',
      field: 'taskId',
      where: { inRecords: { key: 'opportunityId', object: 'opportunity', field: 'id', where } },
    },
  }),
  note: (where) => ({
    inRecords: {
      object: 'noteTarget',
      field: 'noteId',
      where: { inRecords: { key: 'opportunityId', object: 'opportunity', field: 'id', where } },
    },
  }),
  revenueScenario: (where) => ({
    inRecords: { key: 'opportunityId', object: 'opportunity', field: 'id', where },
  }),
  revenueAllocation: (where) => ({
    inRecords: { key: 'opportunityId', object: 'opportunity', field: 'id', where },
  }),
  revenuePlanLine: (where) => ({
    inRecords: {
      key: 'scenarioId',
      object: 'revenueScenario',
      field: 'id',
      where: { inRecords: { key: 'opportunityId', object: 'opportunity', field: 'id', where } },
    },
  }),
};

/** Every deal (a filter admitting all rows: `id` is never null). */
const ANY_DEAL: RowFilter = { not: { id: [null] } };

export function staffRowRule(object: string, p: Principal, context?: PolicyContext): RowRule {
  if (!restricted(p)) return 'all';
  const owner = OWNER_FIELD[object];
  const mine: RowFilter[] = [grantedTo(p.memberId, object), ...(owner ? [{ [owner]: [p.memberId] }] : [])];
  const reach = dealReach[object];
  if (dealVisibility(context) === 'open' || !reach) return { anyOf: [...mine, reachedByNoTeam(object)] };
  if (object === 'opportunity') return { anyOf: mine };
  // Closed: a record some deal reaches is seen only through a grant, ownership, or a deal the
  // member owns; one no deal reaches keeps the role's access (unless a team reaches it by a tag).
  return {
    anyOf: [
      ...mine,
      reach({ ownerId: [p.memberId] }),
      { allOf: [reachedByNoTeam(object), { not: reach(ANY_DEAL) }] },
    ],
  };
}

export const teamsRestrictions = [
  ...COVERED_OBJECTS.map((object) =>
    defineRestriction(object, {
      description: `non-admin staff see a ${object} reached by a project team only with a grant (or as its owner); a deal's records (TEAMS_DEAL_VISIBILITY=closed) only as its owner`,
      read: (p, context) => staffRowRule(object, p, context),
    }),
  ),
  ...REVENUE_OBJECTS.map((object) =>
    defineRestriction(object, {
      description: `non-admin staff see the ${object} of a team's deal only with a grant; of another deal (closed) only as its owner`,
      read: (p, context) => staffRowRule(object, p, context),
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
