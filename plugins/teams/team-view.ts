/**
 * A deal's team as the page and the API show it, read through the caller's scoped reader: the
 * deal, its teams, each membership with its level, dates and status, every grant with its reason
 * and the record it opens, and whether the caller may manage the team (admin, the deal's owner,
 * the team's lead, or an OWNER member).
 */
import type { ScopedReader } from '../core/access/index';
import { forbidden, notFound, type RouteLinks } from '../core/plugin/index';
import { moscowDate } from './rules/grants';
import { adderLevel } from './rules/member-checks';
import {
  ACCESS_LEVEL_RU,
  type AccessLevel,
  isAccessLevel,
  MEMBER_STATUS_RU,
  type MemberStatus,
  OBJECT_RU,
} from './vocabulary';

export interface MemberView {
  readonly id: string;
  readonly memberId: string | null;
  readonly name: string;
  readonly email: string | null;
  readonly projectRole: string | null;
  readonly department: string | null;
  readonly level: AccessLevel;
  readonly levelRu: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly status: string;
  readonly statusRu: string;
  readonly problem: string | null;
}

export interface GrantView {
  readonly memberId: string;
  readonly memberName: string;
  readonly objectName: string;
  readonly objectRu: string;
  readonly recordId: string;
  readonly recordTitle: string;
  readonly recordUrl: string;
  readonly level: AccessLevel;
  readonly levelRu: string;
  readonly reason: string;
  readonly expiresAt: string | null;
}

export interface TeamView {
  readonly id: string;
  readonly name: string;
  readonly leadName: string | null;
  readonly problem: string | null;
  readonly members: readonly MemberView[];
  readonly grants: readonly GrantView[];
}

export interface DealTeamsView {
  readonly deal: {
    readonly id: string;
    readonly name: string;
    readonly amountMicros: string | null;
    readonly currency: string | null;
    readonly stage: string | null;
    readonly ownerName: string | null;
    readonly companyName: string | null;
    readonly url: string;
  };
  readonly canManage: boolean;
  /** The caller's own level on the deal (null: none). */
  readonly yourLevel: AccessLevel | 'ADMIN' | null;
  readonly teams: readonly TeamView[];
  /** Workspace members a manager may add (only for managers). */
  readonly candidates: readonly { id: string; name: string; email: string | null }[];
}

/** Objects a team view reads. */
export const TEAM_VIEW_OBJECTS = [
  'opportunity',
  'company',
  'person',
  'task',
  'note',
  'workspaceMember',
  'projectTeam',
  'projectTeamMember',
  'recordAccessGrant',
] as const;

const fullName = (first: string | null, last: string | null, email?: string | null) =>
  [first, last].filter((s) => s && s.trim() !== '').join(' ') || email || 'Без имени';

/** Titles of records by object, as the caller may see them (a record outside their scope shows as hidden). */
export async function recordTitles(
  reader: ScopedReader,
  wanted: readonly { objectName: string; recordId: string }[],
): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const byObject = new Map<string, string[]>();
  for (const w of wanted) byObject.set(w.objectName, [...(byObject.get(w.objectName) ?? []), w.recordId]);
  const TITLE: Record<string, string> = {
    opportunity: 'name',
    company: 'name',
    person: `trim(coalesce(name_first_name, '') || ' ' || coalesce(name_last_name, ''))`,
    task: 'title',
    note: 'title',
  };
  for (const [object, ids] of byObject) {
    const title = TITLE[object];
    if (!title) continue;
    const rows = await reader.query<{ id: string; title: string | null }>(
      `select id::text as id, ${title} as title from {${object}} where id::text = any($1::text[])`,
      [ids],
    );
    for (const r of rows) titles.set(`${object}:${r.id}`, r.title || 'Без названия');
  }
  return titles;
}

export async function loadDealTeams(
  reader: ScopedReader,
  links: RouteLinks,
  opportunityId: string,
  now: Date,
): Promise<DealTeamsView> {
  const principal = reader.principal;
  const isAdmin = principal.kind === 'staff' && principal.role === 'admin';
  const [deal] = await reader.query<{
    id: string;
    name: string | null;
    amount_amount_micros: string | null;
    amount_currency_code: string | null;
    stage: string | null;
    owner_id: string | null;
    company_name: string | null;
    owner_first: string | null;
    owner_last: string | null;
  }>(
    `select o.id::text as id, o.name, o.amount_amount_micros::text, o.amount_currency_code, o.stage, o.owner_id::text,
            c.name as company_name, m.name_first_name as owner_first, m.name_last_name as owner_last
       from {opportunity} o left join {company} c on c.id = o.company_id
       left join {workspaceMember} m on m.id = o.owner_id
      where o.id = $1::uuid`,
    [opportunityId],
  );
  if (!deal) {
    if (isAdmin) throw notFound('teams_deal_not_found', `сделка ${opportunityId} не найдена или удалена`);
    throw forbidden('access_denied', 'у вас нет доступа к этой сделке: вы не в её команде и не её владелец');
  }
  const teams = await reader.query<{
    id: string;
    name: string | null;
    problem: string | null;
    lead_id: string | null;
    lead_first: string | null;
    lead_last: string | null;
  }>(
    `select t.id::text as id, t.name, t.problem, t.lead_id::text, m.name_first_name as lead_first, m.name_last_name as lead_last
       from {projectTeam} t left join {workspaceMember} m on m.id = t.lead_id
      where t.opportunity_id = $1::uuid order by t.created_at, t.id`,
    [opportunityId],
  );
  const teamIds = teams.map((t) => t.id);
  const members = await reader.query<{
    id: string;
    team_id: string;
    member_id: string | null;
    project_role: string | null;
    department: string | null;
    access_level: string | null;
    valid_from: string | null;
    valid_to: string | null;
    status: string | null;
    problem: string | null;
    created_at: string | null;
    first: string | null;
    last: string | null;
    email: string | null;
  }>(
    `select p.id::text as id, p.team_id::text, p.member_id::text, p.project_role, p.department, p.access_level,
            p.valid_from::text, p.valid_to::text, p.status, p.problem, p.created_at::text,
            m.name_first_name as first, m.name_last_name as last, m.user_email as email
       from {projectTeamMember} p left join {workspaceMember} m on m.id = p.member_id
      where p.team_id::text = any($1::text[]) order by p.created_at, p.id`,
    [teamIds],
  );
  const grants = await reader.query<{
    team_id: string;
    member_id: string;
    object_name: string;
    record_id: string;
    level: string | null;
    reason: string | null;
    expires_at: string | null;
    first: string | null;
    last: string | null;
    email: string | null;
  }>(
    `select g.team_id::text, g.member_id::text, g.object_name, g.record_id, g.level, g.reason, g.expires_at::text,
            m.name_first_name as first, m.name_last_name as last, m.user_email as email
       from {recordAccessGrant} g left join {workspaceMember} m on m.id = g.member_id
      where g.team_id::text = any($1::text[])
      order by m.name_last_name nulls last, g.object_name, g.record_id`,
    [teamIds],
  );
  const titles = await recordTitles(
    reader,
    grants.map((g) => ({ objectName: g.object_name, recordId: g.record_id })),
  );
  const today = moscowDate(now);
  const memberRows = members.map((m) => ({
    id: m.id,
    teamId: m.team_id,
    memberId: m.member_id,
    accessLevel: m.access_level,
    validFrom: m.valid_from,
    validTo: m.valid_to,
    status: m.status,
    createdAt: m.created_at,
  }));
  const yourLevel: AccessLevel | 'ADMIN' | null = isAdmin
    ? 'ADMIN'
    : principal.kind === 'staff'
      ? teams.reduce<AccessLevel | null>(
          (best, t) => {
            const level = adderLevel(
              principal.memberId,
              { ownerId: deal.owner_id },
              { leadId: t.lead_id },
              memberRows.filter((m) => m.teamId === t.id),
              today,
            );
            return level === 'OWNER' || best === 'OWNER' ? 'OWNER' : (level ?? best);
          },
          deal.owner_id === principal.memberId ? 'OWNER' : null,
        )
      : null;
  const canManage = yourLevel === 'ADMIN' || yourLevel === 'OWNER';
  const candidates = canManage
    ? (
        await reader.query<{ id: string; first: string | null; last: string | null; email: string | null }>(
          `select id::text as id, name_first_name as first, name_last_name as last, user_email as email
             from {workspaceMember} order by name_last_name, name_first_name, id`,
        )
      ).map((m) => ({ id: m.id, name: fullName(m.first, m.last, m.email), email: m.email }))
    : [];
  const level = (value: string | null): AccessLevel => (isAccessLevel(value) ? value : 'READ');
  return {
    deal: {
      id: deal.id,
      name: deal.name || 'Без названия',
      amountMicros: deal.amount_amount_micros,
      currency: deal.amount_currency_code,
      stage: deal.stage,
      ownerName: deal.owner_id ? fullName(deal.owner_first, deal.owner_last) : null,
      companyName: deal.company_name,
      url: links.twentyRecord('opportunity', deal.id),
    },
    canManage,
    yourLevel,
    candidates,
    teams: teams.map((t) => ({
      id: t.id,
      name: t.name || 'Команда без названия',
      leadName: t.lead_id ? fullName(t.lead_first, t.lead_last) : null,
      problem: t.problem,
      members: members
        .filter((m) => m.team_id === t.id)
        .map((m) => {
          const status = (m.status ?? 'ACTIVE') as MemberStatus;
          return {
            id: m.id,
            memberId: m.member_id,
            name: fullName(m.first, m.last, m.email),
            email: m.email,
            projectRole: m.project_role,
            department: m.department,
            level: level(m.access_level),
            levelRu: ACCESS_LEVEL_RU[level(m.access_level)],
            validFrom: m.valid_from,
            validTo: m.valid_to,
            status,
            statusRu: MEMBER_STATUS_RU[status] ?? status,
            problem: m.problem,
          };
        }),
      grants: grants
        .filter((g) => g.team_id === t.id)
        .map((g) => ({
          memberId: g.member_id,
          memberName: fullName(g.first, g.last, g.email),
          objectName: g.object_name,
          objectRu: OBJECT_RU[g.object_name] ?? g.object_name,
          recordId: g.record_id,
          recordTitle: titles.get(`${g.object_name}:${g.record_id}`) ?? 'Скрыто',
          recordUrl: links.twentyRecord(g.object_name, g.record_id),
          level: level(g.level),
          levelRu: ACCESS_LEVEL_RU[level(g.level)],
          reason: g.reason ?? '',
          expiresAt: g.expires_at,
        })),
    })),
  };
}
