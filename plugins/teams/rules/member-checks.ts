/**
 * Whether someone may put a colleague on a deal's team at a level, pure. The deal's owner and the
 * team's lead hold OWNER; others hold the level of their own active membership; an admin (the
 * app's admin role, or a TEAMS_ADMIN_EMAILS member acting in Twenty) may do anything. Nobody
 * grants above their own level, nobody adds a member twice, a deactivated account or a deleted
 * deal gets no team.
 */
import { ACCESS_LEVEL_RU, type AccessLevel, isAccessLevel, levelRank } from '../vocabulary';
import { type DealRow, type MemberRow, moscowDate, type TeamRow, withinDates } from './grants';

/** The level `memberId` holds on the team's deal by position or membership; null: none. */
export function adderLevel(
  memberId: string,
  deal: Pick<DealRow, 'ownerId'> | undefined,
  team: Pick<TeamRow, 'leadId'> | undefined,
  members: readonly MemberRow[],
  today: string,
): AccessLevel | null {
  if (deal?.ownerId === memberId || team?.leadId === memberId) return 'OWNER';
  let best: AccessLevel | null = null;
  for (const m of members) {
    if (m.memberId !== memberId || (m.status && m.status !== 'ACTIVE') || !withinDates(m, today)) continue;
    const level = isAccessLevel(m.accessLevel) ? m.accessLevel : 'READ';
    if (!best || levelRank(level) > levelRank(best)) best = level;
  }
  return best;
}

export interface AdditionInput {
  readonly requested: string | null;
  readonly memberId: string;
  /** The adder's level on the deal (`adderLevel`); 'ADMIN' for an admin. */
  readonly adder: AccessLevel | 'ADMIN' | null;
  readonly deal: DealRow | undefined;
  readonly memberActive: boolean;
  /** The team's other memberships (the one being changed excluded). */
  readonly others: readonly MemberRow[];
  readonly validFrom?: string | null;
  readonly validTo?: string | null;
  readonly now: Date;
}

export interface AdditionRefusal {
  readonly code:
    | 'teams_bad_level'
    | 'teams_no_rights'
    | 'teams_level_above_own'
    | 'teams_member_twice'
    | 'teams_member_inactive'
    | 'teams_deal_deleted'
    | 'teams_bad_dates';
  readonly field: string;
  readonly message: string;
  /** 403 for the adder's rights, 400 for the data, 409 for a duplicate. */
  readonly status: 400 | 403 | 409;
}

/** Why the addition is refused, or null when it may go ahead. */
export function checkAddition(input: AdditionInput): AdditionRefusal | null {
  if (!isAccessLevel(input.requested))
    return {
      code: 'teams_bad_level',
      field: 'accessLevel',
      status: 400,
      message: `уровень доступа «${String(input.requested)}» неизвестен: READ, EDIT или OWNER`,
    };
  if (!input.deal)
    return {
      code: 'teams_deal_deleted',
      field: 'opportunityId',
      status: 400,
      message: 'сделка удалена или не найдена: команду для неё собрать нельзя',
    };
  if (input.adder === null)
    return {
      code: 'teams_no_rights',
      field: 'accessLevel',
      status: 403,
      message:
        'добавлять участников могут владелец сделки, руководитель команды, её участники и администратор',
    };
  if (input.adder !== 'ADMIN' && levelRank(input.requested) > levelRank(input.adder))
    return {
      code: 'teams_level_above_own',
      field: 'accessLevel',
      status: 403,
      message: `нельзя выдать уровень «${ACCESS_LEVEL_RU[input.requested]}»: ваш собственный — «${ACCESS_LEVEL_RU[input.adder]}»`,
    };
  if (!input.memberActive)
    return {
      code: 'teams_member_inactive',
      field: 'memberId',
      status: 400,
      message: 'учётная запись сотрудника отключена или удалена в Twenty',
    };
  const from = input.validFrom ?? null;
  const to = input.validTo ?? null;
  if (from && to && from.slice(0, 10) > to.slice(0, 10))
    return {
      code: 'teams_bad_dates',
      field: 'validTo',
      status: 400,
      message: `дата окончания ${to.slice(0, 10)} раньше даты начала ${from.slice(0, 10)}`,
    };
  const today = moscowDate(input.now);
  const twice = input.others.find(
    (m) =>
      m.memberId === input.memberId &&
      (m.status ?? 'ACTIVE') === 'ACTIVE' &&
      (m.validTo === null || m.validTo.slice(0, 10) >= today),
  );
  if (twice)
    return {
      code: 'teams_member_twice',
      field: 'memberId',
      status: 409,
      message:
        'сотрудник уже в команде этой сделки; измените его уровень или даты вместо повторного добавления',
    };
  return null;
}
