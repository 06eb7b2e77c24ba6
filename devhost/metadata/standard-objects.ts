/**
 * The standard objects of a fresh Twenty workspace, with Twenty's names
 * (packages/twenty-server/src/modules/<object>/standard-objects/*.workspace-entity.ts).
 * Relations are declared once, on the MANY_TO_ONE side, with the name and label of
 * the ONE_TO_MANY inverse that Twenty creates on the target.
 * Every object also gets the default fields (id, createdAt, updatedAt, deletedAt,
 * createdBy, updatedBy, position) — see default-fields.ts.
 */
import type { FieldType } from './types';

export interface StandardOptionSpec {
  value: string;
  label: string;
  color: string;
}

export interface StandardFieldSpec {
  name: string;
  label: string;
  type: Exclude<FieldType, 'RELATION'>;
  icon?: string;
  isUnique?: boolean;
  defaultValue?: unknown;
  options?: StandardOptionSpec[];
}

export interface StandardRelationSpec {
  name: string;
  label: string;
  target: string;
  inverseName: string;
  inverseLabel: string;
}

export interface StandardObjectSpec {
  nameSingular: string;
  namePlural: string;
  labelSingular: string;
  labelPlural: string;
  icon: string;
  fields: StandardFieldSpec[];
  relations: StandardRelationSpec[];
}

/**
 * A standard TEXT field: Twenty declares it with the default `''` (generateDefaultValue for TEXT),
 * so a field never set reads back as "" — rest-api-core-update.integration-spec.ts expects
 * `person.jobTitle` to be '' after an update that did not name it.
 */
const text = (name: string, label: string): StandardFieldSpec => ({
  name,
  label,
  type: 'TEXT',
  defaultValue: "''",
});

export const STANDARD_OBJECTS: StandardObjectSpec[] = [
  {
    nameSingular: 'workspaceMember',
    namePlural: 'workspaceMembers',
    labelSingular: 'Workspace Member',
    labelPlural: 'Workspace Members',
    icon: 'IconUserCircle',
    fields: [
      { name: 'name', label: 'Name', type: 'FULL_NAME' },
      text('userEmail', 'User Email'),
      { name: 'userId', label: 'User Id', type: 'UUID' },
      { ...text('locale', 'Language'), defaultValue: "'en'" },
      { ...text('colorScheme', 'Color Scheme'), defaultValue: "'System'" },
      { ...text('timeZone', 'Time zone'), defaultValue: "'system'" },
      text('avatarUrl', 'Avatar Url'),
    ],
    relations: [],
  },
  {
    nameSingular: 'company',
    namePlural: 'companies',
    labelSingular: 'Company',
    labelPlural: 'Companies',
    icon: 'IconBuildingSkyscraper',
    fields: [
      text('name', 'Name'),
      { name: 'domainName', label: 'Domain Name', type: 'LINKS' },
      { name: 'employees', label: 'Employees', type: 'NUMBER' },
      { name: 'linkedinLink', label: 'Linkedin', type: 'LINKS' },
      { name: 'xLink', label: 'X', type: 'LINKS' },
      { name: 'annualRecurringRevenue', label: 'ARR', type: 'CURRENCY' },
      { name: 'address', label: 'Address', type: 'ADDRESS' },
      { name: 'idealCustomerProfile', label: 'ICP', type: 'BOOLEAN', defaultValue: false },
    ],
    relations: [
      {
        name: 'accountOwner',
        label: 'Account Owner',
        target: 'workspaceMember',
        inverseName: 'accountOwnerForCompanies',
        inverseLabel: 'Account Owner For Companies',
      },
    ],
  },
  {
    nameSingular: 'person',
    namePlural: 'people',
    labelSingular: 'Person',
    labelPlural: 'People',
    icon: 'IconUser',
    fields: [
      { name: 'name', label: 'Name', type: 'FULL_NAME' },
      { name: 'emails', label: 'Emails', type: 'EMAILS', isUnique: true },
      { name: 'linkedinLink', label: 'Linkedin', type: 'LINKS' },
      { name: 'xLink', label: 'X', type: 'LINKS' },
      text('jobTitle', 'Job Title'),
      { name: 'phones', label: 'Phones', type: 'PHONES' },
      text('city', 'City'),
      text('avatarUrl', 'Avatar'),
    ],
    relations: [
      { name: 'company', label: 'Company', target: 'company', inverseName: 'people', inverseLabel: 'People' },
    ],
  },
  {
    nameSingular: 'opportunity',
    namePlural: 'opportunities',
    labelSingular: 'Opportunity',
    labelPlural: 'Opportunities',
    icon: 'IconTargetArrow',
    fields: [
      text('name', 'Name'),
      { name: 'amount', label: 'Amount', type: 'CURRENCY' },
      { name: 'closeDate', label: 'Close date', type: 'DATE_TIME' },
      {
        name: 'stage',
        label: 'Stage',
        type: 'SELECT',
        defaultValue: "'NEW'",
        options: [
          { value: 'NEW', label: 'New', color: 'red' },
          { value: 'SCREENING', label: 'Screening', color: 'purple' },
          { value: 'MEETING', label: 'Meeting', color: 'sky' },
          { value: 'PROPOSAL', label: 'Proposal', color: 'turquoise' },
          { value: 'CUSTOMER', label: 'Customer', color: 'yellow' },
        ],
      },
    ],
    relations: [
      {
        name: 'company',
        label: 'Company',
        target: 'company',
        inverseName: 'opportunities',
        inverseLabel: 'Opportunities',
      },
      {
        name: 'pointOfContact',
        label: 'Point of Contact',
        target: 'person',
        inverseName: 'pointOfContactForOpportunities',
        inverseLabel: 'Linked Opportunities',
      },
      {
        name: 'owner',
        label: 'Owner',
        target: 'workspaceMember',
        inverseName: 'ownedOpportunities',
        inverseLabel: 'Owned opportunities',
      },
    ],
  },
  {
    nameSingular: 'task',
    namePlural: 'tasks',
    labelSingular: 'Task',
    labelPlural: 'Tasks',
    icon: 'IconCheckbox',
    fields: [
      text('title', 'Title'),
      { name: 'bodyV2', label: 'Body', type: 'RICH_TEXT_V2' },
      { name: 'dueAt', label: 'Due Date', type: 'DATE_TIME' },
      {
        name: 'status',
        label: 'Status',
        type: 'SELECT',
        defaultValue: "'TODO'",
        options: [
          { value: 'TODO', label: 'To do', color: 'sky' },
          { value: 'IN_PROGRESS', label: 'In progress', color: 'purple' },
          { value: 'DONE', label: 'Done', color: 'green' },
        ],
      },
    ],
    relations: [
      {
        name: 'assignee',
        label: 'Assignee',
        target: 'workspaceMember',
        inverseName: 'assignedTasks',
        inverseLabel: 'Assigned tasks',
      },
    ],
  },
  {
    nameSingular: 'note',
    namePlural: 'notes',
    labelSingular: 'Note',
    labelPlural: 'Notes',
    icon: 'IconNotes',
    fields: [text('title', 'Title'), { name: 'bodyV2', label: 'Body', type: 'RICH_TEXT_V2' }],
    relations: [],
  },
  targetObject('taskTarget', 'taskTargets', 'Task Target', 'Task Targets', 'task', 'Task'),
  targetObject('noteTarget', 'noteTargets', 'Note Target', 'Note Targets', 'note', 'Note'),
  {
    // Twenty 2.x (IS_ATTACHMENT_MIGRATED / IS_FILES_FIELD_MIGRATED, contract C22): the bytes are in
    // the FILES field `file` and the record is named by a morph field `target<Object>Id`;
    // fullPath and fileCategory remain, deprecated (attachment.workspace-entity.ts).
    nameSingular: 'attachment',
    namePlural: 'attachments',
    labelSingular: 'Attachment',
    labelPlural: 'Attachments',
    icon: 'IconFileImport',
    fields: [
      text('name', 'Name'),
      { name: 'file', label: 'File', type: 'FILES', icon: 'IconFile' },
      text('fullPath', 'Full path'),
      text('fileCategory', 'File category'),
    ],
    relations: [
      {
        name: 'author',
        label: 'Author',
        target: 'workspaceMember',
        inverseName: 'authoredAttachments',
        inverseLabel: 'Authored attachments',
      },
      ...['person', 'company', 'opportunity', 'task', 'note'].map((target) => ({
        name: attachmentTargetField(target),
        label: target.charAt(0).toUpperCase() + target.slice(1),
        target,
        inverseName: 'attachments',
        inverseLabel: 'Attachments',
      })),
    ],
  },
];

function targetObject(
  nameSingular: string,
  namePlural: string,
  labelSingular: string,
  labelPlural: string,
  owner: string,
  ownerLabel: string,
): StandardObjectSpec {
  return {
    nameSingular,
    namePlural,
    labelSingular,
    labelPlural,
    icon: 'IconCheckbox',
    fields: [],
    relations: [
      { name: owner, label: ownerLabel, target: owner, inverseName: namePlural, inverseLabel: labelPlural },
      ...['person', 'company', 'opportunity'].map((target) => ({
        name: target,
        label: target.charAt(0).toUpperCase() + target.slice(1),
        target,
        inverseName: namePlural,
        inverseLabel: labelPlural,
      })),
    ],
  };
}

/**
 * Objects that get a MANY_TO_ONE to every custom object, with the ONE_TO_MANY
 * inverse named after them (Twenty's build-default-relation-fields for custom objects).
 */
export const CUSTOM_OBJECT_LINKED_TARGETS: {
  object: string;
  inverseName: string;
  inverseLabel: string;
  /** The name of the MANY_TO_ONE field on `object` that points at the custom object. */
  fieldName: (customSingular: string) => string;
}[] = [
  { object: 'taskTarget', inverseName: 'taskTargets', inverseLabel: 'Tasks', fieldName: (n) => n },
  { object: 'noteTarget', inverseName: 'noteTargets', inverseLabel: 'Notes', fieldName: (n) => n },
  {
    object: 'attachment',
    inverseName: 'attachments',
    inverseLabel: 'Attachments',
    fieldName: (n) => attachmentTargetField(n),
  },
];

/** `unit` → `targetUnit` (join column `targetUnitId`): the attachment's morph target of an object. */
export function attachmentTargetField(objectSingular: string): string {
  return `target${objectSingular.charAt(0).toUpperCase()}${objectSingular.slice(1)}`;
}
