/**
 * Segments in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): what `realty setup`
 * provisions — stages and member statuses from the one vocabulary (vocabulary.ts) — and starting
 * views: segments grouped by stage (the stage board) and members grouped by status.
 */
import { defineLabels } from '../core/plugin/index';
import { MEMBER_STATUS_RU, SEGMENT_STAGE_RU } from './vocabulary';

export const segmentsLabelsRu = defineLabels({
  segment: {
    labelSingular: 'Сегмент',
    labelPlural: 'Сегменты',
    description: 'Список контактов для мероприятия или рассылки: по фильтру или вручную, по этапам',
    fields: {
      name: { label: 'Название' },
      purpose: { label: 'Цель', icon: 'IconTarget' },
      stage: { label: 'Этап', icon: 'IconProgress', options: SEGMENT_STAGE_RU },
      owner: { label: 'Владелец', inverseLabel: 'Мои сегменты' },
      filter: {
        label: 'Фильтр',
        description:
          'Фильтр Twenty по людям и их компаниям, например and(city[eq]:"Москва",company.employees[gte]:50)',
      },
      stageProblem: {
        label: 'Проблема с этапом',
        description: 'Почему последнее изменение этапа в Twenty отменено; пусто, когда всё в порядке',
        icon: 'IconAlertTriangle',
      },
      projectTeamId: {
        label: 'Проектная команда (id)',
        description: 'Проектная команда, для которой собран сегмент (объект плагина команд)',
      },
    },
    views: [
      {
        name: 'Сегменты по этапам',
        icon: 'IconLayoutKanban',
        fields: ['name', 'purpose', 'stage', 'owner'],
        groupBy: 'stage',
      },
    ],
  },
  segmentMember: {
    labelSingular: 'Участник сегмента',
    labelPlural: 'Участники сегментов',
    description: 'Человек в сегменте: кто добавил и его статус',
    fields: {
      name: { label: 'Название' },
      segment: { label: 'Сегмент', inverseLabel: 'Участники' },
      person: { label: 'Человек', inverseLabel: 'Участие в сегментах' },
      addedBy: { label: 'Кто добавил', description: 'Кто добавил человека и как (по фильтру или вручную)' },
      status: { label: 'Статус', icon: 'IconProgressCheck', options: MEMBER_STATUS_RU },
    },
    views: [
      {
        name: 'Участники по статусам',
        icon: 'IconLayoutKanban',
        fields: ['segment', 'person', 'status', 'addedBy'],
        groupBy: 'status',
      },
    ],
  },
  segmentStageChange: {
    labelSingular: 'Смена этапа сегмента',
    labelPlural: 'Смены этапов сегментов',
    description: 'Сегмент переведён с одного этапа на другой: кто и когда',
    fields: {
      name: { label: 'Название' },
      segment: { label: 'Сегмент', inverseLabel: 'Смены этапов' },
      fromStage: { label: 'С этапа', options: SEGMENT_STAGE_RU },
      toStage: { label: 'На этап', options: SEGMENT_STAGE_RU },
      changedBy: { label: 'Кто изменил', inverseLabel: 'Смены этапов сегментов' },
      changedByName: { label: 'Кто изменил (имя)' },
      changedAt: { label: 'Когда' },
      comment: { label: 'Комментарий' },
    },
  },
});
