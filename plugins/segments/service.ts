/**
 * What the operations and the page do with segments, through the caller's scoped reader (the read
 * model: people, companies, members) and writer (Twenty, fresh): create a segment, count a filter
 * live, fill a segment from its filter, add people by hand (a person already in the segment, or
 * named twice, refuses the whole addition), set a member's status, move the stage (logged: who,
 * when), comment and assign tasks through Twenty notes and tasks targeting the segment.
 */
import { z } from 'zod';
import type { Filter } from '../../sdk/index';
import { inviteToInteraction } from '../activities/index';
import type { ScopedReader } from '../core/access/index';
import { type RouteContext, RouteError, uuidV5 } from '../core/plugin/index';
import { FILTER_FIELDS } from './rules/filter-fields';
import {
  companyConditions,
  compileSegmentFilter,
  type ParsedSegmentFilter,
  parseSegmentFilter,
  SegmentFilterError,
} from './rules/segment-filter';
import { checkStageMove } from './rules/stages';
import {
  isStage,
  MEMBER_STATUSES,
  type MemberStatus,
  SEGMENT_STAGE_RU,
  SEGMENT_STAGES,
  type SegmentStage,
} from './vocabulary';

export const SEGMENT_ROLES = ['marketing', 'sales', 'callcenter'] as const;
export const SEGMENT_OBJECTS = [
  'segment',
  'segmentMember',
  'segmentStageChange',
  'person',
  'company',
  'note',
  'noteTarget',
  'task',
  'taskTarget',
  'workspaceMember',
  // The activities plugin's, when it is installed (a segment handed to an interaction's invitations).
  'interaction',
  'interactionParticipant',
];

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'это не идентификатор записи');

type Ctx = RouteContext & { dryRun?: boolean };

export interface SegmentRecord {
  id: string;
  stageProblem?: string | null;
  name?: string | null;
  purpose?: string | null;
  stage?: string | null;
  filter?: string | null;
  ownerId?: string | null;
  projectTeamId?: string | null;
}

export const memberIdOf = (segmentId: string, personId: string) =>
  uuidV5(`segments:member:${segmentId}:${personId}`);

/** The filter checked, or a 400 naming the problem. */
export function checkedFilter(text: string): ParsedSegmentFilter {
  try {
    return parseSegmentFilter(text);
  } catch (error) {
    if (error instanceof SegmentFilterError)
      throw new RouteError(400, error.code, { ru: error.ru, en: error.en }, { field: 'filter' });
    throw error;
  }
}

function whoOf(ctx: Ctx): { memberId: string | null; name: string } {
  const p = ctx.principal;
  if (p.kind === 'staff') return { memberId: p.memberId, name: p.email };
  return { memberId: null, name: 'система' };
}

/** People matching a checked filter, through the caller's reader: the count and the first ids. */
export async function evaluateFilter(
  reader: ScopedReader,
  parsed: ParsedSegmentFilter,
  /** limit: count and name up to `limit` people (the live count); without it, list every id (filling). */
  options: { limit?: number } = {},
): Promise<{ count: number; ids: string[]; sample: string[] }> {
  // Each condition on the company first: the ids of the companies it admits (a few thousand at most),
  // so the people are scanned once without a join over the views.
  const companyIds = new Map<Filter, string[]>();
  for (const condition of companyConditions(parsed.filter)) {
    const p: unknown[] = [];
    const rows = await reader.query<{ id: string }>(
      `select c.id::text as id from {company} c where ${condition.sql(p)}`,
      p,
    );
    companyIds.set(
      condition.node,
      rows.map((r) => r.id),
    );
  }
  const params: unknown[] = [];
  const where = compileSegmentFilter(parsed.filter, params, companyIds);
  const from = '{person} p';
  // The count and a few names for the live count (no sort over the matches: a scan, then five rows);
  // the ids (for filling) only when asked.
  const count = async () =>
    (await reader.query<{ n: number }>(`select count(*)::int as n from ${from} where ${where}`, params))[0]
      ?.n ?? 0;
  if (options.limit !== undefined) {
    const [n, sample] = await Promise.all([
      count(),
      options.limit > 0
        ? reader.query<{ name: string | null }>(
            `select nullif(trim(concat_ws(' ', p.name_last_name, p.name_first_name)), '') as name
               from ${from} where ${where} limit ${Math.floor(options.limit)}`,
            params,
          )
        : Promise.resolve([]),
    ]);
    const names = sample.map((r) => r.name ?? 'без имени').sort((a, b) => a.localeCompare(b, 'ru'));
    return { count: n, ids: [], sample: names };
  }
  const rows = await reader.query<{ id: string }>(
    `select p.id::text as id from ${from} where ${where}`,
    params,
  );
  return { count: rows.length, ids: rows.map((r) => r.id), sample: [] };
}

async function loadSegment(ctx: Ctx, id: string): Promise<SegmentRecord> {
  const found = await ctx.writer
    .records<SegmentRecord & { [k: string]: unknown }>('segment')
    .get(id)
    .catch(() => undefined);
  if (!found)
    throw new RouteError(
      404,
      'segments_not_found',
      { ru: 'Сегмента нет — он удалён или ссылка неверна', en: 'no such segment' },
      { field: 'segmentId' },
    );
  return found;
}

/** The segment's members as Twenty has them now (person id → member). */
async function membersNow(ctx: Ctx, segmentId: string) {
  const byPerson = new Map<string, { id: string; personId: string; status: string | null }>();
  for await (const m of ctx.writer
    .records<{ id: string; personId: string; status: string | null }>('segmentMember')
    .iterate({ filter: `segmentId[eq]:"${segmentId}"`, pageSize: 200 }))
    byPerson.set(m.personId, m);
  return byPerson;
}

function refuseWhenDone(s: SegmentRecord) {
  if (s.stage === 'DONE')
    throw new RouteError(409, 'segments_done', {
      ru: `Сегмент «${s.name ?? ''}» завершён — его состав больше не меняется; верните его на этап «${SEGMENT_STAGE_RU.IN_PROGRESS}», чтобы изменить`,
      en: 'the segment is done',
    });
}

// ── inputs ──────────────────────────────────────────────────────────────────────────────────

export const createInput = z.object({
  name: z.string().trim().min(1, 'укажите название сегмента').max(200).describe('Название'),
  purpose: z.string().trim().max(1000).optional().describe('Цель (мероприятие, рассылка)'),
  filter: z.string().max(4000).optional().describe('Фильтр'),
  projectTeamId: uuid.optional().describe('Команда проекта'),
});
export const countInput = z.object({
  filter: z.string().max(4000).describe('Фильтр'),
});
export const fillInput = z.object({
  segmentId: uuid.describe('Сегмент'),
  filter: z.string().max(4000).optional().describe('Фильтр'),
});
export const addInput = z.object({
  segmentId: uuid.describe('Сегмент'),
  personIds: z.array(uuid).min(1, 'выберите хотя бы одного человека').max(500).describe('Люди'),
});
export const statusInput = z.object({
  segmentId: uuid.describe('Сегмент'),
  personId: uuid.describe('Участник'),
  status: z.enum(MEMBER_STATUSES).describe('Статус участника (INVITED, CONFIRMED, DECLINED, ATTENDED)'),
});
export const stageInput = z.object({
  segmentId: uuid.describe('Сегмент'),
  stage: z.enum(SEGMENT_STAGES).describe('Этап (DRAFT, REVIEW, APPROVED, IN_PROGRESS, DONE)'),
  comment: z.string().trim().max(1000).optional().describe('Комментарий к смене этапа'),
});
export const inviteInput = z.object({
  segmentId: uuid.describe('Сегмент'),
  interactionId: uuid.describe('Взаимодействие'),
});
export const commentInput = z.object({
  segmentId: uuid.describe('Сегмент'),
  text: z.string().trim().min(1, 'напишите комментарий').max(5000).describe('Комментарий'),
});
export const taskInput = z.object({
  segmentId: uuid.describe('Сегмент'),
  title: z.string().trim().min(1, 'напишите, что сделать').max(300).describe('Задача'),
  assigneeId: uuid.optional().describe('Исполнитель'),
  dueAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'дата в виде гггг-мм-дд')
    .optional()
    .describe('Срок (гггг-мм-дд)'),
});

// ── actions ─────────────────────────────────────────────────────────────────────────────────

export async function createSegment(ctx: Ctx, input: z.infer<typeof createInput>) {
  const parsed = input.filter?.trim() ? checkedFilter(input.filter) : undefined;
  const who = whoOf(ctx);
  const record = {
    name: input.name,
    purpose: input.purpose ?? null,
    stage: 'DRAFT' as SegmentStage,
    filter: parsed?.text ?? null,
    projectTeamId: input.projectTeamId ?? null,
    ...(who.memberId ? { ownerId: who.memberId } : {}),
  };
  const count = parsed ? (await evaluateFilter(ctx.reader, parsed, { limit: 0 })).count : undefined;
  if (ctx.dryRun) return { dryRun: true, id: null, segment: record, count };
  const created = await ctx.writer.records('segment').create(record);
  return { dryRun: false, id: created.id, segment: record, count };
}

export async function countFilter(ctx: Ctx, input: z.infer<typeof countInput>) {
  const parsed = checkedFilter(input.filter);
  const r = await evaluateFilter(ctx.reader, parsed, { limit: 5 });
  return { filter: parsed.text, count: r.count, sample: r.sample };
}

export async function fillSegment(ctx: Ctx, input: z.infer<typeof fillInput>) {
  const s = await loadSegment(ctx, input.segmentId);
  refuseWhenDone(s);
  const text = input.filter ?? s.filter ?? '';
  if (!text.trim())
    throw new RouteError(
      400,
      'segments_no_filter',
      {
        ru: 'У сегмента нет фильтра — задайте его или добавьте людей вручную',
        en: 'the segment has no filter',
      },
      { field: 'filter' },
    );
  const parsed = checkedFilter(text);
  const found = await evaluateFilter(ctx.reader, parsed);
  const existing = await membersNow(ctx, s.id);
  const fresh = found.ids.filter((id) => !existing.has(id));
  const who = whoOf(ctx);
  const result = { found: found.count, added: fresh.length, alreadyIn: found.ids.length - fresh.length };
  if (ctx.dryRun) return { dryRun: true, ...result };
  if (parsed.text !== s.filter) await ctx.writer.records('segment').update(s.id, { filter: parsed.text });
  // Deterministic ids: a run interrupted half-way is finished by running it again.
  await ctx.writer.records('segmentMember').createMany(
    fresh.map((personId) => ({
      id: memberIdOf(s.id, personId),
      segmentId: s.id,
      personId,
      status: 'INVITED' as MemberStatus,
      addedBy: `${who.name} (по фильтру)`,
    })),
    { upsert: true },
  );
  return { dryRun: false, ...result };
}

export async function addMembers(ctx: Ctx, input: z.infer<typeof addInput>) {
  const s = await loadSegment(ctx, input.segmentId);
  refuseWhenDone(s);
  const ids = input.personIds.map((id) => id.toLowerCase());
  const people = await ctx.reader.query<{ id: string; name: string | null }>(
    `select id::text as id, nullif(trim(concat_ws(' ', name_last_name, name_first_name)), '') as name
       from {person} where id = any($1::uuid[])`,
    [ids],
  );
  const nameOf = new Map(people.map((p) => [p.id, p.name ?? 'без имени']));
  const missing = ids.filter((id) => !nameOf.has(id));
  if (missing.length > 0)
    throw new RouteError(
      400,
      'segments_unknown_person',
      {
        ru: `Не найдены люди: ${missing.join(', ')} — в сегмент добавляются только контакты из Twenty; ничего не добавлено`,
        en: `unknown people: ${missing.join(', ')}`,
      },
      { field: 'personIds' },
    );
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  const existing = await membersNow(ctx, s.id);
  const already = ids.filter((id) => existing.has(id));
  const doubled = [...new Set([...twice, ...already])];
  if (doubled.length > 0)
    throw new RouteError(
      409,
      'segments_person_twice',
      {
        ru: `${doubled.map((id) => `«${nameOf.get(id)}»`).join(', ')} ${doubled.length === 1 ? 'уже есть' : 'уже есть'} в сегменте «${s.name ?? ''}»${twice.length ? ' или назван дважды' : ''} — человек входит в сегмент один раз; ничего не добавлено`,
        en: `already in the segment: ${doubled.join(', ')}`,
      },
      { field: 'personIds' },
    );
  if (ctx.dryRun) return { dryRun: true, added: ids.length };
  const who = whoOf(ctx);
  // One batch (Twenty's batch is all or nothing) up to 60; above that deterministic ids let a retry finish.
  await ctx.writer.records('segmentMember').createMany(
    ids.map((personId) => ({
      id: memberIdOf(s.id, personId),
      segmentId: s.id,
      personId,
      status: 'INVITED' as MemberStatus,
      addedBy: `${who.name} (вручную)`,
    })),
  );
  return { dryRun: false, added: ids.length };
}

export async function setMemberStatus(ctx: Ctx, input: z.infer<typeof statusInput>) {
  const s = await loadSegment(ctx, input.segmentId);
  const member = (await membersNow(ctx, s.id)).get(input.personId.toLowerCase());
  if (!member)
    throw new RouteError(
      404,
      'segments_not_a_member',
      { ru: `Этого человека нет в сегменте «${s.name ?? ''}»`, en: 'the person is not in the segment' },
      { field: 'personId' },
    );
  if (ctx.dryRun || member.status === input.status) return { dryRun: !!ctx.dryRun, status: input.status };
  await ctx.writer.records('segmentMember').update(member.id, { status: input.status });
  return { dryRun: false, status: input.status };
}

export async function moveStage(ctx: Ctx, input: z.infer<typeof stageInput>) {
  const s = await loadSegment(ctx, input.segmentId);
  const from: SegmentStage = isStage(s.stage) ? s.stage : 'DRAFT';
  const verdict = checkStageMove(from, input.stage);
  if (!verdict.ok)
    throw new RouteError(409, verdict.code, { ru: verdict.ru, en: verdict.en }, { field: 'stage' });
  if (input.stage === 'IN_PROGRESS' || input.stage === 'APPROVED') {
    const members = await membersNow(ctx, s.id);
    if (members.size === 0)
      throw new RouteError(
        409,
        'segments_empty',
        {
          ru: `Сегмент «${s.name ?? ''}» пуст — заполните его по фильтру или вручную, прежде чем переводить на этап «${SEGMENT_STAGE_RU[input.stage]}»`,
          en: 'the segment has no members',
        },
        { field: 'stage' },
      );
  }
  const who = whoOf(ctx);
  const at = ctx.clock.now().toISOString();
  const change = {
    segmentId: s.id,
    fromStage: from,
    toStage: input.stage,
    changedByName: who.name,
    changedAt: at,
    comment: input.comment ?? null,
    ...(who.memberId ? { changedById: who.memberId } : {}),
  };
  if (ctx.dryRun) return { dryRun: true, change };
  // The log first: a stage never changes without its line (a failed update leaves a line a retry repeats).
  await ctx.writer.records('segmentStageChange').create(change);
  await ctx.writer.records('segment').update(s.id, { stage: input.stage, stageProblem: '' });
  return { dryRun: false, change };
}

/** The segment's members (except those who declined) invited to an interaction of the activities plugin. */
export async function inviteSegment(ctx: Ctx, input: z.infer<typeof inviteInput>) {
  if (!ctx.reader.has('interaction'))
    throw new RouteError(409, 'segments_activities_unavailable', {
      ru: 'Приглашения недоступны: модуль «Взаимодействия» не установлен',
      en: 'the activities plugin is not installed',
    });
  const s = await loadSegment(ctx, input.segmentId);
  const personIds = [...(await membersNow(ctx, s.id)).values()]
    .filter((m) => m.status !== 'DECLINED')
    .map((m) => m.personId);
  if (personIds.length === 0)
    throw new RouteError(409, 'segments_empty', {
      ru: `В сегменте «${s.name ?? ''}» некого приглашать — он пуст или все отказались`,
      en: 'nobody to invite',
    });
  if (ctx.dryRun) return { dryRun: true, added: personIds.length, alreadyIn: 0 };
  const r = await inviteToInteraction(ctx.writer, {
    interactionId: input.interactionId,
    personIds,
    origin: { plugin: 'segments', kind: 'segment', name: s.id },
    at: ctx.clock.now(),
  });
  return { dryRun: false, added: r.added.length, alreadyIn: r.alreadyIn.length };
}

async function target(
  ctx: Ctx,
  object: 'noteTarget' | 'taskTarget',
  owner: 'noteId' | 'taskId',
  id: string,
  segmentId: string,
) {
  await ctx.writer.records(object).create({ [owner]: id, segmentId });
}

export async function commentSegment(ctx: Ctx, input: z.infer<typeof commentInput>) {
  const s = await loadSegment(ctx, input.segmentId);
  const who = whoOf(ctx);
  const title = `Комментарий к сегменту «${s.name ?? ''}» — ${who.name}`;
  if (ctx.dryRun) return { dryRun: true, title };
  const note = await ctx.writer
    .records('note')
    .create({ title, bodyV2: { markdown: input.text, blocknote: null } } as Record<string, unknown>);
  await target(ctx, 'noteTarget', 'noteId', note.id, s.id);
  return { dryRun: false, id: note.id, title };
}

export async function taskForSegment(ctx: Ctx, input: z.infer<typeof taskInput>) {
  const s = await loadSegment(ctx, input.segmentId);
  const who = whoOf(ctx);
  const record = {
    title: input.title,
    bodyV2: { markdown: `Сегмент «${s.name ?? ''}». Поставил(а): ${who.name}.`, blocknote: null },
    status: 'TODO',
    ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
    ...(input.dueAt ? { dueAt: `${input.dueAt}T06:00:00.000Z` } : {}),
  };
  if (ctx.dryRun) return { dryRun: true, title: input.title };
  const task = await ctx.writer.records('task').create(record as Record<string, unknown>);
  await target(ctx, 'taskTarget', 'taskId', task.id, s.id);
  return { dryRun: false, id: task.id, title: input.title };
}

/** Notes and tasks targeting the segment, from Twenty (newest first). */
export async function workOnSegment(ctx: RouteContext, segmentId: string) {
  const filter = `segmentId[eq]:"${segmentId}"`;
  const [noteTargets, taskTargets] = await Promise.all([
    ctx.writer.records<{ id: string; noteId: string }>('noteTarget').list({ filter, limit: 100 }),
    ctx.writer.records<{ id: string; taskId: string }>('taskTarget').list({ filter, limit: 100 }),
  ]);
  const noteIds = noteTargets.records.map((t) => t.noteId).filter(Boolean);
  const taskIds = taskTargets.records.map((t) => t.taskId).filter(Boolean);
  const inList = (ids: string[]) => `id[in]:[${ids.map((id) => `"${id}"`).join(',')}]`;
  const notes = noteIds.length
    ? (
        await ctx.writer
          .records<{
            id: string;
            title: string | null;
            bodyV2?: { markdown?: string | null } | null;
            createdAt: string;
          }>('note')
          .list({ filter: inList(noteIds), limit: 100, orderBy: 'createdAt[DescNullsLast]' })
      ).records
    : [];
  const tasks = taskIds.length
    ? (
        await ctx.writer
          .records<{
            id: string;
            title: string | null;
            status: string | null;
            dueAt: string | null;
            assigneeId: string | null;
          }>('task')
          .list({ filter: inList(taskIds), limit: 100, orderBy: 'createdAt[DescNullsLast]' })
      ).records
    : [];
  // Who may be given a task: the workspace's members (Twenty has them; a page of 200 is plenty here).
  const members = (
    await ctx.writer
      .records<{
        id: string;
        name?: { firstName?: string; lastName?: string } | null;
        userEmail?: string | null;
      }>('workspaceMember')
      .list({ limit: 200 })
  ).records.map((m) => ({
    id: m.id,
    name: [m.name?.firstName, m.name?.lastName].filter(Boolean).join(' ') || m.userEmail || 'участник',
  }));
  return { notes, tasks, members };
}

export const FILTER_HELP = FILTER_FIELDS.map((f) => ({ path: f.path, ru: f.ru, kind: f.kind }));
