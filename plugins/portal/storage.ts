/**
 * The portal's own tables: the feeds' version (bumped by the handler on every change of a unit,
 * building or complex, so a feed's ETag changes within the second the event arrives) and the rate
 * limiter's counters (core's attempt windows, in the portal's table).
 */
import type { PluginStorage } from '../core/access/index';
import { attemptWindowsTableSql } from '../core/auth/index';
import type { PluginContext } from '../core/plugin/index';

export const PORTAL_RATE_WINDOWS_TABLE = 'portal_rate_windows';

export const portalTablesMigration = {
  id: 'portal-tables-1',
  description: 'the feeds’ version and the site API’s per-address request counters',
  async run(ctx: PluginContext) {
    await ctx.store.sql.exec(`
      create table if not exists portal_feed_state (
        id integer primary key,
        version bigint not null,
        changed_at timestamptz not null
      );
      insert into portal_feed_state (id, version, changed_at) values (1, 1, now()) on conflict (id) do nothing;
      ${attemptWindowsTableSql(PORTAL_RATE_WINDOWS_TABLE)}`);
  },
};

export interface FeedVersion {
  version: number;
  changedAt: number;
}

export async function readFeedVersion(storage: Pick<PluginStorage, 'query'>): Promise<FeedVersion> {
  const [row] = await storage.query<{ version: string | number; changed_at: string | Date }>(
    'select version, changed_at from portal_feed_state where id = 1',
  );
  return row
    ? { version: Number(row.version), changedAt: new Date(row.changed_at).getTime() }
    : { version: 0, changedAt: 0 };
}

export async function bumpFeedVersion(ctx: PluginContext, reason: string): Promise<void> {
  await ctx.store.sql.query(
    `insert into portal_feed_state (id, version, changed_at) values (1, 1, $1::timestamptz)
     on conflict (id) do update set version = portal_feed_state.version + 1, changed_at = excluded.changed_at`,
    [ctx.clock.now()],
  );
  ctx.log.debug({ reason }, 'portal: feeds changed');
}
