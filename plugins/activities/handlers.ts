/**
 * Reactions to Twenty's events (and to the project's own writes, which arrive the same way):
 * - an interaction linked to a deal (or to a team) is tagged with the deal's project teams — a
 *   `projectTeamTarget` naming it — so the teams plugin gives the team's members their grants on
 *   it within seconds, as on anything else a team tags; a new team of the deal, a team moved to
 *   another deal, an interaction moved or deleted: the tags follow; an interaction without a team
 *   gets its deal's team when the deal has exactly one;
 * - a stage changed by a person in Twenty is logged with who and when, or undone with the reason
 *   in `stageProblem` when it skips a required stage;
 * - a participant entered in Twenty who is neither (or both) our member and a client's person, or
 *   who is on the interaction twice, is flagged in `problem`.
 */
import { randomUUID } from 'node:crypto';
import type { TwentyWebhookEvent } from '../../sdk/index';
import { on, type PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { tagId } from '../teams/index';
import { stageMoveProblem } from './rules/stages';
import { ACTIVITY_PAGE_LABEL, activityPageUrl } from './schema';
import { PERSON_LINKS_TABLE, STAGE_LOG_TABLE } from './service';
import { stageSettings } from './settings';
import { isStage } from './vocabulary';

type Row = Record<string, unknown> & { id: string };

/** SQL over the replica's views as the project itself (no principal): `{object}` names a view. */
export function systemQuery(ctx: Pick<PluginContext, 'store'>) {
  return async <R extends Record<string, unknown>>(text: string, params: readonly unknown[] = []) =>
    (
      await ctx.store.sql.query<R>(
        text.replace(/\{([a-zA-Z]+)\}/g, (_m, name: string) => readModelView(name)),
        [...params],
      )
    ).rows;
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : null);

/**
 * Brings the team tags of these interactions in line with their deal's teams and their own team:
 * creates the missing ones (deterministic ids), destroys the stale ones.
 */
export async function syncTeamTags(ctx: PluginContext, interactionIds: readonly string[]): Promise<number> {
  if (interactionIds.length === 0) return 0;
  const q = systemQuery(ctx);
  const rows = await q<{ id: string; team_id: string | null; deal_teams: string[] | null }>(
    `select i.id::text, i.project_team_id::text as team_id,
            (select array_agg(t.id::text order by t.id) from {projectTeam} t where t.opportunity_id = i.opportunity_id) as deal_teams
       from {interaction} i where i.id = any($1::uuid[])`,
    [interactionIds],
  );
  const want = new Map<string, { teamId: string; recordId: string }>();
  for (const r of rows)
    for (const team of new Set([...(r.deal_teams ?? []), ...(r.team_id ? [r.team_id] : [])]))
      want.set(tagId(team, 'interaction', r.id), { teamId: team, recordId: r.id });
  // An interaction that is gone (deleted) keeps no tags: it is simply absent from `rows`. The tags
  // come from the replica (teams publishes them): a tag whose echo is still on its way is upserted
  // again under its deterministic id, which changes nothing.
  const tags = ctx.twenty.records('projectTeamTarget');
  const have = new Set<string>();
  const stale: string[] = [];
  const current = await q<{ id: string }>(
    `select id::text from {projectTeamTarget}
      where target_object = 'interaction' and target_record_id = any($1::text[])`,
    [interactionIds],
  );
  for (const t of current) {
    if (want.has(t.id)) have.add(t.id);
    else stale.push(t.id);
  }
  const missing = [...want.entries()].filter(([id]) => !have.has(id));
  if (missing.length > 0)
    await tags.createMany(
      missing.map(([id, t]) => ({
        id,
        name: 'Взаимодействие',
        teamId: t.teamId,
        targetObject: 'interaction',
        targetRecordId: t.recordId,
      })),
      { upsert: true },
    );
  for (const id of stale) await tags.delete(id, { mode: 'destroy' });
  // A team for an interaction that names none: its deal's team, when the deal has exactly one.
  for (const r of rows)
    if (!r.team_id && r.deal_teams?.length === 1)
      await ctx.twenty.records('interaction').update(r.id, { projectTeamId: r.deal_teams[0] });
  return missing.length + stale.length;
}

const LINK_FIELDS = ['opportunityId', 'projectTeamId', 'deletedAt'];

async function onInteraction(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  const record = event.record as Row;
  const linked =
    event.action !== 'updated' || (event.updatedFields ?? []).some((f) => LINK_FIELDS.includes(f));
  if (linked) await syncTeamTags(ctx, [record.id]);
}

async function onTeam(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  const team = event.record as Row;
  const q = systemQuery(ctx);
  const deal = str(team.opportunityId);
  const ofDeal = deal
    ? await q<{ id: string }>('select id::text from {interaction} where opportunity_id = $1::uuid', [deal])
    : [];
  const tagged = await q<{ id: string }>(
    `select target_record_id::text as id from {projectTeamTarget}
      where team_id = $1::uuid and target_object = 'interaction' and target_record_id is not null`,
    [team.id],
  );
  await syncTeamTags(ctx, [...new Set([...ofDeal, ...tagged].map((r) => r.id))]);
}

async function memberName(ctx: PluginContext, memberId: string | undefined): Promise<string> {
  if (!memberId) return 'Twenty';
  const r = await systemQuery(ctx)<{ first: string | null; last: string | null; email: string | null }>(
    'select name_first_name as first, name_last_name as last, user_email as email from {workspaceMember} where id = $1::uuid',
    [memberId],
  );
  const m = r[0];
  return [m?.first, m?.last].filter((x) => !!x).join(' ') || m?.email || 'участник Twenty';
}

/** A stage changed by a person in Twenty: logged, or undone when it skips a required stage. */
async function onStageInTwenty(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  if (ctx.writtenBy || event.action !== 'updated' || !(event.updatedFields ?? []).includes('stage')) return;
  const record = event.record as Row;
  const to = record.stage;
  if (!isStage(to)) return;
  const updatedAt = str(record.updatedAt);
  const before = updatedAt
    ? await ctx.store.readModel.previous('interaction', record.id, updatedAt)
    : undefined;
  const from = str(before?.values.stage);
  const problem = from ? stageMoveProblem(from, to, stageSettings(ctx)) : null;
  const now = ctx.clock.now();
  const who = await memberName(ctx, event.workspaceMemberId);
  if (problem && problem.code !== 'activities_stage_same') {
    await ctx.twenty.records('interaction').update(record.id, {
      stage: from,
      stageProblem: `${problem.ru} (изменение от ${who} отменено)`,
    });
    ctx.log.info(
      { interaction: record.id, from, to },
      'activities: a stage move in Twenty skipped a required stage; undone',
    );
    return;
  }
  await ctx.twenty.records('interaction').update(record.id, {
    stageChangedAt: now.toISOString(),
    stageChangedBy: who,
    stageProblem: '',
  });
  await ctx.store.sql.query(
    `insert into ${STAGE_LOG_TABLE} (id, interaction_id, from_stage, to_stage, by_member, by_name, via, at)
       values ($1, $2, $3, $4, $5, $6, 'twenty', $7)`,
    [randomUUID(), record.id, from, to, event.workspaceMemberId ?? null, who, now],
  );
}

/** A participant entered in Twenty: neither side, both sides, or twice on the interaction. */
async function onParticipant(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  if (ctx.writtenBy || (event.action !== 'created' && event.action !== 'updated')) return;
  const p = event.record as Row;
  const member = str(p.workspaceMemberId);
  const person = str(p.personId);
  let problem = '';
  if (!member && !person) problem = 'не указан ни наш сотрудник, ни контакт клиента';
  else if (member && person) problem = 'указаны и сотрудник, и контакт клиента — оставьте одного';
  else {
    const twice = await systemQuery(ctx)<{ n: number }>(
      `select count(*)::int as n from {interactionParticipant}
        where interaction_id = $1::uuid and id <> $2::uuid and (workspace_member_id = $3::uuid or person_id = $4::uuid)`,
      [str(p.interactionId), p.id, member, person],
    );
    if ((twice[0]?.n ?? 0) > 0) problem = 'этот участник уже есть во взаимодействии';
  }
  if ((str(p.problem) ?? '') !== problem)
    await ctx.twenty.records('interactionParticipant').update(p.id, { problem });
}

/**
 * A contact who takes part for the first time gets the link to their history page in Twenty. When
 * they join several interactions at once, the events run side by side and each finds no link in
 * the replica yet (the first write's echo has not come back): a claim in the store lets one of them
 * write it. A claim older than LINK_CLAIM_MINUTES is taken again, so a link removed in Twenty later
 * comes back with the next participation.
 */
async function linkPerson(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  const person = str((event.record as Row).personId);
  if (!person) return;
  const r = await systemQuery(ctx)<{ url: string | null }>(
    'select activity_page_primary_link_url as url from {person} where id = $1::uuid',
    [person],
  );
  if (!r[0] || r[0].url) return;
  const claimed = await ctx.store.sql.query(
    `insert into ${PERSON_LINKS_TABLE} as l (person_id, linked_at) values ($1::uuid, now())
       on conflict (person_id) do update set linked_at = now()
       where l.linked_at < now() - make_interval(mins => $2)
     returning person_id`,
    [person, LINK_CLAIM_MINUTES],
  );
  if (claimed.rows.length === 0) return;
  try {
    await ctx.twenty.records('person').update(person, {
      activityPage: {
        primaryLinkUrl: activityPageUrl(ctx.config.publicUrl, person),
        primaryLinkLabel: ACTIVITY_PAGE_LABEL,
        secondaryLinks: null,
      },
    });
  } catch (error) {
    // Not written: the retry (or the next participation) must find no claim.
    await ctx.store.sql.query(`delete from ${PERSON_LINKS_TABLE} where person_id = $1::uuid`, [person]);
    throw error;
  }
}

/** How long a written link is trusted before the replica shows it (its echo takes seconds). */
const LINK_CLAIM_MINUTES = 10;

export const activitiesHandlers = [
  on('interactionParticipant.created', linkPerson, { name: 'activities-person-link' }),
  on('interaction.*', onInteraction, { name: 'activities-team-tags' }),
  on('interaction.updated', onStageInTwenty, { name: 'activities-stage-in-twenty' }),
  on('projectTeam.*', onTeam, { name: 'activities-team-tags-of-team' }),
  on('interactionParticipant.*', onParticipant, { name: 'activities-participant-check' }),
];
