/**
 * The segments plugin's one vocabulary: a segment's stages (in order) and a member's statuses, with
 * the values Twenty stores, the English option labels and the Russian the pages and messages show.
 */

export const SEGMENT_STAGES = ['DRAFT', 'REVIEW', 'APPROVED', 'IN_PROGRESS', 'DONE'] as const;
export type SegmentStage = (typeof SEGMENT_STAGES)[number];

export const SEGMENT_STAGE_RU: Readonly<Record<SegmentStage, string>> = {
  DRAFT: 'Черновик',
  REVIEW: 'На проверке',
  APPROVED: 'Утверждён',
  IN_PROGRESS: 'В работе',
  DONE: 'Завершён',
};

const stageColor = {
  DRAFT: 'gray',
  REVIEW: 'yellow',
  APPROVED: 'sky',
  IN_PROGRESS: 'blue',
  DONE: 'green',
} as const;
export const SEGMENT_STAGE_OPTIONS = SEGMENT_STAGES.map((value) => ({
  value,
  label: { DRAFT: 'Draft', REVIEW: 'Review', APPROVED: 'Approved', IN_PROGRESS: 'In progress', DONE: 'Done' }[
    value
  ],
  color: stageColor[value],
}));

export const MEMBER_STATUSES = ['INVITED', 'CONFIRMED', 'DECLINED', 'ATTENDED'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEMBER_STATUS_RU: Readonly<Record<MemberStatus, string>> = {
  INVITED: 'Приглашён',
  CONFIRMED: 'Подтвердил',
  DECLINED: 'Отказался',
  ATTENDED: 'Участвовал',
};

const memberColor = { INVITED: 'gray', CONFIRMED: 'blue', DECLINED: 'red', ATTENDED: 'green' } as const;
export const MEMBER_STATUS_OPTIONS = MEMBER_STATUSES.map((value) => ({
  value,
  label: value.charAt(0) + value.slice(1).toLowerCase(),
  color: memberColor[value],
}));

export const isStage = (v: unknown): v is SegmentStage =>
  typeof v === 'string' && (SEGMENT_STAGES as readonly string[]).includes(v);
export const isMemberStatus = (v: unknown): v is MemberStatus =>
  typeof v === 'string' && (MEMBER_STATUSES as readonly string[]).includes(v);
