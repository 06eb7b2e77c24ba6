/**
 * What a plan needs of the workspace before a row is written: custom objects,
 * fields (the unique source-id field on every target), SELECT options for
 * every value the export holds — and whether a target already has records of
 * a table (a fresh table is created without reading anything back).
 */
import { isNotNull, startsWith, type TwentyClient } from '../../sdk/index';
import type { Dialect } from './dialect';
import type { ObjectRule, Plan } from './plan-types';
import type { ScanResult } from './scan';
import type { Workspace } from './workspace';

/** Has the target any record from this table yet? (No: create without reading back.) */
export async function targetHasRecords(
  client: TwentyClient,
  rule: ObjectRule,
  scan: ScanResult,
  dialect: Dialect,
  workspace: Workspace,
): Promise<boolean> {
  if (rule.skip || rule.special === 'users') return false;
  const object = workspace.object(rule.target);
  if (!object?.fields.has(dialect.sourceIdField)) return true;
  const type = scan.tables.get(rule.table)?.idType;
  const filter = type ? startsWith(dialect.sourceIdField, type) : isNotNull(dialect.sourceIdField);
  return (await client.records(rule.target).list({ filter, limit: 1 })).records.length > 0;
}

export async function ensureSchema(
  plan: Plan,
  scan: ScanResult,
  workspace: Workspace,
  dialect: Dialect,
): Promise<void> {
  for (const table of plan.order) {
    const rule = plan.rules.get(table) as ObjectRule;
    if (rule.skip || rule.special === 'users') continue;
    if (rule.createObject)
      await workspace.ensureObject(rule.target, rule.createObject.label, rule.createObject.description);
  }
  for (const table of plan.order) {
    const rule = plan.rules.get(table) as ObjectRule;
    if (rule.skip || rule.special === 'users') continue;
    if (
      rule.special !== 'activityRelation' &&
      !workspace.object(rule.target)?.fields.has(dialect.sourceIdField)
    )
      plan.schemaChanges.push(`field ${rule.target}.${dialect.sourceIdField} (TEXT, unique)`);
    if (rule.special !== 'activityRelation')
      await workspace.ensureField(rule.target, {
        name: dialect.sourceIdField,
        label: dialect.sourceIdLabel,
        type: 'TEXT',
        isUnique: true,
        description: `The record's id in ${dialect.system} (set by realty migrate)`,
      });
    for (const field of rule.fields) {
      if (field.create) {
        if (field.type === 'RELATION' && field.relationTarget && !workspace.object(field.relationTarget)) {
          plan.problems.push(
            `${rule.target}.${field.field}: no object ${field.relationTarget}; ${field.column} not migrated`,
          );
          rule.fields = rule.fields.filter((f) => f !== field);
          continue;
        }
        const options =
          field.type === 'SELECT' || field.type === 'MULTI_SELECT'
            ? initialOptions(scan, rule, field.column, field.type === 'MULTI_SELECT', field.values)
            : undefined;
        try {
          await workspace.ensureField(rule.target, {
            ...field.create,
            type: field.type,
            ...(options ? { options } : {}),
          });
        } catch (error) {
          plan.problems.push(
            `${rule.target}.${field.field} could not be created (${(error as Error).message}); ${field.column} not migrated`,
          );
          rule.fields = rule.fields.filter((f) => f !== field);
          continue;
        }
      }
      if (field.type === 'SELECT' || field.type === 'MULTI_SELECT' || field.type === 'RATING') {
        const labels = optionLabels(scan, rule, field.column, field.type === 'MULTI_SELECT', field.values);
        field.options = await workspace.ensureOptions(rule.target, field.field, labels);
      }
    }
  }
}

function optionLabels(
  scan: ScanResult,
  rule: ObjectRule,
  column: string,
  multi: boolean,
  values?: Record<string, string>,
): string[] {
  const distinct = scan.tables.get(rule.table)?.stats.get(column)?.distinct ?? new Set<string>();
  const out = new Set<string>();
  for (const raw of distinct) {
    const id = scan.tableOf.has(raw) ? raw : undefined;
    const v = id ? (scan.facts.get(id)?.MasterLabel ?? scan.facts.get(id)?.DeveloperName ?? raw) : raw;
    const mapped = values?.[v] ?? v;
    if (multi)
      for (const p of mapped
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean))
        out.add(p);
    else if (mapped.trim()) out.add(mapped.trim());
  }
  return [...out];
}

function initialOptions(
  scan: ScanResult,
  rule: ObjectRule,
  column: string,
  multi: boolean,
  values?: Record<string, string>,
) {
  const labels = optionLabels(scan, rule, column, multi, values);
  return labels.length > 0
    ? labels.map((label) => ({ value: '', label }))
    : [{ value: 'OTHER', label: 'Other' }];
}
