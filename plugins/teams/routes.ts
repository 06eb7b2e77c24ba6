/**
 * HTTP routes of project teams: a deal's team (JSON and the /teams/:opportunityId page), adding
 * and removing members (admin, or an OWNER of the deal), "who can see this and why"
 * (/api/access/:object/:id), and the team list by member and department for reports. All reads
 * go through the caller's scoped reader, so the grants restrict them like every other route.
 * Grants for a member added here appear within seconds: the app's own write reaches the teams
 * handlers through Twenty's webhook like any other change; the answer says so.
 */
import { z } from 'zod';
import { refusedOrMissing } from '../core/access/index';
import {
  badRequest,
  defineRoute,
  forbidden,
  notFound,
  pageResponse,
  type RouteContext,
  RouteError,
} from '../core/plugin/index';
import { renderTeamsPage, TEAMS_PAGE_PATH, TEAMS_ROLES } from './pages/teams-page';

import { moscowDate } from './rules/grants';
import { checkAddition } from './rules/member-checks';
import { loadDealTeams, recordTitles, TEAM_VIEW_OBJECTS } from './team-view';
import { ACCESS_LEVEL_RU, type AccessLevel, COVERED_OBJECTS, OBJECT_RU } from './vocabulary';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a record id (uuid)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'is not a date (YYYY-MM-DD)');

export const SWEEP_NOTE = 'права участника появятся через несколько секунд — обновите страницу';

/** The deal's teams; a deal Twenty does not have is a 404, one the caller may not see a 403. */
const dealTeams = (ctx: RouteContext, opportunityId: string) =>
  refusedOrMissing(
    ctx.writer,
    'opportunity',
    opportunityId,
    () => loadDealTeams(ctx.reader, ctx.links, opportunityId, ctx.clock.now()),
    `сделка ${opportunityId} не найдена или удалена`,
  );

export const teamRoute = defineRoute({
  method: 'GET',
  path: '/api/teams/:opportunityId',
  roles: TEAMS_ROLES,
  description: 'A deal’s project team: members with levels and dates, every grant with its reason',
  objects: [...TEAM_VIEW_OBJECTS],
  params: z.object({ opportunityId: uuid }),
  async handler({ params }, ctx) {
    return { body: await dealTeams(ctx, params.opportunityId) };
  },
});

export const teamPageRoute = defineRoute({
  method: 'GET',
  path: TEAMS_PAGE_PATH,
  roles: TEAMS_ROLES,
  description: 'The page of a deal’s project team',
  objects: [...TEAM_VIEW_OBJECTS],
  params: z.object({ opportunityId: uuid }),
  async handler({ params }, ctx) {
    return pageResponse(
      () => dealTeams(ctx, params.opportunityId),
      (outcome) =>
        renderTeamsPage({
          principal: ctx.principal,
          pages: ctx.pages,
          path: `/teams/${params.opportunityId}`,
          ...(outcome.view ? { view: outcome.view } : {}),
          ...(outcome.problem ? { problem: outcome.problem } : {}),
        }),
    );
  },
});

const addBody = z.object({
  memberId: uuid,
  accessLevel: z.enum(['READ', 'EDIT', 'OWNER']),
  projectRole: z.string().trim().max(200).optional(),
  department: z.string().trim().max(200).optional(),
  validFrom: date.optional(),
  validTo: date.optional(),
});

export const addMemberRoute = defineRoute({
  method: 'POST',
  path: '/api/teams/:opportunityId/members',
  roles: TEAMS_ROLES,
  description: 'Adds a member to the deal’s team (admin or an OWNER of the deal; never above your own level)',
  objects: [...TEAM_VIEW_OBJECTS],
  params: z.object({ opportunityId: uuid }),
  body: addBody,
  async handler({ params, body }, ctx) {
    const now = ctx.clock.now();
    const view = await dealTeams(ctx, params.opportunityId);
    if (!view.canManage)
      throw forbidden(
        'teams_not_owner',
        'менять команду могут владелец сделки, руководитель команды, участник с уровнем «Владелец» и администратор',
      );
    const [member] = await ctx.reader.query<{ id: string }>(
      'select id::text as id from {workspaceMember} where id = $1::uuid',
      [body.memberId],
    );
    const team = view.teams[0];
    const refusal = checkAddition({
      requested: body.accessLevel,
      memberId: body.memberId,
      adder: view.yourLevel,
      deal: {
        id: view.deal.id,
        name: view.deal.name,
        companyId: null,
        pointOfContactId: null,
        ownerId: null,
      },
      memberActive: !!member,
      others: (team?.members ?? []).map((m) => ({
        id: m.id,
        teamId: team?.id ?? null,
        memberId: m.memberId,
        accessLevel: m.level,
        validFrom: m.validFrom,
        validTo: m.validTo,
        status: m.status,
        createdAt: null,
      })),
      validFrom: body.validFrom ?? null,
      validTo: body.validTo ?? null,
      now,
    });
    if (refusal)
      throw new RouteError(refusal.status, refusal.code, refusal.message, { field: refusal.field });
    let teamId = team?.id;
    if (!teamId) {
      const created = await ctx.writer.records('projectTeam').create({
        name: `Команда сделки «${view.deal.name}»`,
        opportunityId: view.deal.id,
        ...(ctx.principal.kind === 'staff' ? { leadId: ctx.principal.memberId } : {}),
      });
      teamId = created.id;
    }
    const created = await ctx.writer.records('projectTeamMember').create({
      name: view.candidates.find((c) => c.id === body.memberId)?.name ?? 'Участник',
      teamId,
      memberId: body.memberId,
      accessLevel: body.accessLevel,
      status: 'ACTIVE',
      ...(body.projectRole ? { projectRole: body.projectRole } : {}),
      ...(body.department ? { department: body.department } : {}),
      validFrom: body.validFrom ?? moscowDate(now),
      ...(body.validTo ? { validTo: body.validTo } : {}),
    });
    return {
      status: 201,
      body: { membershipId: created.id, teamId, level: body.accessLevel, note: SWEEP_NOTE },
    };
  },
});

export const removeMemberRoute = defineRoute({
  method: 'DELETE',
  path: '/api/teams/:opportunityId/members/:membershipId',
  roles: TEAMS_ROLES,
  description: 'Removes a member from the deal’s team (admin or an OWNER of the deal); their grants go',
  objects: [...TEAM_VIEW_OBJECTS],
  params: z.object({ opportunityId: uuid, membershipId: uuid }),
  async handler({ params }, ctx) {
    const view = await dealTeams(ctx, params.opportunityId);
    if (!view.canManage)
      throw forbidden(
        'teams_not_owner',
        'менять команду могут владелец сделки, руководитель команды, участник с уровнем «Владелец» и администратор',
      );
    const found = view.teams.flatMap((t) => t.members).find((m) => m.id === params.membershipId);
    if (!found) throw notFound('teams_member_not_found', 'такого участника в команде этой сделки нет');
    await ctx.writer.records('projectTeamMember').delete(found.id, { mode: 'soft' });
    return { body: { removed: found.id, note: 'права участника будут отозваны через несколько секунд' } };
  },
});

export const accessRoute = defineRoute({
  method: 'GET',
  path: '/api/access/:object/:id',
  roles: TEAMS_ROLES,
  description: 'Who can see this record and why: its grants with their reasons (403 without access)',
  objects: [...TEAM_VIEW_OBJECTS],
  params: z.object({ object: z.string(), id: uuid }),
  async handler({ params }, ctx) {
    const object = params.object;
    if (!(COVERED_OBJECTS as readonly string[]).includes(object))
      throw badRequest(
        'teams_bad_object',
        `объект «${object}» не охвачен проектными командами; допустимы: ${COVERED_OBJECTS.join(', ')}`,
        'object',
      );
    const record = await ctx.reader.get(object, params.id);
    const isAdmin = ctx.principal.kind === 'staff' && ctx.principal.role === 'admin';
    if (!record) {
      if (isAdmin) throw notFound('teams_record_not_found', `${OBJECT_RU[object]} ${params.id} не найдена`);
      throw forbidden(
        'access_denied',
        `у вас нет доступа к этой записи (${OBJECT_RU[object]}): нет права от проектной команды`,
      );
    }
    const grants = await ctx.reader.query<{
      member_id: string;
      level: string;
      reason: string | null;
      expires_at: string | null;
      team_id: string | null;
      team_name: string | null;
      first: string | null;
      last: string | null;
      email: string | null;
    }>(
      `select g.member_id::text, g.level, g.reason, g.expires_at::text, g.team_id::text, t.name as team_name,
              m.name_first_name as first, m.name_last_name as last, m.user_email as email
         from {recordAccessGrant} g left join {projectTeam} t on t.id = g.team_id
         left join {workspaceMember} m on m.id = g.member_id
        where g.object_name = $1 and g.record_id = $2 order by m.name_last_name nulls last, g.level`,
      [object, params.id],
    );
    const [title] = (await recordTitles(ctx.reader, [{ objectName: object, recordId: params.id }])).values();
    const me = ctx.principal.kind === 'staff' ? ctx.principal.memberId : null;
    const mine = grants.filter((g) => g.member_id === me);
    return {
      body: {
        object,
        objectRu: OBJECT_RU[object],
        id: params.id,
        title: title ?? null,
        url: ctx.links.twentyRecord(object, params.id),
        yourAccess: isAdmin
          ? 'admin'
          : mine.length > 0
            ? mine
                .map((g) => g.level as AccessLevel)
                .sort()
                .reverse()[0]
            : grants.length === 0
              ? 'role'
              : 'owner',
        grants: grants.map((g) => ({
          memberId: g.member_id,
          memberName: [g.first, g.last].filter(Boolean).join(' ') || g.email || 'Без имени',
          level: g.level,
          levelRu: ACCESS_LEVEL_RU[g.level as AccessLevel] ?? g.level,
          reason: g.reason,
          team: g.team_id ? { id: g.team_id, name: g.team_name } : null,
          expiresAt: g.expires_at,
        })),
      },
    };
  },
});

export const teamsListRoute = defineRoute({
  method: 'GET',
  path: '/api/teams',
  roles: TEAMS_ROLES,
  description: 'Project teams by member and department (for reports): the teams the caller may see',
  objects: [...TEAM_VIEW_OBJECTS],
  query: z.object({ memberId: uuid.optional(), department: z.string().trim().max(200).optional() }),
  async handler({ query }, ctx) {
    const rows = await ctx.reader.query<{
      team_id: string;
      team_name: string | null;
      deal_id: string | null;
      deal_name: string | null;
      member_id: string | null;
      department: string | null;
      access_level: string | null;
      project_role: string | null;
      first: string | null;
      last: string | null;
    }>(
      `select t.id::text as team_id, t.name as team_name, o.id::text as deal_id, o.name as deal_name,
              p.member_id::text, p.department, p.access_level, p.project_role,
              m.name_first_name as first, m.name_last_name as last
         from {projectTeam} t
         left join {opportunity} o on o.id = t.opportunity_id
         join {projectTeamMember} p on p.team_id = t.id and coalesce(p.status, 'ACTIVE') = 'ACTIVE'
         left join {workspaceMember} m on m.id = p.member_id
        where ($1::uuid is null or p.member_id = $1::uuid) and ($2::text is null or p.department = $2)
        order by t.name, m.name_last_name`,
      [query.memberId ?? null, query.department ?? null],
    );
    const teams = new Map<
      string,
      {
        id: string;
        name: string | null;
        deal: { id: string | null; name: string | null };
        members: unknown[];
      }
    >();
    for (const r of rows) {
      const team = teams.get(r.team_id) ?? {
        id: r.team_id,
        name: r.team_name,
        deal: { id: r.deal_id, name: r.deal_name },
        members: [],
      };
      team.members.push({
        memberId: r.member_id,
        name: [r.first, r.last].filter(Boolean).join(' '),
        department: r.department,
        level: r.access_level,
        projectRole: r.project_role,
      });
      teams.set(r.team_id, team);
    }
    return { body: { teams: [...teams.values()] } };
  },
});

export const teamsRoutes = [
  teamsListRoute,
  teamRoute,
  teamPageRoute,
  addMemberRoute,
  removeMemberRoute,
  accessRoute,
];
