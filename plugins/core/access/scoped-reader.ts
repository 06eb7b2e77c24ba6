/**
 * The scoped reader: SQL over `{object}` placeholders, each replaced by the
 * object's view with the principal's row rule applied and masked columns as
 * typed nulls. Before anything runs, the text is checked: one statement, a
 * read (`select` / `with`), no storage or core table (`rm_`, `rv_`, `realty_`,
 * another plugin's `<plugin>_` tables, the catalogs), and only objects the
 * route declared.
 */
import type { ObjectRef, TwentyRecord } from '../../../sdk/index';
import { readModelTable, readModelView, snakeCase } from '../read-model/index';
import { type AccessScope, objectName } from './access-scope';
import { AccessError, type FieldRule, type RowRule, type ScopedReader } from './access-types';
import { compileRowRule } from './row-rule';
import {
  assertOneStatement,
  highestParameter,
  isStoreName,
  namesIn,
  placeholdersIn,
  pluginTablePrefix,
  replacePlaceholders,
  type SqlSegment,
  splitSql,
  startsWithAlias,
} from './sql-text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Words that make a statement more than a read. */
const WRITES = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'truncate',
  'copy',
  'create',
  'drop',
  'alter',
  'grant',
  'revoke',
  'into',
  'lock',
  'set_config',
  'nextval',
  'setval',
  'dblink',
  'lo_import',
  'lo_export',
  'query_to_xml',
  'query_to_xml_and_xmlschema',
  'cursor_to_xml',
]);

const bad = (message: string) => new AccessError('access_bad_query', message);

/** Refuses what a reader's statement may not do; the reasons name what to write instead. */
export function checkReaderSql(
  segments: readonly SqlSegment[],
  pluginNames: readonly string[],
  /** Column names of the declared objects' views: never mistaken for tables. */
  columns: ReadonlySet<string> = new Set(),
): void {
  assertOneStatement(segments);
  const names = namesIn(segments);
  const first = names[0];
  if (first !== 'select' && first !== 'with')
    throw bad(
      `a reader runs reads only: start the statement with select or with (it starts with "${first ?? ''}")`,
    );
  const prefixes = pluginNames.map(pluginTablePrefix);
  for (const name of names) {
    if (columns.has(name)) continue;
    if (isStoreName(name))
      throw bad(
        `the statement names the store's table "${name}"; name objects in braces instead, e.g. select id from {unit}`,
      );
    if ((name.startsWith('pg_') && name !== 'pg_typeof') || name === 'information_schema')
      throw bad(`the statement names the catalog "${name}"; a reader sees declared objects only`);
    const prefix = prefixes.find((p) => name.startsWith(p));
    if (prefix)
      throw bad(
        `the statement names "${name}", a plugin's own table; read it through ctx.storage, not the reader`,
      );
    if (WRITES.has(name))
      throw bad(`a reader runs reads only; "${name}" would change the store (write through ctx.writer)`);
  }
}

export function createScopedReader(scope: AccessScope): ScopedReader {
  const pluginNames = scope.registry.plugins.map((p) => p.name);
  let columns: Set<string> | undefined;
  const columnNames = () => {
    columns ??= new Set(
      scope.objects.filter(scope.hasView).flatMap((object) => scope.columns(object).map((c) => c.name)),
    );
    return columns;
  };
  return {
    principal: scope.principal,

    async query<R extends Record<string, unknown> = Record<string, unknown>>(
      sql: string,
      params: readonly unknown[] = [],
    ): Promise<R[]> {
      const segments = splitSql(sql);
      checkReaderSql(segments, pluginNames, columnNames());
      for (const object of placeholdersIn(segments)) {
        scope.declared(object);
        if (!scope.hasView(object))
          throw bad(
            `"${object}" is not in the read model; a plugin must list it in definePlugin({ readModel })`,
          );
      }
      const used = highestParameter(segments);
      if (used > params.length)
        throw bad(`the statement uses $${used} but ${params.length} parameter(s) were given`);
      // The rule's values follow the caller's parameters.
      const all = [...params];
      const bind = (value: unknown) => {
        all.push(value);
        return `$${all.length}`;
      };
      const text = replacePlaceholders(segments, (object, rest) => {
        const sub = scope.subquery(object, bind);
        return startsWithAlias(rest) ? sub : `${sub} as ${snakeCase(object)}`;
      });
      const r = await scope.sql.query<R>(text, all);
      return r.rows;
    },

    async get<T extends TwentyRecord = TwentyRecord>(
      object: string | ObjectRef<T>,
      id: string,
    ): Promise<T | undefined> {
      const name = scope.declared(object);
      if (!scope.hasView(name))
        throw bad(`"${name}" is not in the read model; read it through ctx.writer.records("${name}").get`);
      if (typeof id !== 'string' || !UUID.test(id)) return undefined;
      const params: unknown[] = [id];
      const bind = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      const rule = compileRowRule(scope.rows(name), name, {
        schema: scope.registry.schema,
        hasView: scope.hasView,
        bind,
      });
      const r = await scope.sql.query<{ data: T }>(
        `select data from ${readModelTable(name)} where id = $1::uuid and deleted_at is null
           and id in (select id from ${readModelView(name)} where id = $1::uuid and ${rule})`,
        params,
      );
      const row = r.rows[0];
      return row ? scope.mask(name, { ...row.data, id: row.data.id ?? id }) : undefined;
    },

    has(object) {
      return scope.hasView(objectName(object));
    },

    fields(object): FieldRule {
      return scope.fields(scope.declared(objectName(object)));
    },

    rows(object): RowRule {
      return scope.rows(scope.declared(objectName(object)));
    },
  };
}
