/**
 * Twenty's events that change who may see what: a membership added, changed or removed, a team
 * or a tag changed, and every change of the links around a deal (a contact on the deal's
 * company, a task or note linked through its targets, the deal itself deleted, a workspace
 * member deactivated, the revenue plugin's records of the deal). Each handler finds the teams
 * the record touches and recomputes exactly those. A membership added in Twenty by someone whose
 * own level on the deal is lower than the one they gave is marked ABOVE_ADDER and grants nothing.
 * The project's own changes count too (a member added on the teams page, the demo seed, another
 * plugin's job): only what the teams plugin's own recomputation wrote — grants, `teamAccess`,
 * statuses, problems, links, none of them an input of the grants — is skipped.
 */
import type { TwentyWebhookEvent } from '../../sdk/index';
import { on, type PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { recomputeTeams, teamsAffectedBy } from './recompute';
import { moscowDate } from './rules/grants';
import { adderLevel } from './rules/member-checks';
import { teamsAdminEmails } from './settings';
import { isAccessLevel, levelRank } from './vocabulary';

type Sql = PluginContext['store']['sql'];

const TEAMS_PLUGIN = 'teams';

/** Objects whose changes can move grants. */
export const WATCHED_OBJECTS = [
  'projectTeam',
  'projectTeamMember',
  'projectTeamTarget',
  'opportunity',
  'person',
  'task',
  'note',
  'company',
  'taskTarget',
  'noteTarget',
  'workspaceMember',
  'revenueScenario',
  'revenuePlanLine',
  'revenueAllocation',
] as const;

async function isAdminMember(sql: Sql, memberId: string, adminEmails: readonly string[]): Promise<boolean> {
  const r = await sql.query<{ email: string | null }>(
    `select lower(user_email) as email from ${readModelView('workspaceMember')} where id = $1::uuid`,
    [memberId],
  );
  const email = r.rows[0]?.email;
  return !!email && adminEmails.includes(email);
}

/**
 * For a membership written in a user session (the event names the member who did it): its status
 * as the adder's rights decide — ABOVE_ADDER when they gave more than they hold, ACTIVE otherwise;
 * undefined when the event does not say who did it (API keys, imports) or changed no level.
 */
export async function adderVerdict(
  event: TwentyWebhookEvent,
  ctx: PluginContext,
): Promise<string | undefined> {
  const record = event.record as Record<string, unknown> & { id: string };
  const adder = event.workspaceMemberId;
  if (!adder || record.deletedAt) return undefined;
  if (
    event.action === 'updated' &&
    !(event.updatedFields ?? []).some((f) => f === 'accessLevel' || f === 'memberId')
  )
    return undefined;
  const sql = ctx.store.sql;
  if (await isAdminMember(sql, adder, teamsAdminEmails(ctx))) return 'ACTIVE';
  const teamId = typeof record.teamId === 'string' ? record.teamId : null;
  if (!teamId) return undefined;
  const team = await sql.query<{ lead_id: string | null; owner_id: string | null }>(
    `select t.lead_id::text, o.owner_id::text from ${readModelView('projectTeam')} t
       left join ${readModelView('opportunity')} o on o.id = t.opportunity_id where t.id = $1::uuid`,
    [teamId],
  );
  const members = await sql.query<{
    id: string;
    member_id: string | null;
    access_level: string | null;
    valid_from: string | null;
    valid_to: string | null;
    status: string | null;
  }>(
    `select id::text, member_id::text, access_level, valid_from::text, valid_to::text, status
       from ${readModelView('projectTeamMember')} where team_id = $1::uuid and id <> $2::uuid`,
    [teamId, record.id],
  );
  const row = team.rows[0];
  const held = adderLevel(
    adder,
    { ownerId: row?.owner_id ?? null },
    { leadId: row?.lead_id ?? null },
    members.rows.map((m) => ({
      id: m.id,
      teamId,
      memberId: m.member_id,
      accessLevel: m.access_level,
      validFrom: m.valid_from,
      validTo: m.valid_to,
      status: m.status,
      createdAt: null,
    })),
    moscowDate(ctx.clock.now()),
  );
  const requested = isAccessLevel(record.accessLevel) ? record.accessLevel : 'READ';
  const above = held === null || levelRank(requested) > levelRank(held);
  return above ? 'ABOVE_ADDER' : 'ACTIVE';
}

/** A write of the plugin's own recomputation (a handler or a job of teams): its outputs, not its inputs. */
export function isRecomputationOutput(ctx: PluginContext): boolean {
  const by = ctx.writtenBy;
  return by?.plugin === TEAMS_PLUGIN && (by.kind === 'handler' || by.kind === 'job');
}

async function onChange(event: TwentyWebhookEvent, ctx: PluginContext): Promise<void> {
  if (isRecomputationOutput(ctx)) return;
  const record = event.record as Record<string, unknown> & { id: string };
  const overrides = new Map<string, string>();
  if (
    event.objectName === 'projectTeamMember' &&
    (event.action === 'created' || event.action === 'updated')
  ) {
    const verdict = await adderVerdict(event, ctx);
    if (verdict) {
      overrides.set(record.id, verdict);
      if (verdict === 'ABOVE_ADDER')
        await ctx.store.sql.query(
          `insert into teams_member_flag (member_row_id, status) values ($1::uuid, $2)
             on conflict (member_row_id) do update set status = excluded.status, at = now()`,
          [record.id, verdict],
        );
      else
        await ctx.store.sql.query('delete from teams_member_flag where member_row_id = $1::uuid', [
          record.id,
        ]);
      if (verdict === 'ABOVE_ADDER')
        ctx.log.warn(
          { membership: record.id, adder: event.workspaceMemberId },
          'teams: a member was added above the adder’s own level; the membership grants nothing',
        );
    }
  }
  const teams = await teamsAffectedBy(ctx.store.sql, event.objectName, record);
  if (teams.length === 0) return;
  const summary = await recomputeTeams(ctx, teams, { statusOverrides: overrides });
  ctx.log.info({ event: event.eventName, record: record.id, ...summary }, 'teams: grants recomputed');
}

export const teamsHandlers = WATCHED_OBJECTS.map((object) =>
  on(`${object}.*`, onChange, { name: `teams-grants-${object}` }),
);
