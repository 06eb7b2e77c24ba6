/**
 * Interactions in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default): what `realty setup`
 * provisions — kinds, stages and roles from the one vocabulary (vocabulary.ts) — and a starting view
 * of interactions grouped by stage (the stage board), filterable by the team and department markers.
 */
import { defineLabels } from '../core/plugin/index';
import { KIND_RU, ROLE_RU, STAGE_RU } from './vocabulary';

export const activitiesLabelsRu = defineLabels({
  interaction: {
    labelSingular: 'Взаимодействие',
    labelPlural: 'Взаимодействия',
    description: 'Звонок, встреча, письмо, вебинар или мероприятие с участниками с обеих сторон, по этапам',
    fields: {
      name: { label: 'Название' },
      subject: { label: 'Тема', icon: 'IconTextCaption' },
      kind: { label: 'Вид', icon: 'IconCategory', options: KIND_RU },
      stage: { label: 'Этап', icon: 'IconProgress', options: STAGE_RU },
      startsAt: { label: 'Начало', icon: 'IconCalendarEvent' },
      endsAt: { label: 'Окончание', icon: 'IconCalendarDue' },
      location: { label: 'Место или ссылка', icon: 'IconMapPin' },
      opportunity: { label: 'Сделка', inverseLabel: 'Взаимодействия' },
      company: { label: 'Компания', inverseLabel: 'Взаимодействия' },
      projectTeam: { label: 'Проектная команда', inverseLabel: 'Взаимодействия' },
      stageChangedAt: { label: 'Этап изменён', icon: 'IconClock' },
      stageChangedBy: { label: 'Кто изменил этап', icon: 'IconUser' },
      stageProblem: {
        label: 'Проблема с этапом',
        description: 'Почему последнее изменение этапа в Twenty отменено; пусто, когда всё в порядке',
        icon: 'IconAlertTriangle',
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
    views: [
      {
        name: 'Взаимодействия по этапам',
        icon: 'IconLayoutKanban',
        fields: [
          'subject',
          'kind',
          'stage',
          'startsAt',
          'opportunity',
          'company',
          'teamNames',
          'departmentNames',
        ],
        groupBy: 'stage',
        sort: [{ field: 'startsAt', direction: 'desc' }],
      },
    ],
  },
  interactionParticipant: {
    labelSingular: 'Участник взаимодействия',
    labelPlural: 'Участники взаимодействий',
    description:
      'Наш сотрудник или человек клиента во взаимодействии: роль, приглашение, подтверждение, присутствие',
    fields: {
      name: { label: 'Название' },
      interaction: { label: 'Взаимодействие', inverseLabel: 'Участники' },
      workspaceMember: { label: 'Наш сотрудник', inverseLabel: 'Участие во взаимодействиях' },
      person: { label: 'Человек клиента', inverseLabel: 'Участие во взаимодействиях' },
      participantRole: { label: 'Роль', icon: 'IconUserStar', options: ROLE_RU },
      invited: { label: 'Приглашён', icon: 'IconMail' },
      invitedAt: { label: 'Приглашён когда', icon: 'IconCalendarEvent' },
      confirmed: { label: 'Подтвердил', icon: 'IconCheck' },
      attended: { label: 'Присутствовал', icon: 'IconUserCheck' },
      source: { label: 'Кто добавил', description: 'Кто или что добавил участника', icon: 'IconInfoCircle' },
      problem: {
        label: 'Проблема',
        description: 'Почему участник указан неверно',
        icon: 'IconAlertTriangle',
      },
    },
  },
  person: {
    fields: { activityPage: { label: 'История участия' } },
  },
});
