/**
 * Project teams: a deal's team (projectTeam) and its members (projectTeamMember: a workspace
 * member with a role in the project, an access level and dates), records tagged with the team
 * (projectTeamTarget, Twenty's taskTarget pattern), and the effective grants the plugin keeps
 * (recordAccessGrant: "who can see this and why"). Every covered record kind gets `teamAccess`,
 * the grantees' workspace member ids, for Twenty's row-level predicate (C21).
 */
import { defineField, defineObject, extendObject } from '../core/plugin/index';
import { ACCESS_LEVEL_OPTIONS, MEMBER_STATUS_OPTIONS } from './vocabulary';

export const projectTeam = defineObject({
  nameSingular: 'projectTeam',
  namePlural: 'projectTeams',
  labelSingular: 'Project Team',
  labelPlural: 'Project Teams',
  description: 'The team of a deal: its members get the deal owner’s rights on everything linked to the deal',
  icon: 'IconUsersGroup',
  fields: {
    name: defineField.text({ label: 'Name' }),
    opportunity: defineField.relation({
      label: 'Deal',
      icon: 'IconTargetArrow',
      target: 'opportunity',
      inverseName: 'projectTeams',
      inverseLabel: 'Project Teams',
    }),
    lead: defineField.relation({
      label: 'Lead',
      icon: 'IconUserStar',
      target: 'workspaceMember',
      inverseName: 'ledProjectTeams',
      inverseLabel: 'Led project teams',
    }),
    problem: defineField.text({
      label: 'Problem',
      description: 'Why the team grants nothing (e.g. its deal was deleted); empty when it works',
    }),
  },
});

export const projectTeamMember = defineObject({
  nameSingular: 'projectTeamMember',
  namePlural: 'projectTeamMembers',
  labelSingular: 'Project Team Member',
  labelPlural: 'Project Team Members',
  description: 'A workspace member on a deal’s team, with a role, an access level and dates',
  icon: 'IconUserPlus',
  fields: {
    team: defineField.relation({
      label: 'Team',
      icon: 'IconUsersGroup',
      target: projectTeam,
      inverseName: 'members',
      inverseLabel: 'Members',
      onDelete: 'CASCADE',
    }),
    member: defineField.relation({
      label: 'Member',
      icon: 'IconUser',
      target: 'workspaceMember',
      inverseName: 'projectTeamMemberships',
      inverseLabel: 'Project team memberships',
    }),
    projectRole: defineField.text({ label: 'Role in the project' }),
    accessLevel: defineField.select({
      label: 'Access level',
      options: ACCESS_LEVEL_OPTIONS,
      defaultValue: 'READ',
    }),
    department: defineField.text({ label: 'Department' }),
    validFrom: defineField.date({ label: 'From' }),
    validTo: defineField.date({ label: 'To' }),
    status: defineField.select({ label: 'Status', options: MEMBER_STATUS_OPTIONS, defaultValue: 'ACTIVE' }),
    problem: defineField.text({ label: 'Problem', description: 'Why this membership grants nothing' }),
  },
});

export const projectTeamTarget = defineObject({
  nameSingular: 'projectTeamTarget',
  namePlural: 'projectTeamTargets',
  labelSingular: 'Project Team Tag',
  labelPlural: 'Project Team Tags',
  description: 'A record tagged with a project team: the team’s members get grants on it',
  icon: 'IconTag',
  fields: {
    team: defineField.relation({
      label: 'Team',
      icon: 'IconUsersGroup',
      target: projectTeam,
      inverseName: 'targets',
      inverseLabel: 'Tagged records',
      onDelete: 'CASCADE',
    }),
    person: defineField.relation({ label: 'Person', target: 'person', inverseName: 'projectTeamTargets' }),
    company: defineField.relation({ label: 'Company', target: 'company', inverseName: 'projectTeamTargets' }),
    opportunity: defineField.relation({
      label: 'Deal',
      target: 'opportunity',
      inverseName: 'projectTeamTargets',
    }),
    task: defineField.relation({ label: 'Task', target: 'task', inverseName: 'projectTeamTargets' }),
    note: defineField.relation({ label: 'Note', target: 'note', inverseName: 'projectTeamTargets' }),
    targetObject: defineField.text({
      label: 'Other object',
      description: 'For the project’s own objects: the object name (e.g. revenueScenario)',
    }),
    targetRecordId: defineField.text({ label: 'Other record id' }),
  },
});

export const recordAccessGrant = defineObject({
  nameSingular: 'recordAccessGrant',
  namePlural: 'recordAccessGrants',
  labelSingular: 'Record Access Grant',
  labelPlural: 'Record Access Grants',
  description: 'Who can see a record and why: kept by the teams plugin, never edited by hand',
  icon: 'IconKey',
  fields: {
    member: defineField.relation({
      label: 'Member',
      icon: 'IconUser',
      target: 'workspaceMember',
      inverseName: 'recordAccessGrants',
      inverseLabel: 'Record access grants',
    }),
    objectName: defineField.text({ label: 'Object' }),
    recordId: defineField.text({ label: 'Record id' }),
    level: defineField.select({ label: 'Level', options: ACCESS_LEVEL_OPTIONS, defaultValue: 'READ' }),
    reason: defineField.text({ label: 'Reason' }),
    team: defineField.relation({
      label: 'Team',
      icon: 'IconUsersGroup',
      target: projectTeam,
      inverseName: 'grants',
      inverseLabel: 'Grants',
    }),
    expiresAt: defineField.dateTime({ label: 'Expires' }),
    // Twenty shows a record's grants on the record itself through these relations.
    opportunity: defineField.relation({ label: 'Deal', target: 'opportunity', inverseName: 'accessGrants' }),
    company: defineField.relation({ label: 'Company', target: 'company', inverseName: 'accessGrants' }),
    person: defineField.relation({ label: 'Person', target: 'person', inverseName: 'accessGrants' }),
    task: defineField.relation({ label: 'Task', target: 'task', inverseName: 'accessGrants' }),
    note: defineField.relation({ label: 'Note', target: 'note', inverseName: 'accessGrants' }),
  },
});

/** The grantees of a record: workspace member ids, for the row-level predicate `teamAccess CONTAINS me`. */
const teamAccessField = () =>
  defineField.array({
    label: 'Team access',
    icon: 'IconLock',
    description: 'Members granted access by project teams (kept by the teams plugin)',
  });

export const TEAM_ACCESS_FIELD = 'teamAccess';

/**
 * The readable markers beside `teamAccess`: the names of the project teams that grant on a record
 * and the departments of their members who hold those grants, each a sorted, comma-separated text
 * (team names change and departments are free text, so no fixed multi-select options can hold
 * them) — filterable in Twenty's views with "contains", read by revenue's allocation by
 * department. The teams plugin keeps them exact (handlers and the sweep) on the covered objects
 * and on any object of another plugin that declares them (`...teamMarkerFields()`: activities'
 * interaction).
 */
export const teamMarkerFields = () => ({
  teamNames: defineField.text({
    label: 'Teams',
    icon: 'IconUsersGroup',
    description: 'Project teams working on this record (kept by the teams plugin)',
  }),
  departmentNames: defineField.text({
    label: 'Departments',
    icon: 'IconHierarchy',
    description: 'Departments of the team members working on this record (kept by the teams plugin)',
  }),
});

export const TEAM_MARKER_COLUMNS = { teams: 'team_names', departments: 'department_names' } as const;

export const TEAM_PAGE_FIELD = 'projectTeamPage';

export const teamAccessExtensions = [
  extendObject('opportunity', {
    fields: {
      teamAccess: teamAccessField(),
      ...teamMarkerFields(),
      projectTeamPage: defineField.links({ label: 'Project team', icon: 'IconUsersGroup' }),
    },
  }),
  ...(['company', 'person', 'task', 'note'] as const).map((object) =>
    extendObject(object, { fields: { teamAccess: teamAccessField(), ...teamMarkerFields() } }),
  ),
];

export const teamsObjects = [projectTeam, projectTeamMember, projectTeamTarget, recordAccessGrant];
