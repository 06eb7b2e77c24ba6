/**
 * Reactions to Twenty events: a new note is counted in the plugin's own table; a retitled note is
 * recorded with its old title (the read model keeps the previous title: `keepPrevious` in index.ts);
 * a chain note is passed on to the relay plugin (chain.ts).
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
  on(
    demoNote,
    'updated',
    async (event, ctx) => {
      const version = event.record.updatedAt;
      if (typeof version !== 'string') return;
      const previous = await ctx.store.readModel.previous(demoNote.nameSingular, event.record.id, version);
      const before = previous?.values.title;
      if (typeof before !== 'string' || before === event.record.title) return;
      await ctx.store.sql.query(
        'insert into notes_demo_events (record_id, event) values ($1, $2) on conflict do nothing',
        [event.record.id, `retitled from «${before}»`],
      );
    },
    { name: 'record-retitle' },
  ),
  chainEvenHandler,
];
