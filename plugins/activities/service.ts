/**
 * What the routes and the published `inviteToInteraction` do, through the caller's scoped writer
 * (every write checked against the policies): planning an interaction with its participants,
 * adding participants, marking them confirmed or attended, and moving the stage with its log.
 * Everything is checked before anything is written — a participant who is neither one of our
 * members nor a client's person, the same person twice, a stage move that skips a required stage
 * are refused with a Russian message — and a plan whose participants cannot be written takes its
 * interaction back, so nothing is left half-written.
 */
import { randomUUID } from 'node:crypto';
import { eq, in_, TwentyNotFoundError, type TwentyRecord } from '../../sdk/index';
import type { ScopedWriter } from '../core/access/index';
import { badRequest, notFound, type RouteContext, RouteError } from '../core/plugin/index';
import { stageMoveProblem } from './rules/stages';
import { type StageSettings, stageSettings } from './settings';
import { type InteractionKind, type InteractionStage, type ParticipantRole, STAGE_RU } from './vocabulary';

export const STAGE_LOG_TABLE = 'activities_stage_log';
/** Contacts whose history link activities wrote lately (see linkPerson in handlers.ts). */
export const PERSON_LINKS_TABLE = 'activities_person_links';

export const activitiesStorageMigration = {
  id: '001-activities-stage-log',
  description: 'the log of interaction stage changes (who, when, from where)',
  async run(ctx: { store: { sql: { exec(sql: string): Promise<void> } } }) {
    await ctx.store.sql.exec(`
      create table if not exists ${STAGE_LOG_TABLE} (
        id uuid primary key,
        interaction_id uuid not null,
        from_stage text,
        to_stage text not null,
        by_member uuid,
        by_name text,
        via text not null,
        at timestamptz not null
      );
      create index if not exists ${STAGE_LOG_TABLE}_interaction on ${STAGE_LOG_TABLE} (interaction_id, at);`);
  },
};

export const activitiesPersonLinksMigration = {
  id: '002-activities-person-links',
  description: 'the contacts whose history link was written lately (one write when they join at once)',
  async run(ctx: { store: { sql: { exec(sql: string): Promise<void> } } }) {
    await ctx.store.sql.exec(`
      create table if not exists ${PERSON_LINKS_TABLE} (
        person_id uuid primary key,
        linked_at timestamptz not null
      );`);
  },
};

export interface ParticipantInput {
  /** One of our workspace members… */
  readonly workspaceMemberId?: string | undefined;
  /** …or a client's person… */
  readonly personId?: string | undefined;
  /** …or an id that must be one of the two. */
  readonly participantId?: string | undefined;
  readonly role?: ParticipantRole | undefined;
}

interface Resolved {
  readonly workspaceMemberId: string | null;
  readonly personId: string | null;
  readonly role: ParticipantRole;
  readonly name: string;
}

type Named = TwentyRecord & { name?: { firstName?: string | null; lastName?: string | null } | null };

const fullName = (r: Named | undefined, fallback: string) =>
  [r?.name?.firstName, r?.name?.lastName].filter((x) => !!x && String(x).trim()).join(' ') || fallback;

/** Records of `object` with these ids that the writer may see, fresh from Twenty. */
async function existing(
  writer: ScopedWriter,
  object: string,
  ids: readonly string[],
): Promise<Map<string, Named>> {
  const out = new Map<string, Named>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 50) {
    const chunk = unique.slice(i, i + 50);
    const page = await writer.records<Named>(object).list({ filter: in_('id', chunk), limit: chunk.length });
    for (const r of page.records) out.set(r.id, r);
  }
  return out;
}

/**
 * Each participant as one of our members or a client's person, or a 400 naming the participant
 * (its number in the list, 1-based) and the reason; `taken` are the member and person ids already
 * on the interaction.
 */
export async function resolveParticipants(
  writer: ScopedWriter,
  inputs: readonly ParticipantInput[],
  taken: ReadonlySet<string> = new Set(),
): Promise<Resolved[]> {
  const ids = inputs
    .flatMap((p) => [p.workspaceMemberId, p.personId, p.participantId])
    .filter((x): x is string => !!x);
  const members = await existing(writer, 'workspaceMember', ids);
  const people = await existing(writer, 'person', ids);
  const seen = new Set(taken);
  const out: Resolved[] = [];
  for (const [i, p] of inputs.entries()) {
    const where = `Участник №${i + 1}`;
    const field = `participants.${i}`;
    const given = [p.workspaceMemberId, p.personId, p.participantId].filter((x) => !!x);
    if (given.length !== 1)
      throw new RouteError(
        400,
        'activities_participant_side',
        {
          ru: `${where}: укажите одно — нашего сотрудника (workspaceMemberId) или контакт клиента (personId)`,
          en: `${where}: give exactly one of workspaceMemberId, personId, participantId`,
        },
        { field },
      );
    let resolved: Resolved | undefined;
    const asMember = p.workspaceMemberId ?? p.participantId;
    const asPerson = p.personId ?? p.participantId;
    if (asMember && !p.personId && members.has(asMember))
      resolved = {
        workspaceMemberId: asMember,
        personId: null,
        role: p.role ?? 'ATTENDEE',
        name: fullName(members.get(asMember), 'сотрудник'),
      };
    else if (asPerson && !p.workspaceMemberId && people.has(asPerson))
      resolved = {
        workspaceMemberId: null,
        personId: asPerson,
        role: p.role ?? 'ATTENDEE',
        name: fullName(people.get(asPerson), 'контакт'),
      };
    if (!resolved) {
      const what = p.workspaceMemberId
        ? 'не наш сотрудник (нет такого участника рабочего пространства)'
        : p.personId
          ? 'не контакт клиента (нет такого человека в Twenty)'
          : 'ни наш сотрудник, ни контакт клиента';
      throw new RouteError(
        400,
        'activities_participant_unknown',
        {
          ru: `${where}: «${given[0]}» — ${what}`,
          en: `${where}: ${given[0]} is neither a member nor a person`,
        },
        { field },
      );
    }
    const key = resolved.workspaceMemberId ?? resolved.personId ?? '';
    if (seen.has(key))
      throw new RouteError(
        409,
        'activities_participant_twice',
        {
          ru: `${where}: «${resolved.name}» уже участвует в этом взаимодействии`,
          en: `${where}: ${resolved.name} already takes part`,
        },
        { field },
      );
    seen.add(key);
    out.push(resolved);
  }
  return out;
}

const participantRecord = (interactionId: string, p: Resolved, at: string, source: string) => ({
  id: randomUUID(),
  name: p.name,
  interactionId,
  workspaceMemberId: p.workspaceMemberId,
  personId: p.personId,
  participantRole: p.role,
  invited: true,
  invitedAt: at,
  confirmed: false,
  attended: false,
  source,
});

/** The member and person ids on an interaction now (fresh from Twenty). */
async function participantsOf(writer: ScopedWriter, interactionId: string): Promise<TwentyRecord[]> {
  const out: TwentyRecord[] = [];
  for await (const r of writer
    .records('interactionParticipant')
    .iterate({ filter: eq('interactionId', interactionId) }))
    out.push(r);
  return out;
}

const keysOf = (rows: readonly TwentyRecord[]) =>
  new Set(
    rows.flatMap((r) => [r.workspaceMemberId, r.personId]).filter((x): x is string => typeof x === 'string'),
  );

export interface PlanInput {
  readonly subject: string;
  readonly kind: InteractionKind;
  readonly startsAt: string;
  readonly endsAt?: string | undefined;
  readonly location?: string | undefined;
  readonly opportunityId?: string | undefined;
  readonly companyId?: string | undefined;
  readonly projectTeamId?: string | undefined;
  readonly participants: readonly ParticipantInput[];
}

/** Who does it, as the log and Twenty show it. */
export function actorName(ctx: Pick<RouteContext, 'principal'>): { memberId: string | null; name: string } {
  const p = ctx.principal;
  if (p.kind === 'staff') return { memberId: p.memberId, name: p.email };
  return { memberId: null, name: p.kind === 'system' ? 'система' : p.kind };
}

export async function planInteraction(
  ctx: Pick<RouteContext, 'writer' | 'clock' | 'principal'>,
  input: PlanInput,
): Promise<{ id: string; participants: number }> {
  if (input.endsAt && Date.parse(input.endsAt) < Date.parse(input.startsAt))
    throw badRequest('activities_bad_times', 'Окончание раньше начала', 'endsAt');
  const resolved = await resolveParticipants(ctx.writer, input.participants);
  const id = randomUUID();
  const now = ctx.clock.now().toISOString();
  const actor = actorName(ctx);
  await ctx.writer.records('interaction').create({
    id,
    name: input.subject,
    subject: input.subject,
    kind: input.kind,
    stage: 'PLANNED',
    startsAt: input.startsAt,
    endsAt: input.endsAt ?? null,
    location: input.location ?? null,
    opportunityId: input.opportunityId ?? null,
    companyId: input.companyId ?? null,
    projectTeamId: input.projectTeamId ?? null,
    stageChangedAt: now,
    stageChangedBy: actor.name,
  });
  try {
    if (resolved.length > 0)
      await ctx.writer
        .records('interactionParticipant')
        .createMany(resolved.map((p) => participantRecord(id, p, now, actor.name)));
  } catch (error) {
    // Nothing half-written: the interaction goes with its participants (they cascade).
    await ctx.writer
      .records('interaction')
      .delete(id, { mode: 'destroy' })
      .catch(() => undefined);
    throw error;
  }
  return { id, participants: resolved.length };
}

async function interactionOr404(writer: ScopedWriter, id: string): Promise<TwentyRecord> {
  try {
    return await writer.records('interaction').get(id);
  } catch (error) {
    if (error instanceof TwentyNotFoundError)
      throw notFound('activities_interaction_not_found', {
        ru: 'Взаимодействие не найдено или удалено',
        en: 'no such interaction',
      });
    throw error;
  }
}

export async function addParticipants(
  ctx: Pick<RouteContext, 'writer' | 'clock' | 'principal'>,
  interactionId: string,
  inputs: readonly ParticipantInput[],
): Promise<{ added: string[] }> {
  await interactionOr404(ctx.writer, interactionId);
  const taken = keysOf(await participantsOf(ctx.writer, interactionId));
  const resolved = await resolveParticipants(ctx.writer, inputs, taken);
  const now = ctx.clock.now().toISOString();
  const rows = resolved.map((p) => participantRecord(interactionId, p, now, actorName(ctx).name));
  if (rows.length > 0) await ctx.writer.records('interactionParticipant').createMany(rows);
  return { added: rows.map((r) => r.id) };
}

/** Where an invitation comes from: a text, or the plugin (and its record) that hands people over. */
export type InviteOrigin =
  | string
  | { readonly plugin: string; readonly kind?: string; readonly name?: string };

const originText = (o: InviteOrigin) =>
  typeof o === 'string' ? o : [o.plugin, o.kind, o.name].filter((x) => !!x).join(':');

/**
 * Invites client persons to an interaction (segments hands a segment over): each person not yet
 * on it is added as an invited attendee; those already on it are reported, not added twice. Ids
 * that are not persons the writer may see are refused before anything is written.
 */
export async function inviteToInteraction(
  writer: ScopedWriter,
  input: { interactionId: string; personIds: readonly string[]; origin: InviteOrigin; at?: Date },
): Promise<{ added: string[]; alreadyIn: string[] }> {
  await interactionOr404(writer, input.interactionId);
  const people = await existing(writer, 'person', input.personIds);
  const unknown = [...new Set(input.personIds)].filter((id) => !people.has(id));
  if (unknown.length > 0)
    throw new RouteError(
      400,
      'activities_participant_unknown',
      {
        ru: `Не контакты клиента (нет таких людей в Twenty): ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` и ещё ${unknown.length - 5}` : ''}`,
        en: `not persons: ${unknown.join(', ')}`,
      },
      { field: 'personIds' },
    );
  const taken = keysOf(await participantsOf(writer, input.interactionId));
  const added: string[] = [];
  const alreadyIn: string[] = [];
  const rows = [];
  const at = (input.at ?? new Date()).toISOString();
  for (const id of new Set(input.personIds)) {
    if (taken.has(id)) {
      alreadyIn.push(id);
      continue;
    }
    added.push(id);
    rows.push(
      participantRecord(
        input.interactionId,
        {
          workspaceMemberId: null,
          personId: id,
          role: 'ATTENDEE',
          name: fullName(people.get(id), 'контакт'),
        },
        at,
        originText(input.origin),
      ),
    );
  }
  if (rows.length > 0) await writer.records('interactionParticipant').createMany(rows);
  return { added, alreadyIn };
}

export async function markParticipant(
  ctx: Pick<RouteContext, 'writer'>,
  participantId: string,
  patch: {
    confirmed?: boolean | undefined;
    attended?: boolean | undefined;
    role?: ParticipantRole | undefined;
  },
): Promise<TwentyRecord> {
  const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(values).length === 0)
    throw badRequest(
      'activities_nothing_to_change',
      'Нечего менять: укажите confirmed, attended или role',
      'body',
    );
  // Attending implies having confirmed; `role` is `participantRole` in Twenty (a reserved name).
  if (values.attended === true) values.confirmed = true;
  if ('role' in values) {
    values.participantRole = values.role;
    delete values.role;
  }
  return ctx.writer.records('interactionParticipant').update(participantId, values);
}

export interface StageLogRow {
  from_stage: string | null;
  to_stage: string;
  by_name: string | null;
  via: string;
  at: string;
}

export async function moveStage(
  ctx: Pick<RouteContext, 'writer' | 'clock' | 'principal' | 'storage' | 'settings'>,
  interactionId: string,
  to: InteractionStage,
): Promise<{ from: string | null; to: InteractionStage }> {
  const record = await interactionOr404(ctx.writer, interactionId);
  const from = typeof record.stage === 'string' ? record.stage : null;
  const settings: StageSettings = stageSettings(ctx);
  const problem = stageMoveProblem(from, to, settings);
  if (problem)
    throw new RouteError(
      problem.code === 'activities_stage_same' ? 409 : 400,
      problem.code,
      {
        ru: problem.ru,
        en: problem.en,
      },
      { field: 'stage' },
    );
  const now = ctx.clock.now();
  const actor = actorName(ctx);
  await ctx.writer.records('interaction').update(interactionId, {
    stage: to,
    stageChangedAt: now.toISOString(),
    stageChangedBy: actor.name,
    stageProblem: '',
  });
  await ctx.storage.query(
    `insert into ${STAGE_LOG_TABLE} (id, interaction_id, from_stage, to_stage, by_member, by_name, via, at)
       values ($1, $2, $3, $4, $5, $6, 'app', $7)`,
    [randomUUID(), interactionId, from, to, actor.memberId, actor.name, now],
  );
  return { from, to };
}

export const stageRu = (s: string | null) =>
  s && s in STAGE_RU ? STAGE_RU[s as InteractionStage] : (s ?? '—');
