/**
 * The fields a fresh Twenty workspace already has on its standard objects
 * (twenty-server `modules/<object>/standard-objects/*.workspace-entity.ts`;
 * devhost/metadata/standard-objects.ts mirrors them). They are never
 * provisioned — Twenty owns them — but a replicated standard object's view
 * needs them as columns, so a route can read an opportunity's amount or a
 * row rule can name `ownerId`. Extensions of the same name win.
 */
import { defineField, type FieldMap } from './define-field';
import type { StandardObjectName } from './metadata-names';

const workspaceMember = (label: string, inverseName: string) =>
  defineField.relation({ label, target: 'workspaceMember', inverseName });

export const STANDARD_OBJECT_FIELDS: Readonly<Record<StandardObjectName, FieldMap>> = {
  workspaceMember: {
    name: defineField.fullName({ label: 'Name' }),
    userEmail: defineField.text({ label: 'User Email' }),
    userId: defineField.uuid({ label: 'User Id' }),
  },
  company: {
    name: defineField.text({ label: 'Name' }),
    domainName: defineField.links({ label: 'Domain Name' }),
    employees: defineField.number({ label: 'Employees' }),
    annualRecurringRevenue: defineField.currency({ label: 'ARR' }),
    address: defineField.address({ label: 'Address' }),
    accountOwner: workspaceMember('Account Owner', 'accountOwnerForCompanies'),
  },
  person: {
    name: defineField.fullName({ label: 'Name' }),
    emails: defineField.emails({ label: 'Emails' }),
    phones: defineField.phones({ label: 'Phones' }),
    jobTitle: defineField.text({ label: 'Job Title' }),
    city: defineField.text({ label: 'City' }),
    company: defineField.relation({ label: 'Company', target: 'company', inverseName: 'people' }),
  },
  opportunity: {
    name: defineField.text({ label: 'Name' }),
    amount: defineField.currency({ label: 'Amount' }),
    closeDate: defineField.dateTime({ label: 'Close date' }),
    stage: defineField.text({ label: 'Stage' }),
    company: defineField.relation({ label: 'Company', target: 'company', inverseName: 'opportunities' }),
    pointOfContact: defineField.relation({
      label: 'Point of Contact',
      target: 'person',
      inverseName: 'pointOfContactForOpportunities',
    }),
    owner: workspaceMember('Owner', 'ownedOpportunities'),
  },
  task: {
    title: defineField.text({ label: 'Title' }),
    bodyV2: defineField.richText({ label: 'Body' }),
    dueAt: defineField.dateTime({ label: 'Due Date' }),
    status: defineField.text({ label: 'Status' }),
    assignee: workspaceMember('Assignee', 'assignedTasks'),
  },
  note: {
    title: defineField.text({ label: 'Title' }),
    bodyV2: defineField.richText({ label: 'Body' }),
  },
  taskTarget: targetFields('task', 'taskTargets'),
  noteTarget: targetFields('note', 'noteTargets'),
  attachment: {
    name: defineField.text({ label: 'Name' }),
    author: workspaceMember('Author', 'authoredAttachments'),
    person: defineField.relation({ label: 'Person', target: 'person', inverseName: 'attachments' }),
    company: defineField.relation({ label: 'Company', target: 'company', inverseName: 'attachments' }),
    opportunity: defineField.relation({
      label: 'Opportunity',
      target: 'opportunity',
      inverseName: 'attachments',
    }),
  },
};

function targetFields(owner: 'task' | 'note', inverseName: string): FieldMap {
  return {
    [owner]: defineField.relation({ label: owner, target: owner, inverseName }),
    person: defineField.relation({ label: 'Person', target: 'person', inverseName }),
    company: defineField.relation({ label: 'Company', target: 'company', inverseName }),
    opportunity: defineField.relation({ label: 'Opportunity', target: 'opportunity', inverseName }),
  };
}
