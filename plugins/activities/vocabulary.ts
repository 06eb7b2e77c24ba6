/**
 * The activities plugin's one vocabulary: interaction kinds, stages (in their order), participant
 * roles and the statuses a participation shows, with how Twenty (options) and pages (Russian) name
 * them. Imported everywhere; never copied.
 */

export const INTERACTION_KINDS = ['CALL', 'MEETING', 'EMAIL', 'WEBINAR', 'EVENT'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export const KIND_OPTIONS = [
  { value: 'CALL', label: 'Call', color: 'blue' },
  { value: 'MEETING', label: 'Meeting', color: 'green' },
  { value: 'EMAIL', label: 'E-mail', color: 'gray' },
  { value: 'WEBINAR', label: 'Webinar', color: 'purple' },
  { value: 'EVENT', label: 'Event', color: 'orange' },
] as const;

export const KIND_RU: Readonly<Record<InteractionKind, string>> = {
  CALL: 'Звонок',
  MEETING: 'Встреча',
  EMAIL: 'Письмо',
  WEBINAR: 'Вебинар',
  EVENT: 'Мероприятие',
};

/** Every stage Twenty knows, in order; which are used and which may not be skipped is a setting. */
export const INTERACTION_STAGES = ['PLANNED', 'PREPARING', 'HELD', 'FOLLOW_UP', 'CLOSED'] as const;
export type InteractionStage = (typeof INTERACTION_STAGES)[number];

export const STAGE_OPTIONS = [
  { value: 'PLANNED', label: 'Planned', color: 'sky' },
  { value: 'PREPARING', label: 'Preparing', color: 'yellow' },
  { value: 'HELD', label: 'Held', color: 'green' },
  { value: 'FOLLOW_UP', label: 'Follow-up', color: 'orange' },
  { value: 'CLOSED', label: 'Closed', color: 'gray' },
] as const;

export const STAGE_RU: Readonly<Record<InteractionStage, string>> = {
  PLANNED: 'Запланировано',
  PREPARING: 'Подготовка',
  HELD: 'Проведено',
  FOLLOW_UP: 'После встречи',
  CLOSED: 'Закрыто',
};

export const PARTICIPANT_ROLES = ['ORGANISER', 'SPEAKER', 'ATTENDEE'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export const ROLE_OPTIONS = [
  { value: 'ORGANISER', label: 'Organiser', color: 'purple' },
  { value: 'SPEAKER', label: 'Speaker', color: 'blue' },
  { value: 'ATTENDEE', label: 'Attendee', color: 'gray' },
] as const;

export const ROLE_RU: Readonly<Record<ParticipantRole, string>> = {
  ORGANISER: 'Организатор',
  SPEAKER: 'Докладчик',
  ATTENDEE: 'Участник',
};

/** Where a participant comes from: our workspace member or the client's person. */
export const SIDE_RU = { OURS: 'наша сторона', CLIENT: 'сторона клиента' } as const;

export const isStage = (v: unknown): v is InteractionStage =>
  typeof v === 'string' && (INTERACTION_STAGES as readonly string[]).includes(v);

/** A participation as people read it: invited → confirmed → attended. */
export function participationRu(p: {
  invited: boolean | null;
  confirmed: boolean | null;
  attended: boolean | null;
}): string {
  if (p.attended) return 'присутствовал(а)';
  if (p.confirmed) return 'подтвердил(а) участие';
  if (p.invited) return 'приглашён(а)';
  return 'в списке';
}
