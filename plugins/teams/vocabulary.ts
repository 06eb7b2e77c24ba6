/**
 * The teams plugin's one vocabulary: access levels (ordered), membership statuses, the covered
 * record kinds and how pages name them. Imported everywhere; never copied.
 */

export const ACCESS_LEVELS = ['READ', 'EDIT', 'OWNER'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export const ACCESS_LEVEL_OPTIONS = [
  { value: 'READ', label: 'Read', color: 'sky' },
  { value: 'EDIT', label: 'Edit', color: 'orange' },
  { value: 'OWNER', label: 'Owner', color: 'green' },
] as const;

export const ACCESS_LEVEL_RU: Readonly<Record<AccessLevel, string>> = {
  READ: 'Чтение',
  EDIT: 'Редактирование',
  OWNER: 'Владелец',
};

export function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** READ < EDIT < OWNER. */
export function levelRank(level: AccessLevel): number {
  return ACCESS_LEVELS.indexOf(level);
}

export function higherLevel(a: AccessLevel, b: AccessLevel): AccessLevel {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/**
 * ACTIVE grants; the others say why a membership grants nothing. ABOVE_ADDER is decided when the
 * member is added (only then is the adder known) and stays until the level is changed.
 */
export const MEMBER_STATUSES = ['ACTIVE', 'DUPLICATE', 'ABOVE_ADDER', 'INACTIVE_MEMBER', 'NO_DEAL'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEMBER_STATUS_OPTIONS = [
  { value: 'ACTIVE', label: 'Active', color: 'green' },
  { value: 'DUPLICATE', label: 'Already on the team', color: 'red' },
  { value: 'ABOVE_ADDER', label: 'Level above the adder’s', color: 'red' },
  { value: 'INACTIVE_MEMBER', label: 'Account deactivated', color: 'gray' },
  { value: 'NO_DEAL', label: 'Deal deleted', color: 'gray' },
] as const;

export const MEMBER_STATUS_RU: Readonly<Record<MemberStatus, string>> = {
  ACTIVE: 'Действует',
  DUPLICATE: 'Уже в команде',
  ABOVE_ADDER: 'Уровень выше, чем у добавившего',
  INACTIVE_MEMBER: 'Учётная запись отключена',
  NO_DEAL: 'Сделка удалена',
};

/** Record kinds the teams plugin grants on and restricts; the revenue ones only when installed. */
export const COVERED_OBJECTS = ['opportunity', 'company', 'person', 'task', 'note'] as const;
export const REVENUE_OBJECTS = ['revenueScenario', 'revenuePlanLine', 'revenueAllocation'] as const;
export type CoveredObject = (typeof COVERED_OBJECTS)[number] | (typeof REVENUE_OBJECTS)[number];

export const OBJECT_RU: Readonly<Record<string, string>> = {
  opportunity: 'Сделка',
  company: 'Компания',
  person: 'Контакт',
  task: 'Задача',
  note: 'Заметка',
  revenueScenario: 'Сценарий выручки',
  revenuePlanLine: 'Строка плана выручки',
  revenueAllocation: 'Распределение выручки',
};

/** Why a record is reached from a deal (the grant's reason names it). */
export const LINK_KINDS = [
  'deal',
  'company',
  'contact',
  'pointOfContact',
  'task',
  'note',
  'tagged',
  'revenue',
] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const LINK_RU: Readonly<Record<LinkKind, string>> = {
  deal: 'сама сделка',
  company: 'компания сделки',
  contact: 'контакт компании сделки',
  pointOfContact: 'контактное лицо сделки',
  task: 'задача по сделке',
  note: 'заметка по сделке',
  tagged: 'отмечено командой',
  revenue: 'выручка по сделке',
};
