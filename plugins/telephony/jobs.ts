/**
 * The sync job (every minute): writes the call cards nobody's open /calls page wrote — calls that
 * came while no operator was online, an end or a recording that came after the pop — and the
 * callback tasks of missed calls. Idempotent: deterministic ids, and each call's version is
 * claimed once.
 */
import { dataAccessOf } from '../core/access/index';
import { every, type PluginContext } from '../core/plugin/index';
import { readModelView } from '../core/read-model/index';
import { findPeopleByPhone } from './card';
import { pendingCalls } from './inbox';
import { telephonySettingsOf } from './settings';
import { type SyncLookups, syncClaimed } from './sync';

/** The lookups of a system context: the read model's views (the person's phone is indexed). */
export const systemLookups = (ctx: PluginContext): SyncLookups => ({
  people: (phone) =>
    findPeopleByPhone(
      async (sql, params) => (await ctx.store.sql.query(sql, params ? [...params] : [])).rows,
      readModelView('person'),
      phone,
    ),
  memberExists: async (memberId) =>
    (
      await ctx.store.sql.query(`select 1 from ${readModelView('workspaceMember')} where id = $1::uuid`, [
        memberId,
      ])
    ).rows.length > 0,
});

export async function syncPendingCalls(ctx: PluginContext): Promise<{ synced: number; failed: number }> {
  const access = dataAccessOf(ctx, 'telephony');
  const settings = telephonySettingsOf(ctx);
  const lookups = systemLookups(ctx);
  let synced = 0;
  let failed = 0;
  for (const row of await pendingCalls(access.storage)) {
    try {
      if (await syncClaimed(access, row, lookups, settings)) synced += 1;
    } catch (error) {
      failed += 1;
      ctx.log.warn(
        { err: error, call: row.id },
        'telephony: a call card could not be written; the next run retries',
      );
    }
  }
  return { synced, failed };
}

export const syncCallsJob = every('* * * * *', 'sync-calls', async (_event, ctx) => {
  await syncPendingCalls(ctx);
});
