/**
 * The repair side of grants (webhooks are not retried, C19; the handlers get the project's own
 * writes too, but a lost delivery only reaches them at the core sweep): every minute the teams touched by records the read model saw change since the last
 * run, and those whose memberships start or end today, are recomputed; every hour all of them.
 */
import { every, type PluginContext } from '../core/plugin/index';
import { readModelTable, readModelView } from '../core/read-model/index';
import { WATCHED_OBJECTS } from './handlers';
import { GRANTS_TABLE, type RecomputeSummary, recomputeTeams, teamsAffectedBy } from './recompute';
import { moscowDate } from './rules/grants';

/** Records applied late can carry an older updatedAt: the sweep looks this far behind its checkpoint. */
export const SWEEP_MARGIN_MS = 5 * 60_000;
/** Past this many changed records one run recomputes everything instead. */
export const SWEEP_FULL_THRESHOLD = 2_000;

const CHECKPOINT = 'sweep';

export async function sweepTeams(ctx: PluginContext): Promise<RecomputeSummary & { changed: number }> {
  const sql = ctx.store.sql;
  const now = ctx.clock.now();
  const cp = await sql.query<{ at: Date }>('select at from teams_checkpoint where name = $1', [CHECKPOINT]);
  const since = cp.rows[0] ? new Date(cp.rows[0].at.getTime() - SWEEP_MARGIN_MS) : undefined;
  const teams = new Set<string>();
  let changed = 0;
  let full = since === undefined;
  if (since) {
    for (const object of WATCHED_OBJECTS) {
      if (!ctx.store.readModel.has(object)) continue;
      const r = await sql.query<{ data: Record<string, unknown> & { id: string } }>(
        `select data from ${readModelTable(object)} where updated_at > $1 or deleted_at > $1 limit ${SWEEP_FULL_THRESHOLD + 1}`,
        [since],
      );
      changed += r.rows.length;
      if (changed > SWEEP_FULL_THRESHOLD) {
        full = true;
        break;
      }
      for (const row of r.rows) for (const t of await teamsAffectedBy(sql, object, row.data)) teams.add(t);
    }
    // Grants that expired, and memberships whose dates begin or end today.
    const today = moscowDate(now);
    const expiring = await sql.query<{ team_id: string }>(
      `select distinct team_id::text from ${GRANTS_TABLE} where expires_at is not null and expires_at::timestamptz <= $1`,
      [now],
    );
    for (const r of expiring.rows) teams.add(r.team_id);
    const starting = await sql.query<{ team_id: string }>(
      `select distinct team_id::text from ${readModelView('projectTeamMember')}
        where valid_from = $1::date or valid_to = ($1::date - 1)`,
      [today],
    );
    for (const r of starting.rows) teams.add(r.team_id);
  }
  const summary = full ? await recomputeTeams(ctx, 'all') : await recomputeTeams(ctx, [...teams]);
  await sql.query(
    `insert into teams_checkpoint (name, at) values ($1, $2) on conflict (name) do update set at = excluded.at`,
    [CHECKPOINT, now],
  );
  return { ...summary, changed };
}

export const teamsSweepJob = every('* * * * *', 'teams:sweep', async (_event, ctx) => {
  const summary = await sweepTeams(ctx);
  if (summary.created + summary.removed + summary.updated > 0)
    ctx.log.info(summary, 'teams: the sweep brought grants up to date');
});

export const teamsRepairJob = every('17 * * * *', 'teams:repair', async (_event, ctx) => {
  const summary = await recomputeTeams(ctx, 'all');
  // The embedded store runs no autovacuum; the grants table's statistics keep lookups planned well.
  await ctx.store.sql.exec(`analyze ${GRANTS_TABLE}`);
  if (summary.created + summary.removed + summary.updated > 0)
    ctx.log.warn(summary, 'teams: the hourly repair found grants out of date');
});
