/**
 * Reactions to Twenty events: a new note is counted in the plugin's own table; a chain note is
 * passed on to the relay plugin (chain.ts).
 */
import { on } from '../../plugins/core/plugin/index';
import { chainEvenHandler } from './chain';
import { demoNote } from './schema';

export const notesDemoHandlers = [
  on(
    demoNote,
    'created',
    async (event, ctx) => {
      await ctx.store.sql.query(
        'insert into notes_demo_events (record_id, event) values ($1, $2) on conflict do nothing',
        [event.record.id, event.eventName],
      );
    },
    { name: 'count-created-note' },
  ),
  chainEvenHandler,
];
