/**
 * Interactions with clients and their participants from both sides. An interaction (a call,
 * meeting, e-mail, webinar or event) has a subject, kind, stage, its times, and may belong to a
 * deal, a company and a project team; it carries the teams plugin's readable markers (team and
 * department names). A participant is either one of our workspace members or a client's person,
 * with a role and invited / confirmed / attended flags; `problem` says why a participant entered
 * in Twenty is not valid (neither or both sides, twice on one interaction).
 */
import { defineField, defineObject, extendObject } from '../core/plugin/index';
import { projectTeam, teamMarkerFields } from '../teams/index';
import { KIND_OPTIONS, ROLE_OPTIONS, STAGE_OPTIONS } from './vocabulary';

export const interaction = defineObject({
  nameSingular: 'interaction',
  namePlural: 'interactions',
  labelSingular: 'Interaction',
  labelPlural: 'Interactions',
  description:
    'A call, meeting, e-mail, webinar or event with participants from both sides, moved through stages',
  icon: 'IconCalendarEvent',
  fields: {
    subject: defineField.text({ label: 'Subject' }),
    kind: defineField.select({ label: 'Kind', options: KIND_OPTIONS, defaultValue: 'MEETING' }),
    stage: defineField.select({ label: 'Stage', options: STAGE_OPTIONS, defaultValue: 'PLANNED' }),
    startsAt: defineField.dateTime({ label: 'Starts at' }),
    endsAt: defineField.dateTime({ label: 'Ends at' }),
    location: defineField.text({ label: 'Place or link' }),
    opportunity: defineField.relation({
      label: 'Deal',
      icon: 'IconTargetArrow',
      target: 'opportunity',
      inverseName: 'interactions',
      inverseLabel: 'Interactions',
    }),
    company: defineField.relation({
      label: 'Company',
      icon: 'IconBuildingSkyscraper',
      target: 'company',
      inverseName: 'interactions',
      inverseLabel: 'Interactions',
    }),
    projectTeam: defineField.relation({
      label: 'Project team',
      icon: 'IconUsersGroup',
      target: projectTeam,
      inverseName: 'interactions',
      inverseLabel: 'Interactions',
    }),
    stageChangedAt: defineField.dateTime({ label: 'Stage changed at' }),
    stageChangedBy: defineField.text({ label: 'Stage changed by' }),
    stageProblem: defineField.text({
      label: 'Stage problem',
      description: 'Why the last stage change made in Twenty was undone; empty when fine',
    }),
    ...teamMarkerFields(),
  },
});

export const interactionParticipant = defineObject({
  nameSingular: 'interactionParticipant',
  namePlural: 'interactionParticipants',
  labelSingular: 'Interaction Participant',
  labelPlural: 'Interaction Participants',
  description: 'One of our members or a client’s person on an interaction, with a role and attendance',
  icon: 'IconUserCheck',
  fields: {
    interaction: defineField.relation({
      label: 'Interaction',
      icon: 'IconCalendarEvent',
      target: interaction,
      inverseName: 'participants',
      inverseLabel: 'Participants',
      onDelete: 'CASCADE',
    }),
    workspaceMember: defineField.relation({
      label: 'Our member',
      icon: 'IconUser',
      target: 'workspaceMember',
      inverseName: 'interactionParticipations',
      inverseLabel: 'Interaction participations',
    }),
    person: defineField.relation({
      label: 'Client person',
      icon: 'IconUser',
      target: 'person',
      inverseName: 'interactionParticipations',
      inverseLabel: 'Interaction participations',
    }),
    // `role` is a name Twenty reserves.
    participantRole: defineField.select({ label: 'Role', options: ROLE_OPTIONS, defaultValue: 'ATTENDEE' }),
    invited: defineField.boolean({ label: 'Invited', defaultValue: true }),
    invitedAt: defineField.dateTime({ label: 'Invited at' }),
    confirmed: defineField.boolean({ label: 'Confirmed', defaultValue: false }),
    attended: defineField.boolean({ label: 'Attended', defaultValue: false }),
    source: defineField.text({ label: 'Added from', description: 'Who or what added the participant' }),
    problem: defineField.text({ label: 'Problem', description: 'Why this participant is not valid' }),
  },
});

export const activitiesObjects = [interaction, interactionParticipant] as const;

/** A contact's link to their participation history page (set when they first take part). */
export const personActivityPage = extendObject('person', {
  fields: {
    activityPage: defineField.links({ label: 'Participation history', icon: 'IconTimeline' }),
  },
});

export const ACTIVITY_PAGE_LABEL = 'История участия';
export const activityPageUrl = (publicUrl: string, personId: string) =>
  `${publicUrl.replace(/\/+$/, '')}/people/${personId}/activity`;
