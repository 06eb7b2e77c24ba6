/**
 * SMS campaigns in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default); statuses come from
 * the one vocabulary (vocabulary.ts).
 */
import { capitalizedLabels, defineLabels } from '../core/plugin/index';
import { CAMPAIGN_STATUS_RU, MESSAGE_STATUS_RU } from './vocabulary';

export const smsLabelsRu = defineLabels({
  smsCampaign: {
    labelSingular: 'SMS-рассылка',
    labelPlural: 'SMS-рассылки',
    description: 'SMS-рассылка людям, выбранным фильтром по клиентам и реестру',
    fields: {
      name: { label: 'Название' },
      text: {
        label: 'Текст',
        description: 'С подстановками {firstName}, {unitNumber} …',
        icon: 'IconTextCaption',
      },
      filter: { label: 'Фильтр аудитории', icon: 'IconFilter' },
      filterText: { label: 'Аудитория', description: 'Фильтр словами', icon: 'IconUsers' },
      advertising: {
        label: 'Реклама',
        description: 'Реклама уходит только людям с согласием на SMS (38-ФЗ, ст. 18)',
        icon: 'IconSpeakerphone',
      },
      status: { label: 'Статус', icon: 'IconProgress', options: capitalizedLabels(CAMPAIGN_STATUS_RU) },
      scheduledAt: { label: 'Запланирована на', icon: 'IconCalendarTime' },
      startedAt: { label: 'Начата', icon: 'IconPlayerPlay' },
      finishedAt: { label: 'Завершена', icon: 'IconFlag' },
      audienceCount: { label: 'Аудитория', icon: 'IconUsers' },
      skippedCount: { label: 'Пропущено', icon: 'IconPlayerSkipForward' },
      sentCount: { label: 'Отправлено', icon: 'IconSend' },
      deliveredCount: { label: 'Доставлено', icon: 'IconChecks' },
      failedCount: { label: 'Не доставлено', icon: 'IconX' },
      segments: { label: 'Частей SMS', icon: 'IconStack2' },
      cost: { label: 'Стоимость', icon: 'IconCurrencyRubel' },
      provider: { label: 'Провайдер', icon: 'IconServer' },
      author: { label: 'Автор', icon: 'IconUser' },
    },
  },
  smsMessage: {
    labelSingular: 'SMS',
    labelPlural: 'SMS-сообщения',
    description: 'SMS одного получателя рассылки и статус доставки',
    fields: {
      name: { label: 'Название' },
      campaign: { label: 'Рассылка', icon: 'IconMessage2', inverseLabel: 'Сообщения' },
      person: { label: 'Человек', icon: 'IconUser', inverseLabel: 'SMS-сообщения' },
      phone: { label: 'Телефон', icon: 'IconPhone' },
      text: { label: 'Текст', icon: 'IconTextCaption' },
      segments: { label: 'Частей', icon: 'IconStack2' },
      status: { label: 'Статус', icon: 'IconProgress', options: capitalizedLabels(MESSAGE_STATUS_RU) },
      providerMessageId: { label: 'Id у провайдера', icon: 'IconId' },
      error: { label: 'Ошибка', icon: 'IconAlertTriangle' },
      sentAt: { label: 'Отправлено', icon: 'IconSend' },
      deliveredAt: { label: 'Доставлено', icon: 'IconChecks' },
    },
  },
  person: {
    fields: {
      smsConsent: {
        label: 'Согласие на рекламные SMS',
        description: 'Предварительное согласие на рекламные SMS (38-ФЗ, ст. 18); без него — только сервисные',
        icon: 'IconMessageCheck',
      },
      smsConsentAt: { label: 'Согласие на SMS дано', icon: 'IconCalendarCheck' },
      smsOptOutAt: {
        label: 'Отказ от SMS',
        description: 'Отказался от SMS (ответ STOP): после этого рассылки не уходят',
        icon: 'IconMessageOff',
      },
    },
  },
});
