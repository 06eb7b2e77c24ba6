/**
 * The default Salesforce → Twenty mapping: standard objects to their Twenty
 * counterparts (and to the project's plugin objects when the workspace has
 * them), every other object — `*__c` included — to a custom object. An admin's
 * mapping file overrides any of it (`--init-mapping` writes this, resolved
 * against the export and the workspace).
 */
import type { ObjectMapping } from '../engine/mapping-file';
import type { Special } from '../engine/plan-types';

export interface DefaultObject extends ObjectMapping {
  special?: Special;
  /** The target object must be in the workspace; otherwise the table becomes a stand-in custom object. */
  requires?: string;
  constants?: Record<string, unknown>;
}

const ADDRESS = (prefix: string, field: string) => ({
  [`${prefix}Street`]: `${field}.addressStreet1`,
  [`${prefix}City`]: `${field}.addressCity`,
  [`${prefix}State`]: `${field}.addressState`,
  [`${prefix}PostalCode`]: `${field}.addressPostcode`,
  [`${prefix}Country`]: `${field}.addressCountry`,
  [`${prefix}Latitude`]: `${field}.addressLat`,
  [`${prefix}Longitude`]: `${field}.addressLng`,
});

const ACCESS_LEVELS = { Read: 'READ', Edit: 'EDIT', All: 'OWNER', None: 'READ' };

export const SALESFORCE_SYSTEM_COLUMNS: ReadonlySet<string> = new Set([
  'Id',
  'IsDeleted',
  'CreatedById',
  'LastModifiedById',
  'SystemModstamp',
  'LastModifiedDate',
  'LastActivityDate',
  'LastViewedDate',
  'LastReferencedDate',
  'MasterRecordId',
  'PhotoUrl',
  'Jigsaw',
  'JigsawCompanyId',
  'JigsawContactId',
  'CleanStatus',
  'ConnectionReceivedId',
  'ConnectionSentId',
  'RecordTypeId',
  'IsArchived',
  'IsClosed',
  'IsWon',
  'HasOpenActivity',
  'HasOverdueTask',
  'HasOptedOutOfEmail',
  'IsEmailBounced',
  'EmailBouncedReason',
  'EmailBouncedDate',
  'ExpectedRevenue',
  'Fiscal',
  'FiscalQuarter',
  'FiscalYear',
  'ForecastCategory',
  'IsPrivate',
  'CurrencyIsoCode',
  'BodyLength',
  'ContentSize',
  'Checksum',
  'VersionData',
  'Body',
  'ContentBodyId',
  'ContentModifiedDate',
  'IsLatest',
  'ContentLocation',
  'ContentUrl',
  'TextPreview',
]);

export const SALESFORCE_DEFAULTS: Readonly<Record<string, DefaultObject>> = {
  User: { special: 'users', fields: { Email: 'email' } },
  Account: {
    target: 'company',
    fields: {
      Name: 'name',
      ParentId: { to: 'parentCompany', type: 'RELATION', object: 'company', label: 'Parent company' },
      OwnerId: 'accountOwner',
      Website: 'domainName',
      NumberOfEmployees: 'employees',
      AnnualRevenue: 'annualRecurringRevenue',
      ...ADDRESS('Billing', 'address'),
      ...Object.fromEntries(
        Object.entries(ADDRESS('Shipping', 'shippingAddress')).map(([k, v]) => [
          k,
          { to: v, type: 'ADDRESS' as const, label: 'Shipping address' },
        ]),
      ),
      Phone: { to: 'phone', type: 'PHONES', label: 'Phone' },
      Fax: { to: 'phone', type: 'PHONES', label: 'Phone' },
      Industry: { to: 'industry', type: 'SELECT', label: 'Industry' },
      Type: { to: 'accountType', type: 'SELECT', label: 'Account type' },
      Rating: { to: 'accountRating', type: 'SELECT', label: 'Rating' },
      Description: { to: 'description', type: 'TEXT', label: 'Description' },
      AccountSource: { to: 'accountSource', type: 'SELECT', label: 'Account source' },
      CreatedDate: { to: 'salesforceCreatedAt', type: 'DATE_TIME', label: 'Created in Salesforce' },
    },
  },
  Contact: {
    target: 'person',
    fields: {
      FirstName: 'name.firstName',
      LastName: 'name.lastName',
      Email: 'emails',
      Phone: 'phones',
      MobilePhone: 'phones.additional',
      HomePhone: 'phones.additional',
      OtherPhone: 'phones.additional',
      Title: 'jobTitle',
      AccountId: 'company',
      MailingCity: 'city',
      ...Object.fromEntries(
        Object.entries(ADDRESS('Mailing', 'mailingAddress'))
          .filter(([k]) => k !== 'MailingCity')
          .map(([k, v]) => [k, { to: v, type: 'ADDRESS' as const, label: 'Mailing address' }]),
      ),
      ReportsToId: { to: 'reportsTo', type: 'RELATION', object: 'person', label: 'Reports to' },
      OwnerId: { to: 'contactOwner', type: 'RELATION', object: 'workspaceMember', label: 'Contact owner' },
      Department: { to: 'department', type: 'TEXT', label: 'Department' },
      Birthdate: { to: 'birthdate', type: 'DATE', label: 'Birthdate' },
      LeadSource: { to: 'leadSource', type: 'SELECT', label: 'Lead source' },
      Description: { to: 'description', type: 'TEXT', label: 'Description' },
      Salutation: { to: 'salutation', type: 'SELECT', label: 'Salutation' },
      CreatedDate: { to: 'salesforceCreatedAt', type: 'DATE_TIME', label: 'Created in Salesforce' },
    },
  },
  Opportunity: {
    target: 'opportunity',
    fields: {
      Name: 'name',
      AccountId: 'company',
      ContactId: 'pointOfContact',
      OwnerId: 'owner',
      Amount: 'amount',
      CloseDate: 'closeDate',
      StageName: 'stage',
      Probability: { to: 'probability', type: 'NUMBER', label: 'Probability, %' },
      Type: { to: 'opportunityType', type: 'SELECT', label: 'Opportunity type' },
      LeadSource: { to: 'leadSource', type: 'SELECT', label: 'Lead source' },
      ForecastCategoryName: { to: 'forecastCategory', type: 'SELECT', label: 'Forecast category' },
      NextStep: { to: 'nextStep', type: 'TEXT', label: 'Next step' },
      Description: { to: 'description', type: 'TEXT', label: 'Description' },
      CampaignId: { to: 'campaign', type: 'RELATION', label: 'Campaign' },
      CreatedDate: { to: 'salesforceCreatedAt', type: 'DATE_TIME', label: 'Created in Salesforce' },
    },
  },
  Task: {
    target: 'task',
    fields: {
      Subject: 'title',
      Description: 'bodyV2',
      ActivityDate: 'dueAt',
      Status: {
        to: 'status',
        values: { 'Not Started': 'TODO', Open: 'TODO', 'In Progress': 'IN_PROGRESS', Completed: 'DONE' },
      },
      OwnerId: 'assignee',
      Priority: { to: 'priority', type: 'SELECT', label: 'Priority' },
      Type: { to: 'activityType', type: 'SELECT', label: 'Activity type' },
      WhoId: '@targets',
      WhatId: '@targets',
    },
  },
  Event: {
    target: 'task',
    constants: { status: 'DONE' },
    fields: {
      Subject: 'title',
      Description: 'bodyV2',
      StartDateTime: 'dueAt',
      ActivityDateTime: 'dueAt',
      EndDateTime: { to: 'endsAt', type: 'DATE_TIME', label: 'Ends at' },
      Location: { to: 'location', type: 'TEXT', label: 'Location' },
      OwnerId: 'assignee',
      Type: { to: 'activityType', type: 'SELECT', label: 'Activity type' },
      WhoId: '@targets',
      WhatId: '@targets',
    },
  },
  EventRelation: {
    target: 'taskTarget',
    special: 'activityRelation',
    fields: { EventId: '@task', RelationId: '@targets' },
  },
  TaskRelation: {
    target: 'taskTarget',
    special: 'activityRelation',
    fields: { TaskId: '@task', RelationId: '@targets' },
  },
  Note: { target: 'note', fields: { Title: 'title', Body: 'bodyV2', ParentId: '@targets' } },
  ContentNote: { target: 'note', fields: { Title: 'title', Content: 'bodyV2', TextPreview: 'bodyV2' } },
  ContentDocumentLink: {
    target: 'noteTarget',
    special: 'activityRelation',
    fields: { ContentDocumentId: '@task', LinkedEntityId: '@targets' },
  },
  Attachment: {
    target: 'attachment',
    special: 'attachment',
    // Body is the file itself (Attachments/<Id> in the export), uploaded, not mapped; ContentType names it.
    fields: { Name: 'name', ParentId: '@parent' },
  },
  ContentVersion: {
    target: 'attachment',
    special: 'attachment',
    fields: {
      Title: 'name',
      PathOnClient: 'name',
      FirstPublishLocationId: '@parent',
    },
  },
  OpportunityTeamMember: {
    target: 'projectTeamMember',
    requires: 'projectTeamMember',
    special: 'teamMember',
    fields: {
      OpportunityId: '@team',
      UserId: 'member',
      TeamMemberRole: { to: 'projectRole', type: 'TEXT' },
      OpportunityAccessLevel: { to: 'accessLevel', values: ACCESS_LEVELS },
    },
  },
  AccountTeamMember: {
    target: 'projectTeamMember',
    requires: 'projectTeamMember',
    special: 'teamMember',
    fields: {
      AccountId: '@team',
      UserId: 'member',
      TeamMemberRole: { to: 'projectRole', type: 'TEXT' },
      AccountAccessLevel: { to: 'accessLevel', values: ACCESS_LEVELS },
      ContactAccessLevel: {
        to: 'contactAccessLevel',
        type: 'SELECT',
        label: 'Contacts access',
        values: ACCESS_LEVELS,
      },
      OpportunityAccessLevel: {
        to: 'opportunityAccessLevel',
        type: 'SELECT',
        label: 'Opportunities access',
        values: ACCESS_LEVELS,
      },
      CaseAccessLevel: {
        to: 'caseAccessLevel',
        type: 'SELECT',
        label: 'Cases access',
        values: ACCESS_LEVELS,
      },
    },
  },
  OpportunitySplit: {
    target: 'revenueAllocation',
    requires: 'revenueAllocation',
    fields: {
      OpportunityId: 'opportunity',
      SplitOwnerId: 'member',
      SplitPercentage: 'sharePercent',
      SplitTypeId: {
        to: 'splitType',
        type: 'SELECT',
        label: 'Split type',
        values: { Revenue: 'REVENUE', Overlay: 'OVERLAY' },
      },
      SplitNote: { to: 'note', type: 'TEXT', label: 'Note' },
    },
  },
  OpportunityLineItem: {
    target: 'revenuePlanLine',
    requires: 'revenuePlanLine',
    special: 'planLine',
    constants: { status: 'PLANNED' },
    fields: {
      OpportunityId: '@scenario',
      ServiceDate: 'dueDate',
      TotalPrice: 'amount',
      Name: { to: 'name', type: 'TEXT', label: 'Name' },
      Description: { to: 'description', type: 'TEXT', label: 'Description' },
      Quantity: { to: 'quantity', type: 'NUMBER', label: 'Quantity' },
    },
  },
  OpportunityLineItemSchedule: {
    target: 'revenuePlanLine',
    requires: 'revenuePlanLine',
    special: 'planLine',
    constants: { status: 'PLANNED' },
    fields: {
      OpportunityLineItemId: '@scenario',
      ScheduleDate: 'dueDate',
      Revenue: 'amount',
      Description: { to: 'description', type: 'TEXT', label: 'Description' },
    },
  },
};

/** What the scan must remember per id for derived records (team and scenario names, a line item's deal). */
/** Which tables use what is remembered (nothing is kept when none of them is exported). */
export const SALESFORCE_REMEMBER_FOR: Readonly<Record<string, readonly string[]>> = {
  Account: ['AccountTeamMember'],
  Opportunity: ['OpportunityTeamMember', 'OpportunityLineItem', 'OpportunityLineItemSchedule'],
  OpportunityLineItem: ['OpportunityLineItemSchedule'],
  ContentNote: ['ContentDocumentLink'],
};

export const SALESFORCE_REMEMBER: Readonly<Record<string, readonly string[]>> = {
  Account: ['Name'],
  Opportunity: ['Name', 'CurrencyIsoCode'],
  OpportunityLineItem: ['OpportunityId'],
  ContentNote: ['Id'],
  OpportunitySplitType: ['MasterLabel', 'DeveloperName'],
};
