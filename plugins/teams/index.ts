/**
 * teams — project teams with owner-like rights: anyone on a deal's team gets grants on the deal
 * and everything linked to it (company, contacts, tasks, notes, the revenue plugin's records,
 * records tagged with the team), and the layer restricts non-admin staff to what they hold.
 * Owns projectTeam, projectTeamMember, projectTeamTarget, recordAccessGrant and `teamAccess` on
 * the covered standard objects; reacts to changes of teams, memberships, tags, deals, contacts,
 * task/note targets, workspace members and revenue records; a sweep repairs what events missed.
 */
import { definePlugin } from '../core/plugin/index';
import { teamsPolicies, teamsRestrictions } from './access';
import { teamsAccessCommand, teamsRecomputeCommand } from './commands';
import { teamsHandlers } from './handlers';
import { teamsRepairJob, teamsSweepJob } from './jobs';
import { teamsLabelsRu } from './labels-ru';
import { teamsPageAssets } from './pages/teams-page';
import { teamsStorageMigration } from './recompute';
import { teamsRoutes } from './routes';
import { teamAccessSetup } from './row-level';
import {
  projectTeam,
  projectTeamMember,
  projectTeamTarget,
  recordAccessGrant,
  teamAccessExtensions,
  teamsObjects,
} from './schema';
import { teamsSeed } from './seed';
import { teamsSettings } from './settings';

export { grantedTo, reachedByNoTeam, staffRowRule, visibleTeams } from './access';
export { tagId } from './recompute';
export { effectiveLevel, type Grant } from './rules/grants';
export * from './schema';
export { DEMO_TEAMS } from './seed';
export { TEAM_PAGE_LABEL, teamPageUrl } from './team-links';
export * from './vocabulary';

export const teamsPlugin = definePlugin({
  name: 'teams',
  description: 'Project teams: grants on everything linked to a deal, "who can see this and why"',
  // Revenue records of a deal join its team's grants when revenue is enabled (its published read).
  uses: ['revenue'],
  // Activities and segments name teams and their members in their SQL.
  publishedViews: ['projectTeam', 'projectTeamMember', 'projectTeamTarget'],
  objects: teamsObjects,
  extends: teamAccessExtensions,
  labels: { ru: teamsLabelsRu },
  readModel: [
    { object: projectTeam, indexes: [{ fields: ['opportunityId'] }] },
    { object: projectTeamMember, indexes: [{ fields: ['teamId'] }, { fields: ['memberId'] }] },
    { object: projectTeamTarget, indexes: [{ fields: ['teamId'] }, { fields: ['targetRecordId'] }] },
    {
      object: recordAccessGrant,
      indexes: [
        { fields: ['objectName', 'recordId'] },
        { fields: ['memberId', 'objectName'] },
        { fields: ['teamId'] },
      ],
    },
    { object: 'opportunity', indexes: [{ fields: ['companyId'] }] },
    { object: 'company' },
    { object: 'person', indexes: [{ fields: ['companyId'] }] },
    { object: 'task' },
    { object: 'note' },
    { object: 'taskTarget', indexes: [{ fields: ['opportunityId'] }] },
    { object: 'noteTarget', indexes: [{ fields: ['opportunityId'] }] },
    { object: 'workspaceMember' },
  ],
  handlers: teamsHandlers,
  routes: teamsRoutes,
  assets: teamsPageAssets,
  jobs: [teamsSweepJob, teamsRepairJob],
  migrations: [teamsStorageMigration],
  commands: [teamsAccessCommand, teamsRecomputeCommand],
  settings: teamsSettings,
  seed: teamsSeed,
  access: teamsPolicies,
  restrictions: teamsRestrictions,
  afterSetup: ({ twenty, dryRun }) => teamAccessSetup(twenty, { dryRun }),
});

export default teamsPlugin;
