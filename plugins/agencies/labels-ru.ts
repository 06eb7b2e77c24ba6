/**
 * Agencies in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): labels, descriptions
 * and option labels `realty setup` provisions. Unit kinds and statuses come from the registry's
 * vocabulary, booking statuses from the portal's.
 */
import { defineLabels } from '../core/plugin/index';
import { UNIT_KIND_RU, UNIT_STATUS_RU } from '../registry/index';
import { BOOKING_STATUS_RU } from './portal/views';

export const agenciesLabelsRu = defineLabels({
  agency: {
    labelSingular: 'Агентство',
    labelPlural: 'Агентства',
    description: 'Аккредитованное агентство-партнёр: статус, аккредитация, комиссия и активность',
    views: [
      {
        name: 'Агентства и показатели',
        icon: 'IconChartBar',
        fields: [
          'name',
          'status',
          'accreditedUntil',
          'commissionPercent',
          'activeUsers',
          'requestsThisMonth',
          'bookingsCount',
          'applicationsCount',
          'salesCount',
          'scopeSummary',
          'statsUpdatedAt',
        ],
        sort: [{ field: 'salesCount', direction: 'desc' }],
      },
    ],
    fields: {
      name: { label: 'Название' },
      company: { label: 'Компания', inverseLabel: 'Агентства' },
      accreditationNumber: { label: 'Номер аккредитации', icon: 'IconCertificate' },
      accreditedFrom: { label: 'Аккредитовано с', icon: 'IconCalendarEvent' },
      accreditedUntil: { label: 'Аккредитовано до', icon: 'IconCalendarDue' },
      status: {
        label: 'Статус',
        icon: 'IconProgress',
        options: { ACTIVE: 'Действует', SUSPENDED: 'Приостановлено', REVOKED: 'Отозвано' },
      },
      commissionPercent: { label: 'Комиссия, %', icon: 'IconPercentage' },
      activeUsers: { label: 'Активных пользователей', icon: 'IconUsers' },
      requestsThisMonth: {
        label: 'Запросов за месяц',
        description: 'Запросы к партнёрскому API и порталу с 1-го числа (по Москве)',
        icon: 'IconApi',
      },
      bookingsCount: { label: 'Бронирований', icon: 'IconBookmark' },
      applicationsCount: { label: 'Заявок на аукционы', icon: 'IconFileCheck' },
      salesCount: { label: 'Продаж', icon: 'IconReceipt' },
      scopeSummary: { label: 'Доступ', description: 'Действующие доступы словами', icon: 'IconKey' },
      statsUpdatedAt: { label: 'Показатели обновлены', icon: 'IconRefresh' },
    },
  },
  agencyAccess: {
    labelSingular: 'Доступ агентства',
    labelPlural: 'Доступы агентств',
    description:
      'Один доступ агентства: место (ЖК, корпус или секция; пусто — всё), типы и статусы помещений (пусто — все), срок и уровень полей',
    fields: {
      name: { label: 'Название' },
      agency: { label: 'Агентство', icon: 'IconBuildingStore', inverseLabel: 'Доступы' },
      complex: { label: 'Жилой комплекс', icon: 'IconBuildingCommunity', inverseLabel: 'Доступы агентств' },
      building: { label: 'Корпус', icon: 'IconBuilding', inverseLabel: 'Доступы агентств' },
      section: { label: 'Секция', icon: 'IconLayoutColumns', inverseLabel: 'Доступы агентств' },
      kinds: { label: 'Типы помещений', icon: 'IconCategory', options: UNIT_KIND_RU },
      statuses: { label: 'Статусы помещений', icon: 'IconProgress', options: UNIT_STATUS_RU },
      validFrom: { label: 'Действует с', icon: 'IconCalendarEvent' },
      validTo: { label: 'Действует до', icon: 'IconCalendarDue' },
      fieldLevel: {
        label: 'Уровень полей',
        icon: 'IconEye',
        options: { BASIC: 'Базовый (без цен)', EXTENDED: 'Расширенный (цены, планировки)' },
      },
    },
  },
  agencyUser: {
    labelSingular: 'Пользователь агентства',
    labelPlural: 'Пользователи агентств',
    description: 'Сотрудник агентства, входящий в партнёрский портал и API',
    fields: {
      agency: { label: 'Агентство', icon: 'IconBuildingStore', inverseLabel: 'Пользователи' },
      name: { label: 'Имя' },
      email: { label: 'E-mail', description: 'Имя для входа (строчными буквами)', icon: 'IconMail' },
      phone: { label: 'Телефон', icon: 'IconPhone' },
      userRole: {
        label: 'Роль',
        icon: 'IconUserShield',
        options: { AGENT: 'Агент', MANAGER: 'Руководитель' },
      },
      active: { label: 'Активен', icon: 'IconToggleRight' },
      passwordSetAt: {
        label: 'Пароль задан',
        description: 'Сам хэш хранит приложение (scrypt), никогда не Twenty',
        icon: 'IconLock',
      },
      lastSignInAt: { label: 'Последний вход', icon: 'IconLogin' },
    },
  },
  booking: {
    labelSingular: 'Бронирование',
    labelPlural: 'Бронирования',
    description: 'Заявка агентства на бронирование помещения для клиента',
    fields: {
      name: { label: 'Название' },
      unit: { label: 'Помещение', icon: 'IconDoor', inverseLabel: 'Бронирования' },
      client: { label: 'Клиент', icon: 'IconUser', inverseLabel: 'Бронирования агентств' },
      agency: { label: 'Агентство', icon: 'IconBuildingStore', inverseLabel: 'Бронирования' },
      agencyUser: { label: 'Подал', icon: 'IconUserShield', inverseLabel: 'Бронирования' },
      clientName: { label: 'Имя клиента (со слов агентства)', icon: 'IconUser' },
      clientPhone: { label: 'Телефон клиента', icon: 'IconPhone' },
      clientEmail: { label: 'E-mail клиента', icon: 'IconMail' },
      status: { label: 'Статус', icon: 'IconProgress', options: BOOKING_STATUS_RU },
      requestedAt: { label: 'Запрошено', icon: 'IconClock' },
      comment: { label: 'Комментарий агентства', icon: 'IconMessage' },
      staffNote: {
        label: 'Внутренняя заметка',
        description: 'Только для сотрудников; агентства её не видят',
        icon: 'IconNote',
      },
    },
  },
  auctionApplication: {
    fields: { agency: { label: 'Агентство', icon: 'IconBuildingStore', inverseLabel: 'Заявки на аукционы' } },
  },
  saleContract: {
    fields: {
      agency: { label: 'Агентство', icon: 'IconBuildingStore', inverseLabel: 'Договоры купли-продажи' },
    },
  },
});
