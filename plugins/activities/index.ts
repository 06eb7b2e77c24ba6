/**
 * activities — the consultancy's interactions with clients: calls, meetings, e-mails, webinars and
 * events with participants from both sides (our workspace members and the client's persons), moved
 * through configurable stages with a log of who and when, and a contact's participation history
 * (`/people/:personId/activity`: invitations, attendance, segments and SMS when those plugins are
 * enabled). Owns interaction and interactionParticipant; an interaction linked to a deal is tagged
 * with the deal's project teams, so the teams plugin grants the team on it and keeps its team and
 * department markers. Reacts to interactions, participants and project teams changing.
 * Publishes `inviteToInteraction` (segments hands a segment to an interaction's invitations).
 */
import { definePlugin } from '../core/plugin/index';
import { activitiesPolicies } from './access';
import { activitiesHandlers } from './handlers';
import { activitiesLabelsRu } from './labels-ru';
import { activitiesAssets } from './pages/activity-page';
import { activitiesRoutes } from './routes';
import { activitiesObjects, interaction, interactionParticipant, personActivityPage } from './schema';
import { activitiesSeed } from './seed';
import { activitiesPersonLinksMigration, activitiesStorageMigration } from './service';
import { activitiesSettings } from './settings';

export { HISTORY_OBJECTS, type ParticipationHistory, participationHistory } from './history';
export * from './schema';
export { DEMO_INTERACTIONS } from './seed';
export { type InviteOrigin, inviteToInteraction } from './service';
export * from './vocabulary';

export const activitiesPlugin = definePlugin({
  name: 'activities',
  description:
    'Calls, meetings, webinars and events with participants from both sides, stages and a contact’s history',
  dependsOn: ['teams'],
  // The contact's history shows segment memberships and SMS received when those are enabled.
  uses: ['segments', 'sms'],
  // Segments hands a segment to an interaction's invitations and reads who is on which.
  publishedViews: ['interaction', 'interactionParticipant'],
  objects: [...activitiesObjects],
  extends: [personActivityPage],
  labels: { ru: activitiesLabelsRu },
  readModel: [
    {
      object: interaction,
      indexes: [{ fields: ['opportunityId'] }, { fields: ['projectTeamId'] }],
      keepPrevious: ['stage'],
    },
    {
      object: interactionParticipant,
      indexes: [{ fields: ['interactionId'] }, { fields: ['personId'] }, { fields: ['workspaceMemberId'] }],
    },
    { object: 'person' },
    { object: 'company' },
    // The interactions' rule follows a deal's owner.
    { object: 'opportunity', indexes: [{ fields: ['ownerId'] }] },
    { object: 'workspaceMember' },
  ],
  handlers: activitiesHandlers,
  routes: activitiesRoutes,
  assets: activitiesAssets,
  migrations: [activitiesStorageMigration, activitiesPersonLinksMigration],
  settings: activitiesSettings,
  seed: activitiesSeed,
  access: activitiesPolicies,
});

export default activitiesPlugin;
