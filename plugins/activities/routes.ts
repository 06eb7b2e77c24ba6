/**
 * HTTP routes of interactions: plan one with participants from both sides, add participants, mark
 * a participant confirmed or attended, move the stage (logged: who, when), read one with its
 * participants and stage log, and a contact's participation history (JSON and the
 * `/people/:personId/activity` page). Every read goes through the caller's scoped reader and every
 * write through the scoped writer, so project-team grants apply.
 */
import { z } from 'zod';
import { refusedOrMissing } from '../core/access/index';
import { defineRoute, notFound, pageResponse, type RouteContext } from '../core/plugin/index';
import { HISTORY_OBJECTS, participationHistory } from './history';
import { ACTIVITIES_ROLES, ACTIVITY_PAGE_PATH, renderActivityPage } from './pages/activity-page';
import {
  actorName,
  addParticipants,
  inviteToInteraction,
  markParticipant,
  moveStage,
  planInteraction,
  STAGE_LOG_TABLE,
  type StageLogRow,
  stageRu,
} from './service';
import { INTERACTION_KINDS, INTERACTION_STAGES, PARTICIPANT_ROLES } from './vocabulary';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'не идентификатор записи (uuid)');
const instant = z
  .string()
  .refine((v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), {
    message: 'не дата и время (например, 2026-12-10T10:00:00+03:00)',
  });

const OBJECTS = [
  'interaction',
  'interactionParticipant',
  'workspaceMember',
  'person',
  'company',
  'opportunity',
  'projectTeam',
];

const participant = z.object({
  workspaceMemberId: uuid.optional().describe('Наш сотрудник'),
  personId: uuid.optional().describe('Контакт клиента'),
  participantId: uuid.optional().describe('Участник'),
  role: z.enum(PARTICIPANT_ROLES).optional().describe('Роль'),
});

const planBody = z.object({
  subject: z.string().trim().min(1).max(300).describe('Тема'),
  kind: z.enum(INTERACTION_KINDS).describe('Вид'),
  startsAt: instant.describe('Начало'),
  endsAt: instant.optional().describe('Окончание'),
  location: z.string().trim().max(500).optional().describe('Место или ссылка'),
  opportunityId: uuid.optional().describe('Сделка'),
  companyId: uuid.optional().describe('Компания'),
  projectTeamId: uuid.optional().describe('Проектная команда'),
  participants: z.array(participant).max(500).default([]).describe('Участники'),
});

const json = (body: unknown, status = 200) => ({ status, body });

export const planRoute = defineRoute({
  method: 'POST',
  path: '/api/activities/interactions',
  roles: ACTIVITIES_ROLES,
  description: 'Plans a call, meeting, e-mail, webinar or event with participants from both sides',
  objects: OBJECTS,
  body: planBody,
  async handler({ body }, ctx) {
    return json(await planInteraction(ctx, body), 201);
  },
});

export const addParticipantsRoute = defineRoute({
  method: 'POST',
  path: '/api/activities/interactions/:interactionId/participants',
  roles: ACTIVITIES_ROLES,
  description: 'Adds participants (our members or client persons); a person already on it is refused',
  objects: OBJECTS,
  params: z.object({ interactionId: uuid }),
  body: z.object({ participants: z.array(participant).min(1).max(500).describe('Участники') }),
  async handler({ params, body }, ctx) {
    return json(await addParticipants(ctx, params.interactionId, body.participants), 201);
  },
});

export const inviteRoute = defineRoute({
  method: 'POST',
  path: '/api/activities/interactions/:interactionId/invitations',
  roles: ACTIVITIES_ROLES,
  description: 'Invites client persons (those already on it are reported, not added twice)',
  objects: OBJECTS,
  params: z.object({ interactionId: uuid }),
  body: z.object({ personIds: z.array(uuid).min(1).max(5000).describe('Контакты') }),
  async handler({ params, body }, ctx) {
    return json(
      await inviteToInteraction(ctx.writer, {
        interactionId: params.interactionId,
        personIds: body.personIds,
        origin: actorName(ctx).name,
        at: ctx.clock.now(),
      }),
      201,
    );
  },
});

export const markParticipantRoute = defineRoute({
  method: 'PATCH',
  path: '/api/activities/participants/:participantId',
  roles: ACTIVITIES_ROLES,
  description: 'Marks a participant confirmed or attended, or changes their role',
  objects: OBJECTS,
  params: z.object({ participantId: uuid }),
  body: z.object({
    confirmed: z.boolean().optional().describe('Подтвердил участие'),
    attended: z.boolean().optional().describe('Присутствовал'),
    role: z.enum(PARTICIPANT_ROLES).optional().describe('Роль'),
  }),
  async handler({ params, body }, ctx) {
    const record = await markParticipant(ctx, params.participantId, body);
    return json({
      id: record.id,
      confirmed: record.confirmed,
      attended: record.attended,
      role: record.participantRole,
    });
  },
});

export const stageRoute = defineRoute({
  method: 'POST',
  path: '/api/activities/interactions/:interactionId/stage',
  roles: ACTIVITIES_ROLES,
  description:
    'Moves an interaction to a stage (a required stage cannot be skipped); logged with who and when',
  objects: OBJECTS,
  params: z.object({ interactionId: uuid }),
  body: z.object({ stage: z.enum(INTERACTION_STAGES).describe('Этап') }),
  async handler({ params, body }, ctx) {
    return json(await moveStage(ctx, params.interactionId, body.stage));
  },
});

async function interactionView(ctx: RouteContext, id: string) {
  const rows = await ctx.reader.query<Record<string, unknown>>(
    `select i.id::text, i.subject, i.kind, i.stage, i.starts_at, i.ends_at, i.location,
            i.opportunity_id::text as opportunity_id, o.name as opportunity, i.company_id::text as company_id,
            c.name as company, i.project_team_id::text as project_team_id, t.name as project_team,
            i.team_names, i.department_names, i.stage_problem
       from {interaction} i
       left join {opportunity} o on o.id = i.opportunity_id
       left join {company} c on c.id = i.company_id
       left join {projectTeam} t on t.id = i.project_team_id
      where i.id = $1::uuid`,
    [id],
  );
  const interaction = rows[0];
  if (!interaction)
    throw notFound('activities_interaction_not_found', {
      ru: 'Взаимодействие не найдено или недоступно',
      en: 'no such interaction',
    });
  const participants = await ctx.reader.query<Record<string, unknown>>(
    `select ip.id::text, ip.participant_role as role, ip.invited, ip.confirmed, ip.attended, ip.source, ip.problem,
            ip.workspace_member_id::text as workspace_member_id, ip.person_id::text as person_id,
            coalesce(nullif(concat_ws(' ', m.name_first_name, m.name_last_name), ''),
                     nullif(concat_ws(' ', p.name_first_name, p.name_last_name), '')) as name,
            case when ip.workspace_member_id is not null then 'OURS' else 'CLIENT' end as side
       from {interactionParticipant} ip
       left join {workspaceMember} m on m.id = ip.workspace_member_id
       left join {person} p on p.id = ip.person_id
      where ip.interaction_id = $1::uuid order by ip.created_at, ip.id`,
    [id],
  );
  const log = await ctx.storage.query<StageLogRow & Record<string, unknown>>(
    `select from_stage, to_stage, by_name, via, at from ${STAGE_LOG_TABLE} where interaction_id = $1::uuid order by at, id`,
    [id],
  );
  return {
    ...interaction,
    participants,
    stageLog: log.map((l) => ({ ...l, fromRu: stageRu(l.from_stage), toRu: stageRu(l.to_stage) })),
  };
}

export const interactionRoute = defineRoute({
  method: 'GET',
  path: '/api/activities/interactions/:interactionId',
  roles: ACTIVITIES_ROLES,
  description: 'One interaction with its participants (both sides), team markers and stage log',
  objects: OBJECTS,
  params: z.object({ interactionId: uuid }),
  async handler({ params }, ctx) {
    return json(await interactionView(ctx, params.interactionId));
  },
});

const history = (ctx: RouteContext, personId: string) =>
  refusedOrMissing(
    ctx.writer,
    'person',
    personId,
    async () => {
      const view = await participationHistory(ctx.reader, personId);
      if (!view)
        throw notFound('activities_person_not_found', {
          ru: 'Контакт не найден или недоступен',
          en: 'no such person',
        });
      return view;
    },
    `контакт ${personId} не найден или удалён`,
  );

export const historyRoute = defineRoute({
  method: 'GET',
  path: '/api/people/:personId/activity',
  roles: ACTIVITIES_ROLES,
  description: 'A contact’s participation history: interactions, segments, SMS received',
  objects: [...HISTORY_OBJECTS],
  params: z.object({ personId: uuid }),
  async handler({ params }, ctx) {
    return json(await history(ctx, params.personId));
  },
});

export const historyPageRoute = defineRoute({
  method: 'GET',
  path: ACTIVITY_PAGE_PATH,
  roles: ACTIVITIES_ROLES,
  description: 'The page of a contact’s participation history',
  objects: [...HISTORY_OBJECTS],
  params: z.object({ personId: uuid }),
  async handler({ params }, ctx) {
    return pageResponse(
      () => history(ctx, params.personId),
      (outcome) =>
        renderActivityPage({
          principal: ctx.principal,
          pages: ctx.pages,
          path: `/people/${params.personId}/activity`,
          twentyUrl: ctx.links.twentyRecord('person', params.personId),
          ...(outcome.view ? { view: outcome.view } : {}),
          ...(outcome.problem ? { problem: outcome.problem } : {}),
        }),
    );
  },
});

export const activitiesRoutes = [
  planRoute,
  addParticipantsRoute,
  inviteRoute,
  markParticipantRoute,
  stageRoute,
  interactionRoute,
  historyRoute,
  historyPageRoute,
];
