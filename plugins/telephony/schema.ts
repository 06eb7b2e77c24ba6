/**
 * The call card: one `phoneCall` per call the PBX reported (its id derived from the provider and
 * the provider's call id, so every path that writes it upserts the same record), linked to the
 * client (person) and the operator (workspace member), with the operator's notes and outcome.
 */
import { defineField, defineObject } from '../core/plugin/index';

export const CALL_OUTCOMES = [
  'CONSULTATION',
  'BOOKING',
  'VIEWING',
  'CALLBACK',
  'NOT_INTERESTED',
  'WRONG_NUMBER',
  'OTHER',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const CALL_OUTCOME_RU: Readonly<Record<CallOutcome, string>> = {
  CONSULTATION: 'Консультация',
  BOOKING: 'Бронирование',
  VIEWING: 'Запись на просмотр',
  CALLBACK: 'Перезвонить',
  NOT_INTERESTED: 'Не заинтересован',
  WRONG_NUMBER: 'Ошибся номером',
  OTHER: 'Другое',
};

export const CALL_STATUS_RU: Readonly<Record<string, string>> = {
  ANSWERED: 'Принят',
  MISSED: 'Пропущен',
  BUSY: 'Занято',
  FAILED: 'Не состоялся',
};

export const DIRECTION_RU: Readonly<Record<string, string>> = {
  INCOMING: 'Входящий',
  OUTGOING: 'Исходящий',
};

export const phoneCall = defineObject({
  nameSingular: 'phoneCall',
  namePlural: 'phoneCalls',
  labelSingular: 'Phone Call',
  labelPlural: 'Phone Calls',
  description: 'A call through the virtual PBX: who called whom, when, how it ended, the operator’s notes',
  icon: 'IconPhoneCall',
  fields: {
    direction: defineField.select({
      label: 'Direction',
      options: [
        { value: 'INCOMING', label: 'Incoming', color: 'green' },
        { value: 'OUTGOING', label: 'Outgoing', color: 'blue' },
      ],
    }),
    fromNumber: defineField.text({ label: 'From', description: 'E.164, e.g. +79161234567' }),
    toNumber: defineField.text({ label: 'To', description: 'E.164 or the extension' }),
    person: defineField.relation({
      label: 'Client',
      icon: 'IconUser',
      target: 'person',
      inverseName: 'phoneCalls',
      inverseLabel: 'Phone Calls',
    }),
    operator: defineField.relation({
      label: 'Operator',
      icon: 'IconHeadset',
      target: 'workspaceMember',
      inverseName: 'phoneCalls',
      inverseLabel: 'Phone Calls',
    }),
    startedAt: defineField.dateTime({ label: 'Started at' }),
    answeredAt: defineField.dateTime({ label: 'Answered at' }),
    endedAt: defineField.dateTime({ label: 'Ended at' }),
    durationSeconds: defineField.number({ label: 'Duration, s', decimals: 0 }),
    status: defineField.select({
      label: 'Status',
      options: [
        { value: 'ANSWERED', label: 'Answered', color: 'green' },
        { value: 'MISSED', label: 'Missed', color: 'red' },
        { value: 'BUSY', label: 'Busy', color: 'orange' },
        { value: 'FAILED', label: 'Failed', color: 'gray' },
      ],
    }),
    recordingUrl: defineField.links({ label: 'Recording' }),
    notes: defineField.text({ label: 'Notes' }),
    outcome: defineField.select({
      label: 'Outcome',
      options: CALL_OUTCOMES.map((value) => ({
        value,
        label: CALL_OUTCOME_RU[value],
        color: 'gray' as const,
      })),
    }),
    provider: defineField.text({ label: 'Provider' }),
    providerCallId: defineField.text({ label: 'Provider call id' }),
  },
});

export const telephonyObjects = [phoneCall];
