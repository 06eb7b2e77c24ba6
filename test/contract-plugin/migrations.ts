/** The plugin's own table (prefix `notes_demo_`, the only store tables its routes' storage may touch). */
import type { PluginMigration } from '../../plugins/core/plugin/index';

export const notesDemoMigrations: PluginMigration[] = [
  {
    id: '001-notes-demo-tables',
    description: 'events counted by the handler, page views counted by the route',
    run: (ctx) =>
      ctx.store.sql.exec(`
        create table if not exists notes_demo_events (record_id text not null, event text not null, primary key (record_id, event));
        create table if not exists notes_demo_views (viewed_at timestamptz not null default now(), principal text not null);
      `),
  },
];
