/**
 * Payments in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): labels, descriptions
 * and option labels `realty setup` provisions; purposes, kinds of operation and contract statuses
 * come from the one vocabulary (vocabulary.ts).
 */
import { capitalizedLabels, defineLabels } from '../core/plugin/index';
import { CONTRACT_STATUS_RU, OPERATION_KIND_RU, PAYMENT_PURPOSE_RU } from './vocabulary';

export const paymentsLabelsRu = defineLabels({
  saleContract: {
    labelSingular: 'Договор купли-продажи',
    labelPlural: 'Договоры купли-продажи',
    description: 'Договор с победителем аукциона; цена за вычетом зачтённого задатка',
    fields: {
      name: { label: 'Название' },
      unit: { label: 'Помещение', icon: 'IconDoor', inverseLabel: 'Договоры купли-продажи' },
      buyer: { label: 'Покупатель', icon: 'IconUser', inverseLabel: 'Договоры купли-продажи' },
      lot: { label: 'Лот', icon: 'IconBox', inverseLabel: 'Договоры купли-продажи' },
      number: { label: 'Номер', icon: 'IconHash' },
      plannedDate: { label: 'Подписать до', icon: 'IconCalendarDue' },
      signedAt: { label: 'Подписан', icon: 'IconSignature' },
      price: { label: 'Цена', icon: 'IconCurrencyRubel' },
      depositCredited: { label: 'Зачтённый задаток', icon: 'IconCoins' },
      amountDue: { label: 'К оплате после задатка', icon: 'IconCash' },
      status: { label: 'Статус', icon: 'IconProgress', options: capitalizedLabels(CONTRACT_STATUS_RU) },
    },
  },
  payment: {
    labelSingular: 'Платёж',
    labelPlural: 'Платежи',
    description: 'Платёж участника или покупателя, по банковскому номеру',
    views: [
      {
        name: 'Платежи по дате',
        icon: 'IconCash',
        fields: [
          'paidAt',
          'amount',
          'purpose',
          'payer',
          'lot',
          'application',
          'contract',
          'bankReference',
          'comment',
        ],
        sort: [{ field: 'paidAt', direction: 'desc' }],
      },
    ],
    fields: {
      name: { label: 'Название' },
      payer: { label: 'Плательщик', icon: 'IconUser', inverseLabel: 'Платежи' },
      lot: { label: 'Лот', icon: 'IconBox', inverseLabel: 'Платежи' },
      application: { label: 'Заявка', icon: 'IconFileCheck', inverseLabel: 'Платежи' },
      contract: { label: 'Договор', icon: 'IconFileText', inverseLabel: 'Платежи' },
      amount: { label: 'Сумма', icon: 'IconCurrencyRubel' },
      purpose: { label: 'Назначение', icon: 'IconTag', options: PAYMENT_PURPOSE_RU },
      paidAt: { label: 'Оплачен', icon: 'IconCalendarCheck' },
      bankReference: { label: 'Банковский номер', icon: 'IconBuildingBank' },
      comment: { label: 'Комментарий', icon: 'IconMessage' },
    },
  },
  financialOperation: {
    labelSingular: 'Финансовая операция',
    labelPlural: 'Журнал операций',
    description: 'Журнал денег аукциона: каждый задаток и что с ним стало',
    views: [
      {
        name: 'Журнал аукционов',
        icon: 'IconReceipt',
        fields: [
          'auction',
          'at',
          'kind',
          'amount',
          'lot',
          'application',
          'payment',
          'dueBy',
          'settledAt',
          'by',
        ],
        groupBy: 'kind',
        sort: [{ field: 'at', direction: 'asc' }],
      },
    ],
    fields: {
      name: { label: 'Название' },
      auction: { label: 'Аукцион', icon: 'IconGavel', inverseLabel: 'Финансовые операции' },
      lot: { label: 'Лот', icon: 'IconBox', inverseLabel: 'Финансовые операции' },
      application: { label: 'Заявка', icon: 'IconFileCheck', inverseLabel: 'Финансовые операции' },
      payment: { label: 'Платёж', icon: 'IconCash', inverseLabel: 'Финансовые операции' },
      kind: { label: 'Операция', icon: 'IconArrowsExchange', options: OPERATION_KIND_RU },
      amount: { label: 'Сумма', icon: 'IconCurrencyRubel' },
      at: { label: 'Когда', icon: 'IconClock' },
      dueBy: { label: 'Срок', description: 'Для возврата: срок по закону', icon: 'IconCalendarDue' },
      settledAt: {
        label: 'Исполнена',
        description: 'Для возврата: когда деньги ушли',
        icon: 'IconCalendarCheck',
      },
      by: { label: 'Кто', icon: 'IconUser' },
    },
  },
});
