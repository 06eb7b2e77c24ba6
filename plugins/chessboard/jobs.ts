/**
 * Scheduled work: link every building the read model shows without a
 * chessboard link (the demo seed and imports write buildings without running
 * handlers), a few at a time so a big import is linked over several runs
 * within Twenty's rate limit.
 */
import { every, type PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { linkBuilding } from './handlers';

/** At most this many buildings are linked per job run. */
export const LINKS_PER_RUN = 50;

export async function linkMissingBuildings(ctx: PluginContext, limit = LINKS_PER_RUN): Promise<number> {
  // A job acts as the project itself: it reads the building view, not a principal's scope.
  const r = await ctx.store.sql.query<{ id: string }>(
    `select id::text as id from ${readModelView('building')}
      where coalesce(chessboard_link_primary_link_url, '') = ''
      order by id limit $1`,
    [limit],
  );
  for (const row of r.rows) await linkBuilding(ctx, row.id);
  return r.rows.length;
}

export const buildingLinkJob = every('*/10 * * * *', 'chessboard:link-buildings', async (_event, ctx) => {
  const linked = await linkMissingBuildings(ctx);
  if (linked > 0) ctx.log.info({ linked }, 'chessboard: linked buildings to their chessboards');
});
