import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccessError, createPluginStorage } from '../../../../plugins/core/access/index';
import { openStore, type Store } from '../../../../plugins/core/store/store';

describe('plugin storage', () => {
  let store: Store;
  before(async () => {
    store = await openStore();
    await store.readModel.register(['unit']);
    await store.sql.exec('create table other_plugin_sessions (id text); create table stray_table (id text)');
  });
  after(async () => {
    await store.close();
  });

  it('runs statements over the plugin’s own tables (dashes as underscores)', async () => {
    const storage = createPluginStorage({
      sql: store.sql,
      plugin: 'agency-portal',
      plugins: ['agency-portal', 'other-plugin'],
    });
    await storage.exec('create table if not exists agency_portal_log (id serial primary key, line text)');
    await storage.query('insert into agency_portal_log (line) values ($1)', ['вход']);
    assert.deepEqual(await storage.query('select line from agency_portal_log'), [{ line: 'вход' }]);
  });

  it('refuses the read model, the core, another plugin’s tables and any other store table', async () => {
    const storage = createPluginStorage({
      sql: store.sql,
      plugin: 'agency-portal',
      plugins: ['agency-portal', 'other-plugin'],
    });
    const cases: [string, RegExp][] = [
      ['select * from rm_unit', /"rm_unit", a table of the read model or the core/],
      ['select * from public."realty_queue"', /realty_queue/],
      ['select * from rv_unit', /rv_unit/],
      ['delete from other_plugin_sessions', /another plugin's table/],
      ['select * from stray_table', /"stray_table", a table that is not yours/],
    ];
    for (const [text, message] of cases)
      await assert.rejects(
        storage.query(text),
        (e: unknown) => e instanceof AccessError && e.code === 'access_bad_query' && message.test(e.message),
      );
    await assert.rejects(storage.exec('drop table rm_unit'), /rm_unit/);
    // A table name inside a string is only text.
    assert.deepEqual(await storage.query("select 'rm_unit' as name"), [{ name: 'rm_unit' }]);
  });
});
