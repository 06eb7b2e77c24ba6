/**
 * Every building record in Twenty links to its chessboard (building.chessboardLink).
 * A handler fills the link when a building is created or updated without one;
 * because the project's own writes (imports, the demo seed) run no handlers,
 * a job also fills whatever the read model shows still missing.
 */
import { every, on, type PluginContext } from '../core/index';
import { chessboardUrl } from './board';

export const CHESSBOARD_LINK_LABEL = 'Шахматка';
/** At most this many buildings are linked per job run, so a big import is linked over a few runs at the rate limit. */
export const LINKS_PER_RUN = 50;

function hasLink(record: Record<string, unknown>): boolean {
  const link = record.chessboardLink;
  if (typeof link !== 'object' || link === null) return false;
  const url = (link as { primaryLinkUrl?: unknown }).primaryLinkUrl;
  return typeof url === 'string' && url.trim() !== '';
}

export async function linkBuilding(ctx: PluginContext, buildingId: string): Promise<void> {
  await ctx.twenty.records('building').update(buildingId, {
    chessboardLink: {
      primaryLinkUrl: chessboardUrl(ctx.config.publicUrl, buildingId),
      primaryLinkLabel: CHESSBOARD_LINK_LABEL,
      secondaryLinks: null,
    },
  });
}

const linkOnChange = async (
  event: { record: Record<string, unknown> & { id: string } },
  ctx: PluginContext,
) => {
  if (event.record.deletedAt || hasLink(event.record)) return;
  await linkBuilding(ctx, event.record.id);
};

export const buildingLinkHandlers = [
  on('building.created', linkOnChange, { name: 'chessboard-link-created' }),
  on('building.updated', linkOnChange, { name: 'chessboard-link-updated' }),
];

export async function linkMissingBuildings(ctx: PluginContext, limit = LINKS_PER_RUN): Promise<number> {
  const table = ctx.store.readModel.table('building');
  const r = await ctx.store.sql.query<{ id: string }>(
    `select id::text as id from ${table}
      where deleted_at is null and coalesce(data->'chessboardLink'->>'primaryLinkUrl', '') = ''
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
