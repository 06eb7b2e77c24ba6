/**
 * Who sees interactions (DESIGN.md "Access control"). Admins and the project itself see all. A
 * non-admin staff member sees an interaction they take part in, one of a deal they own or hold a
 * grant on, one their project team holds a grant on (an interaction linked to a deal is tagged with
 * the deal's teams, so the teams plugin grants its members on it), and one no team reaches — with
 * TEAMS_DEAL_VISIBILITY=closed (the default) only when it belongs to no deal. Participants are
 * seen with their interaction, and by the member who added them. Partners and anonymous callers
 * see nothing.
 */
import {
  definePolicy,
  type PolicyContext,
  type Principal,
  type RowFilter,
  type RowRule,
} from '../core/access/index';
import { grantedTo, reachedByNoTeam } from '../teams/index';
import { interaction, interactionParticipant } from './schema';

const openDeals = (context?: PolicyContext) =>
  (context?.settings.get('teams') as { dealVisibility?: string } | undefined)?.dealVisibility === 'open';

/** The interactions a non-admin member may see (a filter over `interaction`). */
export function interactionsOf(memberId: string, context?: PolicyContext): RowFilter {
  const outsideTeams = reachedByNoTeam('interaction');
  return {
    anyOf: [
      grantedTo(memberId, 'interaction'),
      // The deal's team and owner, also before its tag reaches the interaction (a new one).
      grantedTo(memberId, 'opportunity', 'opportunityId'),
      { 'opportunity.ownerId': [memberId] },
      {
        inRecords: {
          object: 'interactionParticipant',
          field: 'interactionId',
          where: { workspaceMemberId: [memberId] },
        },
      },
      openDeals(context) ? outsideTeams : { allOf: [outsideTeams, { opportunityId: [null] }] },
    ],
  };
}

/**
 * The participants a non-admin member may see: those of the interactions they see — the same
 * conditions as `interactionsOf`, each keyed by the participant's `interactionId`, so a reader
 * checks the few rows it reads instead of every interaction.
 */
export function participantsOf(memberId: string, email: string, context?: PolicyContext): RowFilter {
  const outsideTeams: RowFilter = {
    not: {
      inRecords: {
        key: 'interactionId',
        object: 'recordAccessGrant',
        field: 'recordId',
        where: { objectName: ['interaction'] },
      },
    },
  };
  const ofInteractions = (where: RowFilter): RowFilter => ({
    inRecords: { key: 'interactionId', object: 'interaction', field: 'id', where },
  });
  return {
    anyOf: [
      grantedTo(memberId, 'interaction', 'interactionId'),
      // Those the member added (`source` is who added them): a participant of a new interaction can
      // be written before the interaction reaches the read model.
      { source: [email] },
      ofInteractions(grantedTo(memberId, 'opportunity', 'opportunityId')),
      {
        inRecords: {
          key: 'interactionId',
          object: 'interactionParticipant',
          field: 'interactionId',
          where: { workspaceMemberId: [memberId] },
        },
      },
      ofInteractions({ 'opportunity.ownerId': [memberId] }),
      openDeals(context)
        ? outsideTeams
        : { allOf: [outsideTeams, ofInteractions({ opportunityId: [null] })] },
    ],
  };
}

const unrestricted = (p: Principal) => p.kind === 'system' || (p.kind === 'staff' && p.role === 'admin');

export function interactionRule(p: Principal, context?: PolicyContext): RowRule {
  if (unrestricted(p)) return 'all';
  if (p.kind !== 'staff') return 'none';
  return interactionsOf(p.memberId, context);
}

const staffWrites = (p: Principal) =>
  p.kind === 'staff' || p.kind === 'system' ? true : 'взаимодействия меняют только сотрудники';

export const activitiesPolicies = [
  definePolicy(interaction, { read: interactionRule, write: staffWrites }),
  definePolicy(interactionParticipant, {
    read: (p, context) => {
      if (unrestricted(p)) return 'all';
      if (p.kind !== 'staff') return 'none';
      return participantsOf(p.memberId, p.email, context);
    },
    write: staffWrites,
  }),
];
