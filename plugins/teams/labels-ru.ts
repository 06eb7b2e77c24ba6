/**
 * Project teams in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): what `realty setup`
 * provisions; access levels and member statuses come from the one vocabulary (vocabulary.ts).
 */
import { defineLabels } from '../core/plugin/index';
import { ACCESS_LEVEL_RU, MEMBER_STATUS_RU } from './vocabulary';

/** The fields teams add to every record kind it grants on. */
const TEAM_MARKERS = {
  fields: {
    teamAccess: {
      label: 'Доступ команд',
      description: 'Сотрудники, получившие доступ через проектные команды (ведёт плагин команд)',
    },
    teamNames: {
      label: 'Команды',
      description: 'Проектные команды, работающие с записью (ведёт плагин команд)',
    },
    departmentNames: {
      label: 'Отделы',
      description: 'Отделы участников команд, работающих с записью (ведёт плагин команд)',
    },
  },
};

export const teamsLabelsRu = defineLabels({
  projectTeam: {
    labelSingular: 'Проектная команда',
    labelPlural: 'Проектные команды',
    description:
      'Команда сделки: её участники получают права владельца сделки на всё, что связано со сделкой',
    fields: {
      name: { label: 'Название' },
      opportunity: { label: 'Сделка', inverseLabel: 'Проектные команды' },
      lead: { label: 'Руководитель', inverseLabel: 'Руководимые команды' },
      problem: {
        label: 'Проблема',
        description: 'Почему команда не даёт прав (например, сделка удалена); пусто, когда работает',
        icon: 'IconAlertTriangle',
      },
    },
  },
  projectTeamMember: {
    labelSingular: 'Участник команды',
    labelPlural: 'Участники команд',
    description: 'Сотрудник в команде сделки: роль, уровень доступа и сроки',
    fields: {
      name: { label: 'Название' },
      team: { label: 'Команда', inverseLabel: 'Участники' },
      member: { label: 'Сотрудник', inverseLabel: 'Участие в командах' },
      projectRole: { label: 'Роль в проекте', icon: 'IconUserStar' },
      accessLevel: { label: 'Уровень доступа', icon: 'IconLock', options: ACCESS_LEVEL_RU },
      department: { label: 'Отдел', icon: 'IconHierarchy' },
      validFrom: { label: 'С', icon: 'IconCalendarEvent' },
      validTo: { label: 'По', icon: 'IconCalendarDue' },
      status: { label: 'Статус', icon: 'IconProgress', options: MEMBER_STATUS_RU },
      problem: {
        label: 'Проблема',
        description: 'Почему это участие не даёт прав',
        icon: 'IconAlertTriangle',
      },
    },
  },
  projectTeamTarget: {
    labelSingular: 'Метка команды',
    labelPlural: 'Метки команд',
    description: 'Запись, отмеченная проектной командой: участники команды получают на неё права',
    fields: {
      name: { label: 'Название' },
      team: { label: 'Команда', inverseLabel: 'Отмеченные записи' },
      person: { label: 'Человек', icon: 'IconUser', inverseLabel: 'Метки команд' },
      company: { label: 'Компания', icon: 'IconBuildingSkyscraper', inverseLabel: 'Метки команд' },
      opportunity: { label: 'Сделка', icon: 'IconTargetArrow', inverseLabel: 'Метки команд' },
      task: { label: 'Задача', icon: 'IconCheckbox', inverseLabel: 'Метки команд' },
      note: { label: 'Заметка', icon: 'IconNotes', inverseLabel: 'Метки команд' },
      targetObject: {
        label: 'Другой объект',
        description: 'Для собственных объектов проекта: имя объекта (например, revenueScenario)',
        icon: 'IconBox',
      },
      targetRecordId: { label: 'Id другой записи', icon: 'IconId' },
    },
  },
  recordAccessGrant: {
    labelSingular: 'Право на запись',
    labelPlural: 'Права на записи',
    description: 'Кто видит запись и почему: ведёт плагин команд, вручную не правится',
    fields: {
      name: { label: 'Название' },
      member: { label: 'Сотрудник', inverseLabel: 'Права на записи' },
      objectName: { label: 'Объект', icon: 'IconBox' },
      recordId: { label: 'Id записи', icon: 'IconId' },
      level: { label: 'Уровень', icon: 'IconLock', options: ACCESS_LEVEL_RU },
      reason: { label: 'Основание', icon: 'IconInfoCircle' },
      team: { label: 'Команда', inverseLabel: 'Права' },
      expiresAt: { label: 'Истекает', icon: 'IconCalendarDue' },
      opportunity: { label: 'Сделка', icon: 'IconTargetArrow', inverseLabel: 'Права доступа' },
      company: { label: 'Компания', icon: 'IconBuildingSkyscraper', inverseLabel: 'Права доступа' },
      person: { label: 'Человек', icon: 'IconUser', inverseLabel: 'Права доступа' },
      task: { label: 'Задача', icon: 'IconCheckbox', inverseLabel: 'Права доступа' },
      note: { label: 'Заметка', icon: 'IconNotes', inverseLabel: 'Права доступа' },
    },
  },
  opportunity: {
    fields: { ...TEAM_MARKERS.fields, projectTeamPage: { label: 'Проектная команда' } },
  },
  company: TEAM_MARKERS,
  person: TEAM_MARKERS,
  task: TEAM_MARKERS,
  note: TEAM_MARKERS,
});
