/**
 * One principal's scope over the objects a route declared: the row rule and
 * field rule of each object (from its owner's policy), the view columns with
 * the masked ones marked, and the two SQL forms the reader and writer use —
 * the scoped subquery over a view, and the rule checked against records that
 * are not (yet) in the read model.
 */
import type { Sql } from '../../../db/database';
import type { ObjectRef, TwentyRecord } from '../../../sdk/index';
import type { PluginRegistry } from '../plugin/plugin-registry';
import { readModelView, type ViewColumn, viewColumns } from '../read-model/views';
import type { PluginSettings } from '../settings/define-settings';
import { AccessError, type FieldRule, type ObjectPolicy, type Principal, type RowRule } from './access-types';
import { compileRowRule } from './row-rule';

/** What the access layer needs of the registry. */
export type AccessRegistry = Pick<PluginRegistry, 'schema' | 'readModel' | 'policyFor' | 'plugins'>;

export interface ScopedColumn extends ViewColumn {
  readonly visible: boolean;
}

const SYSTEM_KEYS = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt']);

export function objectName(object: string | ObjectRef<unknown>): string {
  return typeof object === 'string' ? object : object.nameSingular;
}

/** Whether a field rule lets the principal see a declared field (relations also by `<name>Id`). */
export function fieldVisible(rule: FieldRule, field: string): boolean {
  return rule === 'all' || rule.includes(field) || rule.includes(`${field}Id`);
}

export interface AccessScope {
  readonly principal: Principal;
  readonly sql: Sql;
  readonly registry: AccessRegistry;
  /** The objects the route declared. */
  readonly objects: readonly string[];
  /** The object's name when the route declared it; otherwise AccessError `access_not_declared`. */
  declared(object: string | ObjectRef<unknown>): string;
  policy(object: string): ObjectPolicy;
  rows(object: string): RowRule;
  fields(object: string): FieldRule;
  hasView(object: string): boolean;
  columns(object: string): ScopedColumn[];
  /** `(select <columns, masked as typed nulls> from rv_x where <rule>)`, binding the rule's values. */
  subquery(object: string, bind: (value: unknown) => string): string;
  /** The record without the fields the principal may not see. */
  mask<T extends TwentyRecord>(object: string, record: T): T;
  /** The declared field a record key writes (`buildingId` → `building`) when it is masked. */
  maskedField(object: string, key: string): string | undefined;
  /** The ids among `records` (as Twenty returns them) that the principal's row rule admits. */
  admitted(object: string, records: readonly TwentyRecord[]): Promise<Set<string>>;
}

export function createAccessScope(options: {
  sql: Sql;
  registry: AccessRegistry;
  principal: Principal;
  objects: readonly string[];
  /** The enabled plugins' settings, for rules that depend on one (absent: the rules' defaults). */
  settings?: PluginSettings;
}): AccessScope {
  const { sql, registry, principal } = options;
  const objects = new Set(options.objects);
  const replicated = new Set(registry.readModel.map((entry) => entry.object));
  const cache = new Map<string, { rows: RowRule; fields: FieldRule; columns: ScopedColumn[] }>();

  const rulesOf = (object: string) => {
    let rules = cache.get(object);
    if (!rules) {
      const policy = registry.policyFor(object);
      const rows = policy.read(principal, options.settings ? { settings: options.settings } : undefined);
      const fields = policy.fields?.(principal) ?? 'all';
      const columns = viewColumns(registry.schema, object).map((c) => ({
        ...c,
        visible: c.field === null || fieldVisible(fields, c.field),
      }));
      rules = { rows, fields, columns };
      cache.set(object, rules);
    }
    return rules;
  };

  const scope: AccessScope = {
    principal,
    sql,
    registry,
    objects: [...objects],
    declared(object) {
      const name = objectName(object);
      if (!objects.has(name))
        throw new AccessError(
          'access_not_declared',
          `this route did not declare the object "${name}"; add it to defineRoute({ objects }) (declared: ${[...objects].join(', ') || 'none'})`,
        );
      return name;
    },
    policy: (object) => registry.policyFor(object),
    rows: (object) => rulesOf(object).rows,
    fields: (object) => rulesOf(object).fields,
    hasView: (object) => replicated.has(object),
    columns: (object) => rulesOf(object).columns,

    subquery(object, bind) {
      if (!replicated.has(object))
        throw new AccessError(
          'access_bad_query',
          `"${object}" is not in the read model, so it cannot be queried; a plugin must list it in definePlugin({ readModel })`,
        );
      const { rows, columns } = rulesOf(object);
      const list = columns.map((c) => (c.visible ? c.name : `null::${c.sqlType} as ${c.name}`)).join(', ');
      const where = compileRowRule(rows, object, { schema: registry.schema, hasView: scope.hasView, bind });
      return `(select ${list} from ${readModelView(object)} where ${where})`;
    },

    mask<T extends TwentyRecord>(object: string, record: T): T {
      const { fields } = rulesOf(object);
      if (fields === 'all') return record;
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(record)) {
        const relationField = key.endsWith('Id') ? key.slice(0, -2) : undefined;
        if (
          SYSTEM_KEYS.has(key) ||
          fields.includes(key) ||
          (relationField !== undefined && fields.includes(relationField))
        )
          out[key] = value;
      }
      return out as T;
    },

    maskedField(object, key) {
      const { fields, columns } = rulesOf(object);
      if (fields === 'all' || SYSTEM_KEYS.has(key)) return undefined;
      const column = columns.find((c) => c.recordKey === key);
      const field = column?.field ?? key;
      return fieldVisible(fields, field) ? undefined : field;
    },

    async admitted(object, records) {
      const { rows } = rulesOf(object);
      if (rows === 'all') return new Set(records.map((r) => r.id));
      if (rows === 'none' || records.length === 0) return new Set();
      const params: unknown[] = [JSON.stringify(records)];
      const bind = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      const where = compileRowRule(rows, object, { schema: registry.schema, hasView: scope.hasView, bind });
      const list = viewColumns(registry.schema, object)
        .map((c) => `${c.expression} as ${c.name}`)
        .join(', ');
      const r = await sql.query<{ id: string }>(
        `select id::text as id from (select ${list} from (
           select e as data,
             (case when e->>'id' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then (e->>'id')::uuid end) as id,
             rv_try_timestamptz(e->>'updatedAt') as updated_at
           from jsonb_array_elements($1::jsonb) e) candidate_data) candidate where ${where}`,
        params,
      );
      return new Set(r.rows.map((row) => row.id));
    },
  };
  return scope;
}
