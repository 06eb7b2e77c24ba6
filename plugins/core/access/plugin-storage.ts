/**
 * A plugin's own tables in the store: `<plugin>_…` (dashes as underscores:
 * `agency-portal` → `agency_portal_sessions`). How a statement is checked,
 * before it runs: its text is split into code, strings, quoted names and
 * comments (sql-text.ts), and every name in code or in double quotes is
 * looked at. A name of the read model (`rm_…`, `rv_…`), of the core
 * (`realty_…`) or starting with another installed plugin's prefix is refused,
 * as is a name of an existing store table that is not the plugin's own (the
 * list of tables is read from the catalog and kept for a few seconds). This
 * recognises what a plugin would write by mistake; it is not a sandbox — SQL
 * built to hide a name (e.g. inside `format()`) is not parsed.
 */
import type { Sql } from '../../../db/database';
import { AccessError, type PluginStorage } from './access-types';
import { isStoreName, namesIn, pluginTablePrefix, splitSql } from './sql-text';

const TABLES_TTL_MS = 5_000;

/** The store's tables and views (public schema), read at most every few seconds. */
export function storeTables(sql: Sql): () => Promise<Set<string>> {
  let cached: { at: number; names: Set<string> } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < TABLES_TTL_MS) return cached.names;
    const r = await sql.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'v', 'm', 'p', 'f')`,
    );
    cached = { at: Date.now(), names: new Set(r.rows.map((row) => row.name.toLowerCase())) };
    return cached.names;
  };
}

export function createPluginStorage(options: {
  sql: Sql;
  plugin: string;
  /** Every installed plugin's name (their prefixes are refused). */
  plugins: readonly string[];
  tables?: () => Promise<Set<string>>;
}): PluginStorage {
  const own = pluginTablePrefix(options.plugin);
  const others = options.plugins.filter((p) => p !== options.plugin).map(pluginTablePrefix);
  const tables = options.tables ?? storeTables(options.sql);
  const refuse = (name: string, whose: string) =>
    new AccessError(
      'access_bad_query',
      `plugin "${options.plugin}" may use only its own tables (${own}…); the statement names "${name}", ${whose}`,
    );

  const check = async (text: string) => {
    const names = namesIn(splitSql(text));
    for (const name of names) {
      if (name.startsWith(own)) continue;
      if (isStoreName(name)) throw refuse(name, 'a table of the read model or the core');
      if (others.some((prefix) => name.startsWith(prefix))) throw refuse(name, "another plugin's table");
    }
    const existing = await tables();
    for (const name of names)
      if (!name.startsWith(own) && existing.has(name)) throw refuse(name, 'a table that is not yours');
  };

  return {
    async query<R extends Record<string, unknown> = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<R[]> {
      await check(sql);
      const r = await options.sql.query<R>(sql, [...params]);
      return r.rows;
    },
    async exec(sql: string): Promise<void> {
      await check(sql);
      await options.sql.exec(sql);
    },
  };
}
