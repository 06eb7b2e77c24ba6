/**
 * SMS campaigns and their messages, and the person's SMS consent and opt-out.
 * A campaign keeps its text, the audience filter (JSON), whether it advertises (then only people
 * with consent receive it), its schedule, status, counts and cost; a message is one recipient's
 * SMS with its provider id and delivery status.
 */
import { defineField, defineObject, extendObject } from '../core/plugin/index';
import { CAMPAIGN_STATUS_OPTIONS, MESSAGE_STATUS_OPTIONS } from './vocabulary';

export const smsCampaign = defineObject({
  nameSingular: 'smsCampaign',
  namePlural: 'smsCampaigns',
  labelSingular: 'SMS Campaign',
  labelPlural: 'SMS Campaigns',
  description: 'An SMS campaign to people chosen by a filter over clients and the registry',
  icon: 'IconMessage2',
  fields: {
    name: defineField.text({ label: 'Name' }),
    text: defineField.text({ label: 'Text', description: 'With {firstName}, {unitNumber} … placeholders' }),
    filter: defineField.rawJson({ label: 'Audience filter' }),
    filterText: defineField.text({ label: 'Audience', description: 'The filter as people read it' }),
    advertising: defineField.boolean({
      label: 'Advertising',
      description: 'Advertising goes only to people with SMS consent (38-FZ art. 18)',
      defaultValue: true,
    }),
    status: defineField.select({ label: 'Status', options: CAMPAIGN_STATUS_OPTIONS, defaultValue: 'DRAFT' }),
    scheduledAt: defineField.dateTime({ label: 'Scheduled at' }),
    startedAt: defineField.dateTime({ label: 'Started at' }),
    finishedAt: defineField.dateTime({ label: 'Finished at' }),
    audienceCount: defineField.number({ label: 'Audience', decimals: 0 }),
    skippedCount: defineField.number({ label: 'Skipped', decimals: 0 }),
    sentCount: defineField.number({ label: 'Sent', decimals: 0 }),
    deliveredCount: defineField.number({ label: 'Delivered', decimals: 0 }),
    failedCount: defineField.number({ label: 'Failed', decimals: 0 }),
    segments: defineField.number({ label: 'SMS parts', decimals: 0 }),
    cost: defineField.currency({ label: 'Cost', defaultValue: { currencyCode: 'RUB' } }),
    provider: defineField.text({ label: 'Provider' }),
    author: defineField.text({ label: 'Author' }),
  },
});

export const smsMessage = defineObject({
  nameSingular: 'smsMessage',
  namePlural: 'smsMessages',
  labelSingular: 'SMS Message',
  labelPlural: 'SMS Messages',
  description: 'One recipient’s SMS of a campaign, with its delivery status',
  icon: 'IconMessage',
  fields: {
    campaign: defineField.relation({
      label: 'Campaign',
      target: smsCampaign,
      inverseName: 'messages',
      inverseLabel: 'Messages',
    }),
    person: defineField.relation({
      label: 'Person',
      target: 'person',
      inverseName: 'smsMessages',
      inverseLabel: 'SMS Messages',
    }),
    phone: defineField.text({ label: 'Phone' }),
    text: defineField.text({ label: 'Text' }),
    segments: defineField.number({ label: 'Parts', decimals: 0 }),
    status: defineField.select({ label: 'Status', options: MESSAGE_STATUS_OPTIONS, defaultValue: 'QUEUED' }),
    providerMessageId: defineField.text({ label: 'Provider message id' }),
    error: defineField.text({ label: 'Error' }),
    sentAt: defineField.dateTime({ label: 'Sent at' }),
    deliveredAt: defineField.dateTime({ label: 'Delivered at' }),
  },
});

/** Consent to advertising SMS and the moment the person refused SMS (a STOP reply or by hand). */
export const personSmsFields = extendObject('person', {
  fields: {
    smsConsent: defineField.boolean({
      label: 'SMS advertising consent',
      description: 'Prior consent to advertising SMS (38-FZ art. 18); without it only service SMS',
      defaultValue: false,
    }),
    smsConsentAt: defineField.dateTime({ label: 'SMS consent given at' }),
    smsOptOutAt: defineField.dateTime({
      label: 'SMS opt-out at',
      description: 'Refused SMS (a STOP reply): no campaign SMS after this',
    }),
  },
});

export const smsObjects = [smsCampaign, smsMessage] as const;
