/**
 * The registry's scheduled work: import previews nobody opened for an hour
 * are deleted from the store (uploads prune too, but a quiet week would
 * otherwise keep the last files' plans).
 */
import { createPluginStorage } from '../core/access/index';
import { every } from '../core/plugin/index';
import { createPlanBodies, createPlanSessions } from './pages/plan-sessions';

export const importPlansPruneJob = every(
  '*/15 * * * *',
  'registry:import-plans-prune',
  async (_event, ctx) => {
    const plans = createPlanSessions({
      storage: createPluginStorage({ sql: ctx.store.sql, plugin: 'registry', plugins: ['registry'] }),
      now: () => ctx.clock.now(),
      bodies: createPlanBodies(0),
    });
    const removed = await plans.prune();
    if (removed > 0) ctx.log.info({ removed }, 'expired import previews deleted');
  },
);
