/**
 * From an export's scan, a dialect's default mapping, the admin's mapping file
 * and the workspace's data model to a plan: the target of every table, a rule
 * for every column (or why it is left out), the fields and options to create,
 * and the load order — topological over the relations, with self- and cyclic
 * references deferred to a second pass.
 */
import type { Dialect } from './dialect';
import { type MappingFile, normaliseField, type ObjectMapping } from './mapping-file';
import type { FieldRule, ObjectRule, Plan, Special } from './plan-types';
import type { ColumnStats, ScanResult, TableScan } from './scan';
import type { FieldType } from './values';
import { isAvailableName, type TargetObject, type Workspace } from './workspace';

export interface DefaultObjectLike extends ObjectMapping {
  special?: Special;
  requires?: string;
  constants?: Record<string, unknown>;
}

/** A field described by an optional describe JSON (Salesforce `describeSObject` shape). */
export interface DescribedField {
  name: string;
  type: string;
  referenceTo?: string[];
}

export interface PlanInput {
  scan: ScanResult;
  dialect: Dialect;
  defaults: Readonly<Record<string, DefaultObjectLike>>;
  mapping?: MappingFile;
  workspace: Workspace;
  describe?: Map<string, Map<string, DescribedField>>;
  /** Workspace members by lower-case e-mail. */
  membersByEmail: Map<string, string>;
  /** Rows of the users table: id → e-mail (filled by the engine from the users table). */
  userEmails: Map<string, string>;
}

const COMPOSITE_ROOT: Record<string, FieldType> = {
  addressStreet1: 'ADDRESS',
  addressStreet2: 'ADDRESS',
  addressCity: 'ADDRESS',
  addressState: 'ADDRESS',
  addressPostcode: 'ADDRESS',
  addressCountry: 'ADDRESS',
  addressLat: 'ADDRESS',
  addressLng: 'ADDRESS',
  firstName: 'FULL_NAME',
  lastName: 'FULL_NAME',
};

export function camelName(column: string): string {
  const base = column.replace(/__c$/i, '').replace(/__/g, '_');
  const words = base
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const name = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  const safe = /^[a-z]/.test(name) ? name : `f${name}`;
  return safe.slice(0, 60) || 'field';
}

export function labelOf(column: string): string {
  return column
    .replace(/__c$/i, '')
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim();
}

const DESCRIBE_TYPES: Record<string, FieldType> = {
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'DATE_TIME',
  currency: 'CURRENCY',
  double: 'NUMBER',
  percent: 'NUMBER',
  int: 'NUMBER',
  long: 'NUMBER',
  picklist: 'SELECT',
  multipicklist: 'MULTI_SELECT',
  phone: 'PHONES',
  email: 'EMAILS',
  url: 'LINKS',
  textarea: 'TEXT',
  string: 'TEXT',
  reference: 'RELATION',
};

const PICKLIST_NAME =
  /(status|stage|type|category|priority|rating|source|industry|level|role|kind|segment|region)$/i;

/** A column's type from its values (or its describe entry). */
function inferType(
  column: string,
  stats: ColumnStats | undefined,
  described: DescribedField | undefined,
  hasCurrency: boolean,
): FieldType {
  if (described) {
    const t = DESCRIBE_TYPES[described.type.toLowerCase()];
    if (t) return t;
  }
  if (!stats || stats.nonEmpty === 0) return 'TEXT';
  const n = stats.nonEmpty;
  if (stats.ids === n) return 'RELATION';
  if (stats.booleans === n) return 'BOOLEAN';
  if (stats.dates === n) return 'DATE';
  if (stats.dates + stats.dateTimes === n) return 'DATE_TIME';
  if (stats.numbers === n) {
    if (hasCurrency && /(amount|price|revenue|cost|budget|sum|fee|value)/i.test(column)) return 'CURRENCY';
    return 'NUMBER';
  }
  if (stats.emails === n) return 'EMAILS';
  if (/(phone|fax|mobile)/i.test(column)) return 'PHONES';
  if (
    stats.distinct &&
    PICKLIST_NAME.test(column.replace(/__c$/i, '')) &&
    stats.distinct.size <= 50 &&
    stats.maxLength <= 80 &&
    !stats.multiline
  )
    return stats.semicolons > 0 ? 'MULTI_SELECT' : 'SELECT';
  return 'TEXT';
}

function objectNameFor(table: string, workspace: Workspace, marker: string): string {
  let name = camelName(table);
  const taken = (n: string) => {
    const o = workspace.object(n);
    return (o !== undefined && !o.description.includes(marker)) || !isAvailableName(n);
  };
  if (taken(name)) name = `sf${name[0].toUpperCase()}${name.slice(1)}`;
  for (let i = 2; taken(name); i++) name = `${camelName(table)}${i}`;
  return name;
}

export function markerOf(dialect: Dialect, table: string): string {
  return `Migrated from ${dialect.system}:${table}`;
}

/** Which table a lookup column points at: the one holding most of its ids. */
function referencedTable(scan: ScanResult, table: TableScan, column: string): string | undefined {
  const stats = table.stats.get(column);
  if (!stats || stats.idTypes.size === 0) return undefined;
  if (stats.idTypes.has('?') && stats.distinct) {
    // Ids that do not say their type (GUIDs): look the values up.
    const found = new Set<string>();
    for (const value of stats.distinct) {
      const t = scan.tableOf.get(value.trim().replace(/[{}]/g, '').toLowerCase()) ?? scan.tableOf.get(value);
      if (t) found.add(t);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }
  const byType = new Map<string, string>();
  for (const t of scan.tables.values()) if (t.idType) byType.set(t.idType, t.name);
  const counts = new Map<string, number>();
  for (const [type, n] of stats.idTypes) {
    const name = byType.get(type);
    if (name) counts.set(name, (counts.get(name) ?? 0) + n);
  }
  if (counts.size !== 1) return undefined;
  return [...counts.keys()][0];
}

export function buildPlan(input: PlanInput): Plan {
  const { scan, dialect, defaults, mapping, workspace } = input;
  const rules = new Map<string, ObjectRule>();
  const problems: string[] = [];
  const schemaChanges: string[] = [];

  // 1. Targets.
  for (const table of scan.tables.values()) {
    const base = defaults[table.name];
    const override = mapping?.objects[table.name];
    const rule: ObjectRule = {
      table: table.name,
      target: '',
      roles: {},
      fields: [],
      unmapped: [],
      constants: {},
    };
    rules.set(table.name, rule);
    const skip = override?.skip ?? base?.skip;
    if (skip) {
      rule.skip = typeof skip === 'string' ? skip : 'skipped by the mapping';
      continue;
    }
    if (!table.idColumn) {
      rule.skip = `no id column (${table.columns.slice(0, 5).join(', ')}…)`;
      continue;
    }
    if (base?.special === 'users' && !override?.target) {
      rule.special = 'users';
      rule.target = 'workspaceMember';
      continue;
    }
    const wanted = override?.target ?? base?.target;
    const usable = wanted && (!base?.requires || override?.target || workspace.object(base.requires));
    if (wanted && usable) {
      rule.target = wanted;
      if (!override?.target || override.target === base?.target) {
        rule.special = base?.special;
        rule.constants = { ...(base?.constants ?? {}) };
      }
      if (!workspace.object(wanted)) {
        rule.createObject = {
          label: override?.label ?? labelOf(table.name),
          description: markerOf(dialect, table.name),
        };
      }
    } else {
      rule.target = objectNameFor(table.name, workspace, markerOf(dialect, table.name));
      rule.standIn = Boolean(base?.requires);
      rule.createObject = {
        label: override?.label ?? labelOf(table.name),
        description: markerOf(dialect, table.name),
      };
    }
  }

  // 2. Fields.
  for (const rule of rules.values()) {
    if (rule.skip || rule.special === 'users') continue;
    const table = scan.tables.get(rule.table) as TableScan;
    const base = defaults[rule.table];
    const override = mapping?.objects[rule.table];
    const sameTarget = !override?.target || override.target === base?.target;
    const declared: Record<string, ReturnType<typeof normaliseField>> = {};
    if (base?.fields && sameTarget && !rule.standIn)
      for (const [c, f] of Object.entries(base.fields)) declared[c] = normaliseField(f);
    if (override?.fields)
      for (const [c, f] of Object.entries(override.fields)) declared[c] = normaliseField(f);
    const target = workspace.object(rule.target);
    const generic = rule.createObject !== undefined || rule.standIn === true;
    const otherColumns = override?.otherColumns ?? (generic ? 'create' : 'create-custom');
    const hasCurrency = table.columns.includes('CurrencyIsoCode');
    const usedNames = new Set<string>();
    const described = input.describe?.get(rule.table);

    for (const column of table.columns) {
      if (column === table.idColumn) continue;
      const stats = table.stats.get(column);
      let spec = declared[column];
      if (spec === null) {
        rule.unmapped.push({ column, reason: 'dropped by the mapping' });
        continue;
      }
      if (spec === undefined) {
        if (column in declared) continue;
        if (dialect.systemColumns.has(column)) {
          rule.unmapped.push({ column, reason: 'system field' });
          continue;
        }
        const custom = /__c$/i.test(column);
        if (otherColumns === 'skip' || (otherColumns === 'create-custom' && !custom)) {
          rule.unmapped.push({ column, reason: `no field of ${rule.target} for it (map it in --mapping)` });
          continue;
        }
        if (!stats || stats.nonEmpty === 0) {
          rule.unmapped.push({ column, reason: 'empty in the export' });
          continue;
        }
        const marker = `${dialect.system} ${rule.table}.${column}`;
        const ours = target && [...target.fields.values()].find((f) => f.description === marker);
        let name = ours
          ? ours.type === 'RELATION'
            ? ours.name.replace(/Id$/, '')
            : ours.name
          : camelName(column.replace(/_?id$/i, (m) => (stats.ids === stats.nonEmpty ? '' : m)));
        if (!ours) {
          if (!isAvailableName(name)) name = `${name}Field`;
          const clash = (n: string) =>
            usedNames.has(n) || Boolean(target?.fields.has(n) || target?.fields.has(`${n}Id`));
          if (column === 'Name' && generic) name = 'name';
          else if (clash(name)) {
            const base = `${name}Sf`;
            name = base;
            for (let i = 2; clash(name); i++) name = `${base}${i}`;
          }
        }
        usedNames.add(name);
        spec = { to: name, label: labelOf(column) };
      }
      if (spec.to.startsWith('@')) {
        rule.roles[spec.to] = [...(rule.roles[spec.to] ?? []), column];
        continue;
      }
      const [fieldName, sub] = spec.to.split('.', 2);
      const existing = target?.fields.get(fieldName) ?? target?.fields.get(`${fieldName}Id`);
      let type = (existing?.type ?? spec.type) as FieldType | undefined;
      if (!type && sub && COMPOSITE_ROOT[sub]) type = COMPOSITE_ROOT[sub];
      if (!type && sub === 'additional') type = /mail/i.test(column) ? 'EMAILS' : 'PHONES';
      type ??= inferType(column, stats, described?.get(column), hasCurrency);
      const field: FieldRule = {
        column,
        field: existing?.name.replace(/Id$/, '') === fieldName ? fieldName : fieldName,
        type,
      };
      if (sub) field.sub = sub;
      if (spec.values) field.values = spec.values;
      if (type === 'RELATION') {
        let relationTarget = existing?.relationTarget ?? spec.object;
        if (!relationTarget) {
          const refTable = referencedTable(scan, table, column);
          const refRule = refTable ? rules.get(refTable) : undefined;
          const describedRef = described?.get(column)?.referenceTo?.[0];
          const viaDescribe = describedRef ? rules.get(describedRef) : undefined;
          relationTarget = (refRule ?? viaDescribe)?.target || undefined;
          if (!relationTarget || (refRule ?? viaDescribe)?.skip) {
            const reason = refTable
              ? `${column} points at ${refTable}, which is skipped`
              : `${column} points at records not in the export`;
            if (existing) {
              rule.unmapped.push({ column, reason });
              continue;
            }
            // Keep the source id as text, so nothing is lost.
            field.type = 'TEXT';
            problems.push(`${rule.table}.${column}: ${reason}; kept as text in ${rule.target}.${fieldName}`);
          }
        }
        if (field.type === 'RELATION') field.relationTarget = relationTarget;
      }
      if (existing && existing.type === 'RELATION' && existing.relationType !== 'MANY_TO_ONE') {
        rule.unmapped.push({ column, reason: `${rule.target}.${fieldName} is a one-to-many relation` });
        continue;
      }
      if (!existing) {
        field.create = {
          name: fieldName,
          label: spec.label ?? labelOf(column),
          type: field.type,
          relationTarget: field.relationTarget,
          description: `${dialect.system} ${rule.table}.${column}`,
        };
      }
      rule.fields.push(field);
    }
  }

  // 3. Load order: parents first; an edge that would close a cycle is deferred.
  const targetsOf = new Map<string, string[]>();
  for (const rule of rules.values())
    if (!rule.skip && rule.target)
      targetsOf.set(rule.target, [...(targetsOf.get(rule.target) ?? []), rule.table]);
  const deps = new Map<string, Set<string>>();
  for (const rule of rules.values()) {
    if (rule.skip) continue;
    const set = new Set<string>();
    for (const f of rule.fields)
      if (f.type === 'RELATION' && f.relationTarget)
        for (const t of targetsOf.get(f.relationTarget) ?? []) set.add(t);
    for (const [role, cols] of Object.entries(rule.roles)) {
      if (cols.length === 0) continue;
      for (const c of cols) {
        const stats = scan.tables.get(rule.table)?.stats.get(c);
        const byType = new Map<string, string>();
        for (const t of scan.tables.values()) if (t.idType) byType.set(t.idType, t.name);
        for (const type of stats?.idTypes.keys() ?? []) {
          const ref = byType.get(type);
          if (ref) set.add(ref);
        }
      }
      void role;
    }
    for (const other of rules.values()) if (other.special === 'users') set.add(other.table);
    set.delete(rule.table);
    deps.set(rule.table, set);
  }
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const cyclic = new Set<string>(); // "from>to" edges deferred
  const visit = (t: string) => {
    state.set(t, 'visiting');
    for (const d of [...(deps.get(t) ?? [])].sort()) {
      const s = state.get(d);
      if (s === 'visiting') cyclic.add(`${t}>${d}`);
      else if (s === undefined && deps.has(d)) visit(d);
    }
    state.set(t, 'done');
    order.push(t);
  };
  const all = [...deps.keys()].sort();
  for (const t of all) if (!state.has(t)) visit(t);
  for (const rule of rules.values()) {
    if (rule.skip) continue;
    for (const f of rule.fields) {
      if (f.type !== 'RELATION' || !f.relationTarget) continue;
      const refs = targetsOf.get(f.relationTarget) ?? [];
      if (
        refs.includes(rule.table) ||
        refs.some((r) => cyclic.has(`${rule.table}>${r}`) || order.indexOf(r) > order.indexOf(rule.table))
      )
        f.deferred = true;
    }
  }
  for (const rule of rules.values()) {
    for (const f of rule.fields)
      if (f.create)
        schemaChanges.push(
          `field ${rule.target}.${f.create.name} (${f.create.type}${f.relationTarget ? ` → ${f.relationTarget}` : ''})`,
        );
    if (rule.createObject && !workspace.object(rule.target))
      schemaChanges.push(`object ${rule.target} (${rule.table})`);
  }
  return { rules, order, members: new Map(), schemaChanges: [...new Set(schemaChanges)], problems };
}

export type { TargetObject };
