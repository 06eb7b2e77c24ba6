/**
 * Sales plans in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default); metrics come from the
 * one vocabulary (vocabulary.ts).
 */
import { defineLabels } from '../core/plugin/index';
import { METRIC_RU } from './vocabulary';

export const planfactLabelsRu = defineLabels({
  salesPlan: {
    labelSingular: 'План продаж',
    labelPlural: 'Планы продаж',
    description: 'Месячный план продаж по жилому комплексу и показателю (шт., м², выручка, поступления)',
    fields: {
      name: { label: 'Название', description: 'Например, «План 03.2026 · ЖК Северный · Выручка · v2»' },
      periodMonth: {
        label: 'Месяц',
        description: 'Первое число планового месяца',
        icon: 'IconCalendarMonth',
      },
      complex: {
        label: 'Жилой комплекс',
        description: 'Пусто: план всех комплексов вместе',
        icon: 'IconBuildingCommunity',
        inverseLabel: 'Планы продаж',
      },
      metric: { label: 'Показатель', icon: 'IconChartBar', options: METRIC_RU },
      planValue: { label: 'План', icon: 'IconTarget' },
      version: { label: 'Версия', icon: 'IconVersions' },
      active: { label: 'Действует', description: 'Действующая (последняя) версия', icon: 'IconCircleCheck' },
    },
  },
});
