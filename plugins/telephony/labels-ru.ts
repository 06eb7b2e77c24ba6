/**
 * Phone calls in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default); directions, statuses
 * and outcomes come from the call card's words (schema.ts).
 */
import { defineLabels } from '../core/plugin/index';
import { CALL_OUTCOME_RU, CALL_STATUS_RU, DIRECTION_RU } from './schema';

export const telephonyLabelsRu = defineLabels({
  phoneCall: {
    labelSingular: 'Звонок',
    labelPlural: 'Звонки',
    description: 'Звонок через виртуальную АТС: кто кому звонил, когда, чем закончился, заметки оператора',
    fields: {
      name: { label: 'Название' },
      direction: { label: 'Направление', icon: 'IconArrowsLeftRight', options: DIRECTION_RU },
      fromNumber: {
        label: 'С номера',
        description: 'E.164, например +79161234567',
        icon: 'IconPhoneOutgoing',
      },
      toNumber: { label: 'На номер', description: 'E.164 или добавочный', icon: 'IconPhoneIncoming' },
      person: { label: 'Клиент', inverseLabel: 'Звонки' },
      operator: { label: 'Оператор', inverseLabel: 'Звонки' },
      startedAt: { label: 'Начало', icon: 'IconClock' },
      answeredAt: { label: 'Ответ', icon: 'IconPhoneCheck' },
      endedAt: { label: 'Конец', icon: 'IconClockStop' },
      durationSeconds: { label: 'Длительность, с', icon: 'IconHourglass' },
      status: { label: 'Статус', icon: 'IconProgress', options: CALL_STATUS_RU },
      recordingUrl: { label: 'Запись разговора', icon: 'IconPlayerPlay' },
      notes: { label: 'Заметки', icon: 'IconNotes' },
      outcome: { label: 'Итог', icon: 'IconFlag', options: CALL_OUTCOME_RU },
      provider: { label: 'Провайдер', icon: 'IconServer' },
      providerCallId: { label: 'Id звонка у провайдера', icon: 'IconId' },
    },
  },
});
