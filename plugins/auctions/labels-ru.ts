/**
 * Auctions in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): labels, descriptions
 * and option labels `realty setup` provisions. Statuses, stages, admissions, deposit statuses and
 * bid sources come from the one vocabulary (vocabulary.ts).
 */
import { capitalizedLabels, defineLabels } from '../core/plugin/index';
import {
  ADMISSION_RU,
  AUCTION_STATUS_RU,
  BID_SOURCE_RU,
  DEPOSIT_STATUS_RU,
  LOT_STATUS_RU,
  STAGE_RU,
} from './vocabulary';

const VALIDATION_ISSUE = {
  label: 'Нарушение правил',
  description: 'Заполняется, если правка в Twenty нарушает правила аукциона; правка не исполнена',
};

export const auctionsLabelsRu = defineLabels({
  auction: {
    labelSingular: 'Аукцион',
    labelPlural: 'Аукционы',
    description: 'Электронный аукцион (торги): даты, правила и итог',
    views: [
      {
        name: 'Аукционы по статусам',
        icon: 'IconGavel',
        fields: [
          'number',
          'status',
          'platform',
          'procedureNumber',
          'applicationStart',
          'applicationEnd',
          'admissionDeadline',
          'biddingStart',
          'biddingEnd',
          'resultsAt',
          'consoleLink',
        ],
        groupBy: 'status',
        sort: [{ field: 'biddingStart', direction: 'desc' }],
      },
    ],
    fields: {
      name: { label: 'Название' },
      number: { label: 'Номер', icon: 'IconHash' },
      status: { label: 'Статус', icon: 'IconProgress', options: capitalizedLabels(AUCTION_STATUS_RU) },
      announcedAt: { label: 'Объявлен', icon: 'IconSpeakerphone' },
      applicationStart: { label: 'Начало приёма заявок', icon: 'IconCalendarEvent' },
      applicationEnd: { label: 'Окончание приёма заявок', icon: 'IconCalendarEvent' },
      admissionDeadline: { label: 'Срок допуска', icon: 'IconCalendarDue' },
      admissionCompletedAt: { label: 'Протокол допуска', icon: 'IconClipboardCheck' },
      biddingStart: { label: 'Начало торгов', icon: 'IconCalendarEvent' },
      biddingEnd: { label: 'Окончание торгов', icon: 'IconCalendarEvent' },
      resultsAt: { label: 'Протокол итогов', icon: 'IconClipboardList' },
      depositPercent: { label: 'Задаток, %', icon: 'IconPercentage' },
      stepPercent: { label: 'Шаг аукциона, %', icon: 'IconPercentage' },
      contractDeadlineDays: { label: 'Срок договора, дней', icon: 'IconCalendarTime' },
      platform: { label: 'Площадка', icon: 'IconWorld' },
      procedureNumber: { label: 'Номер процедуры', icon: 'IconHash' },
      terminationReason: { label: 'Причина прекращения', icon: 'IconCircleX' },
      failureReason: { label: 'Причина несостоявшихся торгов', icon: 'IconCircleX' },
      consoleLink: { label: 'Пульт аукциона' },
      validationIssue: VALIDATION_ISSUE,
    },
  },
  auctionLot: {
    labelSingular: 'Лот',
    labelPlural: 'Лоты',
    description: 'Одно помещение, выставленное на аукцион',
    fields: {
      name: { label: 'Название' },
      auction: { label: 'Аукцион', icon: 'IconGavel', inverseLabel: 'Лоты' },
      unit: { label: 'Помещение', icon: 'IconDoor', inverseLabel: 'Лоты аукционов' },
      number: { label: 'Номер лота', icon: 'IconHash' },
      startPrice: { label: 'Начальная цена', icon: 'IconCurrencyRubel' },
      depositAmount: { label: 'Задаток', icon: 'IconCoins' },
      stepAmount: { label: 'Шаг аукциона', icon: 'IconStairsUp' },
      status: { label: 'Статус', icon: 'IconProgress', options: capitalizedLabels(LOT_STATUS_RU) },
      winner: { label: 'Победитель', icon: 'IconTrophy', inverseLabel: 'Выигранные лоты' },
      finalPrice: { label: 'Итоговая цена', icon: 'IconCurrencyRubel' },
      contractDeadline: { label: 'Заключить договор до', icon: 'IconCalendarDue' },
      winnerRefusedAt: { label: 'Отказ победителя', icon: 'IconUserX' },
      contractSignedAt: { label: 'Договор подписан', icon: 'IconSignature' },
      validationIssue: { label: VALIDATION_ISSUE.label },
    },
  },
  auctionApplication: {
    labelSingular: 'Заявка на аукцион',
    labelPlural: 'Заявки на аукцион',
    description: 'Заявка участника на лот, её задаток и допуск',
    fields: {
      name: { label: 'Название' },
      lot: { label: 'Лот', icon: 'IconBox', inverseLabel: 'Заявки' },
      applicant: { label: 'Заявитель', icon: 'IconUser', inverseLabel: 'Заявки на аукционы' },
      submittedAt: { label: 'Подана', icon: 'IconCalendarEvent' },
      depositPaid: {
        label: 'Задаток получен',
        description: 'Сумма поступивших платежей задатка',
        icon: 'IconCoins',
      },
      depositPaidAt: { label: 'Задаток получен полностью', icon: 'IconCalendarCheck' },
      depositPaymentRefs: {
        label: 'Платежи задатка',
        description: 'Платежи, зачтённые в полученный задаток (каждый один раз)',
        icon: 'IconReceipt',
      },
      depositStatus: {
        label: 'Статус задатка',
        icon: 'IconProgress',
        options: capitalizedLabels(DEPOSIT_STATUS_RU),
      },
      refundDueBy: { label: 'Вернуть задаток до', icon: 'IconCalendarDue' },
      admission: { label: 'Допуск', icon: 'IconUserCheck', options: capitalizedLabels(ADMISSION_RU) },
      rejectionReason: { label: 'Причина отказа в допуске', icon: 'IconCircleX' },
    },
  },
  auctionBid: {
    labelSingular: 'Ставка',
    labelPlural: 'Ставки',
    description: 'Ставка на торгах по лоту',
    fields: {
      name: { label: 'Название' },
      lot: { label: 'Лот', icon: 'IconBox', inverseLabel: 'Ставки' },
      application: { label: 'Заявка', icon: 'IconFileCheck', inverseLabel: 'Ставки' },
      amount: { label: 'Сумма', icon: 'IconCurrencyRubel' },
      placedAt: { label: 'Сделана', icon: 'IconClock' },
      source: { label: 'Источник', icon: 'IconDatabaseImport', options: capitalizedLabels(BID_SOURCE_RU) },
    },
  },
  auctionStageResult: {
    labelSingular: 'Протокол этапа',
    labelPlural: 'Протоколы этапов',
    description: 'Протокол одного этапа аукциона: что решено и на какой момент',
    fields: {
      name: { label: 'Название' },
      auction: { label: 'Аукцион', icon: 'IconGavel', inverseLabel: 'Протоколы этапов' },
      stage: { label: 'Этап', icon: 'IconTimeline', options: STAGE_RU },
      summary: { label: 'Итог', icon: 'IconNotes' },
      outcome: { label: 'Снимок итога', icon: 'IconCamera' },
      at: { label: 'Когда', icon: 'IconClock' },
      by: { label: 'Кто', icon: 'IconUser' },
    },
  },
  unit: {
    fields: {
      currentAuction: { label: 'Текущий аукцион' },
      currentAuctionApplicationEnd: { label: 'Аукцион: окончание приёма заявок', icon: 'IconCalendarEvent' },
      currentAuctionBiddingStart: { label: 'Аукцион: начало торгов', icon: 'IconCalendarEvent' },
      auctionProblem: {
        label: 'Аукцион: расхождение',
        description:
          'Заполняется проверкой согласованности аукционов, если статус помещения и его аукционы расходятся (На торгах без действующего лота или в лоте, но не На торгах); очищается, когда они сходятся',
      },
    },
  },
});
