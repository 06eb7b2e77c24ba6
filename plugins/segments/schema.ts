/**
 * Segments: a list of contacts for an event or a mailing, worked on together — its name, purpose,
 * stage, owner, the filter it was built from and the project team it serves; its members (a person,
 * who added them, their status); and every stage change (who, when, from, to).
 */
import { defineField, defineObject } from '../core/plugin/index';
import { MEMBER_STATUS_OPTIONS, SEGMENT_STAGE_OPTIONS } from './vocabulary';

export const segment = defineObject({
  nameSingular: 'segment',
  namePlural: 'segments',
  labelSingular: 'Segment',
  labelPlural: 'Segments',
  description: 'A list of contacts for an event or a mailing, built from a filter or by hand',
  icon: 'IconFilterPlus',
  fields: {
    name: defineField.text({ label: 'Name' }),
    purpose: defineField.text({ label: 'Purpose' }),
    stage: defineField.select({ label: 'Stage', options: SEGMENT_STAGE_OPTIONS, defaultValue: 'DRAFT' }),
    owner: defineField.relation({
      label: 'Owner',
      icon: 'IconUserCircle',
      target: 'workspaceMember',
      inverseName: 'ownedSegments',
      inverseLabel: 'Owned segments',
    }),
    filter: defineField.text({
      label: 'Filter',
      description:
        'Twenty filter syntax over people and their company, e.g. and(city[eq]:"Москва",company.employees[gte]:50)',
    }),
    stageProblem: defineField.text({
      label: 'Stage problem',
      description: 'Why the last stage change made in Twenty was undone; empty when all is well',
    }),
    projectTeamId: defineField.text({
      label: 'Project team id',
      description: 'The project team the segment serves (the teams plugin’s projectTeam)',
    }),
  },
});

export const segmentMember = defineObject({
  nameSingular: 'segmentMember',
  namePlural: 'segmentMembers',
  labelSingular: 'Segment Member',
  labelPlural: 'Segment Members',
  description: 'A person in a segment, with who added them and their status',
  icon: 'IconUserCheck',
  fields: {
    segment: defineField.relation({
      label: 'Segment',
      target: segment,
      inverseName: 'members',
      inverseLabel: 'Members',
      onDelete: 'CASCADE',
    }),
    person: defineField.relation({
      label: 'Person',
      target: 'person',
      inverseName: 'segmentMemberships',
      inverseLabel: 'Segment memberships',
    }),
    addedBy: defineField.text({ label: 'Added by', description: 'Who added the person, and how' }),
    status: defineField.select({ label: 'Status', options: MEMBER_STATUS_OPTIONS, defaultValue: 'INVITED' }),
  },
});

export const segmentStageChange = defineObject({
  nameSingular: 'segmentStageChange',
  namePlural: 'segmentStageChanges',
  labelSingular: 'Segment Stage Change',
  labelPlural: 'Segment Stage Changes',
  description: 'A segment moved from one stage to another: who and when',
  icon: 'IconTimeline',
  fields: {
    segment: defineField.relation({
      label: 'Segment',
      target: segment,
      inverseName: 'stageChanges',
      inverseLabel: 'Stage changes',
      onDelete: 'CASCADE',
    }),
    fromStage: defineField.select({ label: 'From', options: SEGMENT_STAGE_OPTIONS }),
    toStage: defineField.select({ label: 'To', options: SEGMENT_STAGE_OPTIONS }),
    changedBy: defineField.relation({
      label: 'Changed by',
      target: 'workspaceMember',
      inverseName: 'segmentStageChanges',
      inverseLabel: 'Segment stage changes',
    }),
    changedByName: defineField.text({ label: 'Changed by (name)' }),
    changedAt: defineField.dateTime({ label: 'Changed at' }),
    comment: defineField.text({ label: 'Comment' }),
  },
});

export const segmentObjects = [segment, segmentMember, segmentStageChange] as const;
