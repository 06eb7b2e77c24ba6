/**
 * Revenue in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): what `realty setup`
 * provisions; scenario kinds and plan-line statuses are the pages' words (revenue-views.ts).
 */
import { defineLabels } from '../core/plugin/index';
import { KIND_RU, STATUS_RU } from './revenue-views';

const VALIDATION_ISSUE = {
  label: 'Нарушение правил',
  description: 'Заполняется twenty-realty, если запись нарушает правило выручки; пусто, когда всё в порядке',
};

export const revenueLabelsRu = defineLabels({
  department: {
    labelSingular: 'Отдел',
    labelPlural: 'Отделы',
    description: 'Отдел (практика), получающий долю выручки сделки',
    fields: {
      name: { label: 'Название' },
      parent: { label: 'Вышестоящий отдел', inverseLabel: 'Подотделы' },
      head: { label: 'Руководитель', inverseLabel: 'Руководимые отделы' },
    },
  },
  revenueScenario: {
    labelSingular: 'Сценарий выручки',
    labelPlural: 'Сценарии выручки',
    description: 'Один прогноз поступления денег по сделке; у сделки их несколько, ровно один основной',
    fields: {
      name: { label: 'Название' },
      opportunity: { label: 'Сделка', inverseLabel: 'Сценарии выручки' },
      kind: {
        label: 'Вид',
        icon: 'IconCategory',
        options: KIND_RU,
      },
      probability: {
        label: 'Вероятность, %',
        description: 'Вес сценария в прогнозе портфеля (0–100); пусто — 100',
      },
      isPrimary: { label: 'Основной' },
      validationIssue: VALIDATION_ISSUE,
    },
  },
  revenuePlanLine: {
    labelSingular: 'Строка плана выручки',
    labelPlural: 'План поступлений',
    description: 'Ожидаемый платёж сценария: срок, сумма в любой валюте, что поступило',
    fields: {
      name: { label: 'Название' },
      scenario: { label: 'Сценарий', inverseLabel: 'Строки плана' },
      dueDate: { label: 'Срок' },
      amount: { label: 'Сумма', icon: 'IconCurrencyRubel' },
      status: {
        label: 'Статус',
        icon: 'IconProgress',
        options: STATUS_RU,
      },
      receivedDate: { label: 'Дата поступления' },
      receivedAmount: { label: 'Поступило', icon: 'IconCash' },
      validationIssue: VALIDATION_ISSUE,
    },
  },
  revenueAllocation: {
    labelSingular: 'Распределение выручки',
    labelPlural: 'Распределения выручки',
    description: 'Доля выручки сделки (или одного сценария), зачтённая отделу и/или сотруднику',
    fields: {
      name: { label: 'Название' },
      opportunity: { label: 'Сделка', inverseLabel: 'Распределения выручки' },
      scenario: { label: 'Сценарий', inverseLabel: 'Распределения' },
      department: { label: 'Отдел', inverseLabel: 'Распределения' },
      member: { label: 'Сотрудник', inverseLabel: 'Распределения выручки' },
      sharePercent: { label: 'Доля, %' },
      fixedAmount: { label: 'Фиксированная сумма', icon: 'IconCurrencyRubel' },
      splitType: {
        label: 'Вид распределения',
        icon: 'IconArrowsSplit',
        options: { REVENUE: 'Раздел выручки (в сумме 100 %)', OVERLAY: 'Сверх (не суммируется)' },
      },
      roleOnDeal: {
        label: 'Роль в сделке',
        description: 'Роль сотрудника или отдела в сделке',
        icon: 'IconUserStar',
      },
      validationIssue: VALIDATION_ISSUE,
    },
  },
  exchangeRate: {
    labelSingular: 'Курс валюты',
    labelPlural: 'Курсы валют',
    description: 'Официальный курс Банка России: рублей за `nominal` единиц, действует с `date`',
    fields: {
      name: { label: 'Название' },
      date: {
        label: 'Дата',
        description: 'Дата, с которой действует курс (ValCurs@Date)',
        icon: 'IconCalendar',
      },
      currencyCode: { label: 'Валюта', description: 'Буквенный код ISO 4217 (CharCode)', icon: 'IconCoin' },
      rate: { label: 'Курс', description: 'Рублей за номинал (Value), точная дробь', icon: 'IconChartLine' },
      nominal: {
        label: 'Номинал',
        description: 'Сколько единиц валюты котируется (100 для JPY, KZT)',
        icon: 'IconHash',
      },
      source: { label: 'Источник', description: 'Откуда взят курс (адрес банка или файл)', icon: 'IconLink' },
    },
  },
});
