/**
 * Every building record in Twenty links to its chessboard (building.chessboardLink).
 * A handler fills the link when a building is created or updated without one —
 * in Twenty's UI or by the project's own writes (imports, the demo seed), whose
 * echoes reach it too; jobs.ts also fills whatever the read model shows still
 * missing (a lost webhook).
 */
import { on, type PluginContext } from '../core/plugin/index';
import { chessboardUrl } from './board';

export const CHESSBOARD_LINK_LABEL = 'Шахматка';

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
