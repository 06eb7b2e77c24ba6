/**
 * The building a person last opened on the chessboard, kept in the plugin's
 * own table (so it follows them to another browser and another app instance):
 * /chessboard without `?building=` opens on it — or, when it is gone or no
 * longer visible to them, on the first building they may see.
 */
import type { PluginStorage, Principal } from '../core/access/index';
import type { PluginContext } from '../core/plugin/index';
import type { BuildingChoice } from './building-list';

export const LAST_VIEWED_TABLE = 'chessboard_last_viewed';

export const lastViewedMigration = {
  id: 'chessboard-last-viewed-1',
  description: 'the building each person last opened on the chessboard',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(`create table if not exists ${LAST_VIEWED_TABLE} (
      viewer text primary key,
      building_id uuid not null,
      viewed_at timestamptz not null default now()
    )`);
  },
};

/** Who is looking, as a key that outlives sessions; undefined for nobody signed in. */
export function viewerKey(principal: Principal): string | undefined {
  switch (principal.kind) {
    case 'staff':
      return `staff:${principal.memberId}`;
    case 'partner':
      return `partner:${principal.userId}`;
    case 'anonymous':
    case 'system':
      return undefined;
    default: {
      const never: never = principal;
      return never;
    }
  }
}

export async function rememberBuilding(
  storage: Pick<PluginStorage, 'query'>,
  principal: Principal,
  buildingId: string,
): Promise<void> {
  const viewer = viewerKey(principal);
  if (!viewer) return;
  await storage.query(
    `insert into ${LAST_VIEWED_TABLE} (viewer, building_id, viewed_at) values ($1, $2::uuid, now())
       on conflict (viewer) do update set building_id = excluded.building_id, viewed_at = excluded.viewed_at`,
    [viewer, buildingId.toLowerCase()],
  );
}

export async function lastViewedBuilding(
  storage: Pick<PluginStorage, 'query'>,
  principal: Principal,
): Promise<string | undefined> {
  const viewer = viewerKey(principal);
  if (!viewer) return undefined;
  const rows = await storage.query<{ building_id: string }>(
    `select building_id::text as building_id from ${LAST_VIEWED_TABLE} where viewer = $1`,
    [viewer],
  );
  return rows[0]?.building_id;
}

/** The building to open: the last one viewed when it is still among `buildings`, else the first. */
export function openingBuilding(
  buildings: readonly Pick<BuildingChoice, 'id'>[],
  lastViewed: string | undefined,
): string | undefined {
  const last = lastViewed?.toLowerCase();
  return buildings.find((b) => b.id.toLowerCase() === last)?.id ?? buildings[0]?.id;
}
